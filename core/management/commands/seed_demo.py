"""Load the demo data: safe to run twice (every row is created or updated by a natural key).

Each app that has demo data has a ``demo.py`` with ``seed(ctx)``; they run in the order of
INSTALLED_APPS and share ``ctx`` (organisations, users, the plan) so later apps build on earlier.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create or update the demo data: the fifth Dutch action plan, organisations and demo accounts."

    def handle(self, *args, **options):
        if not getattr(settings, "SEED_DEMO_ALLOWED", True):
            raise CommandError("seed_demo creates accounts with published passwords; it is off in production.")
        ctx: dict = {}
        with transaction.atomic():
            for entry in settings.LOCAL_APPS:
                module = entry.split(".apps.")[0] + ".demo"
                if find_spec(module):
                    import_module(module).seed(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo accounts (email / password):"))
        for email, password in ctx.get("credentials", []):
            self.stdout.write(f"  {email:32} {password}")
        self.stdout.write("Or log in without a password: ask for a login code; it is printed on this console.")
