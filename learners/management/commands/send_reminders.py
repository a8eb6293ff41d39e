from django.core.management.base import BaseCommand

from learners import reminders
from learners.tasks import enqueue_reminders


class Command(BaseCommand):
    help = (
        "Run the reminder sweep now (as beat does every 15 minutes): create the reminders due "
        "and enqueue their e-mails. With --dry-run, only list who is due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the reminders due; write and send nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        sweep = reminders.reminders_sweep(dry_run=dry_run)
        for due in sweep.due:
            self.stdout.write(
                f"{due.email}\t{due.kind}\tweek of {due.week_start:%Y-%m-%d}\t"
                f"{due.hours_logged} of {due.goal_hours} h"
            )
        if dry_run:
            self.stdout.write(f"{len(sweep.due)} reminder(s) due; dry run, nothing written.")
            return
        enqueue_reminders(sweep.to_send)
        self.stdout.write(
            f"{len(sweep.due)} reminder(s) due; {sweep.reopened} abandoned send(s) reopened; "
            f"{len(sweep.to_send)} e-mail(s) to send."
        )
