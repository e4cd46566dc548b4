from django.core.management.base import BaseCommand

from apps.notifications import delivery, schedule


class Command(BaseCommand):
    help = (
        "Make the notifications the date calls for and send every due e-mail, as beat "
        "does; for installations that run cron instead. Safe to run at any time and "
        "alongside beat: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-scan",
            action="store_true",
            help="Only send; do not look for check-ins due or reviews near.",
        )

    def handle(self, *args, **options):
        made = 0 if options["no_scan"] else schedule.scan()
        report = delivery.send_due()
        self.stdout.write(
            f"notifications made={made} mails_sent={report.sent} "
            f"notifications_sent={report.notifications} skipped={report.skipped} "
            f"retry_later={report.retried} failed={report.failed}"
        )
