from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .oidc import OIDCCallbackView
from .saml import SAMLAssertionConsumerView, SAMLMetadataView

app_name = "sso"

urlpatterns = [
    path("start/", views.sso_start, name="start"),
    path("oidc/callback/", login_not_required(OIDCCallbackView.as_view()), name="oidc_callback"),
    path("<slug:organisation>/login/", views.sso_login, name="login"),
    path("<slug:organisation>/saml/metadata/", SAMLMetadataView.as_view(), name="saml_metadata"),
    path("<slug:organisation>/saml/acs/", SAMLAssertionConsumerView.as_view(), name="saml_acs"),
]
