"""python manage.py create_organisation NAME --slug SLUG --country DK --language da
--council-name Byrådet

Sets a new municipality up without the Django admin; its units and people, its
communications department among them, then come in with import_organisation.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.identity.services import organisation_create
from apps.organisations.models import Country, Language


class Command(BaseCommand):
    help = "Create a new organisation (municipality)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--slug", required=True)
        parser.add_argument("--country", required=True, choices=Country.values)
        parser.add_argument("--language", required=True, choices=Language.values)
        parser.add_argument("--council-name", required=True)
        parser.add_argument("--executive-board-name", default="")

    def handle(self, *args, **options):
        try:
            organisation = organisation_create(
                name=options["name"], slug=options["slug"], country=options["country"],
                language=options["language"], council_name=options["council_name"],
                executive_board_name=options["executive_board_name"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Created {organisation.name} ({organisation.slug}).")
