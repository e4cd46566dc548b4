"""Clients of this provider whose ID tokens are spoiled after the provider issued them,
so the tests can see Kompas refuse each kind of bad token from a real provider.

The client ID says how: "…-tampered" changes the e-mail without signing again (a token
changed in transit); "…-wrong-audience", "…-expired" and "…-wrong-issuer" are signed
again with the provider's own key, so only the claim in question is wrong.
"""

import json
import time

from django.conf import settings
from jwcrypto import jwk, jwt


class MisbehavingTokens:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        client_id = request.POST.get("client_id", "") if request.method == "POST" else ""
        response = self.get_response(request)
        mode = client_id.partition("kompas-")[2]
        if not request.path.endswith("/token/") or response.status_code != 200 or not mode:
            return response
        body = json.loads(response.content)
        body["id_token"] = spoil(body["id_token"], mode)
        response.content = json.dumps(body).encode()
        return response


def spoil(token: str, mode: str) -> str:
    signature = token.split(".")[2]
    key = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
    original = jwt.JWT(jwt=token, key=key)
    claims = json.loads(original.claims)
    header = json.loads(original.header)
    if mode == "tampered":
        claims["email"] = "someone.else@" + claims["email"].partition("@")[2]
        forged = jwt.JWT(header=header, claims=claims)
        forged.make_signed_token(key)
        return ".".join([*forged.serialize().split(".")[:2], signature])
    if mode == "wrong-audience":
        claims["aud"] = "another-application"
    elif mode == "expired":
        claims["iat"] = int(time.time()) - 3600
        claims["exp"] = int(time.time()) - 1800
    elif mode == "wrong-issuer":
        claims["iss"] = "http://issuer.invalid/o"
    else:
        return token
    resigned = jwt.JWT(header=header, claims=claims)
    resigned.make_signed_token(key)
    return resigned.serialize()
