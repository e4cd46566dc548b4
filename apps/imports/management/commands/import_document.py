"""Create a draft from a document without review: every proposed type is accepted."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.organisations.models import Organisation, RoleAssignment, RoleLevel

from ... import services
from ...reading.safety import MAX_BYTES
from ...recognise import LABEL_NAMES


class Command(BaseCommand):
    help = "Import a policy document (.docx, .odt, .pdf, .txt, .md, .html) as a new draft."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--title", default="", help="The strategy's title.")
        parser.add_argument("--kind", default="policy", choices=["policy", "strategy",
                                                                 "action_plan"])

    def handle(self, *args, **options):
        path = Path(options["file"])
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(_("No organisation has the short name “%(slug)s”.")
                               % {"slug": options["organisation"]})
        actor = self._actor(organisation)
        if not path.is_file():
            raise CommandError(_("There is no file at %(path)s.") % {"path": path})
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(_("The file is larger than 20 MB. Save it without embedded "
                                 "pictures, or as a PDF, and try again."))
        try:
            with services.files_removed_on_failure() as written, transaction.atomic():
                document_import = services.import_prepare(
                    organisation=organisation, actor=actor, name=path.name,
                    data=path.read_bytes(),
                )
                written.append(document_import.file)
                version = services.import_create_draft(
                    document_import=document_import, actor=actor, title=options["title"],
                    kind=options["kind"],
                )
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise CommandError(" ".join(messages)) from error
        self.stdout.write(_("Created draft %(number)s of “%(title)s” (version id %(pk)s).")
                          % {"number": version.number, "title": version.strategy.title,
                             "pk": version.pk})
        self.stdout.write(_("Blocks read and the type each became:"))
        for label, count in document_import.summary.items():
            self.stdout.write(f"  {LABEL_NAMES.get(label, label)}: {count}")

    def _actor(self, organisation):
        assignment = (
            RoleAssignment.objects.filter(
                organisation=organisation, role_level=RoleLevel.COMMUNICATIONS,
                user__is_active=True,
            ).select_related("user").order_by("pk").first()
        )
        if assignment is None:
            raise CommandError(_("The organisation has nobody in its communications "
                                 "department to record the import under."))
        return assignment.user
