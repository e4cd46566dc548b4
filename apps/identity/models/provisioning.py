"""Models of provisioning: imports of people and units, SCIM."""

__all__: list[str] = []
