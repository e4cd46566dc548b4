"""Models of single sign-on: identity providers per organisation."""

__all__: list[str] = []
