"""A person's permission groups follow their roles, whichever way a role changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import RoleAssignment
from .services import role_groups_sync


@receiver(post_save, sender=RoleAssignment, dispatch_uid="role-groups-save")
@receiver(post_delete, sender=RoleAssignment, dispatch_uid="role-groups-delete")
def _role_changed(sender, instance, **kwargs):
    role_groups_sync(instance.user, instance.organisation)
