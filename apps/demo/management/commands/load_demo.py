from django.conf import settings
from django.core.management.base import BaseCommand

from apps.demo.notifications import demo_notifications_load
from apps.demo.services import seed_load_all


class Command(BaseCommand):
    help = "Load the five demo municipalities with their strategies and one user per role level."

    def handle(self, *args, **options):
        logins = seed_load_all()
        demo_notifications_load()
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(logins)} demo users."))
        self.stdout.write(f"Every demo user has the password: {settings.DEMO_PASSWORD}")
        current = None
        for login in logins:
            if login.organisation != current:
                current = login.organisation
                self.stdout.write(f"\n{current}")
            self.stdout.write(f"  {login.username:<32} {login.role_level:<16} {login.full_name}")
