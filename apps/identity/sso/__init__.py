"""Single sign-on: OpenID Connect and SAML 2.0 per organisation, and local passwords."""
