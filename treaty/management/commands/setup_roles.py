"""manage.py setup_roles: (re)sets the editorial groups and their permissions."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from treaty.roles import ADMINISTRATOR, ROLE_PERMISSIONS, sync_roles


class Command(BaseCommand):
    help = "Creates or resets the editorial groups (Administrator, Editor, Focal point, Reviewer)."

    def handle(self, *args: object, **options: object) -> str:
        sync_roles(Group, Permission)
        return f"Roles set: {', '.join([ADMINISTRATOR, *ROLE_PERMISSIONS])}."
