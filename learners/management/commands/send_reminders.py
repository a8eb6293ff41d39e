import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learners import reminders
from learners.tasks import enqueue_reminders


def moment(value: str) -> dt.datetime:
    """An ISO 8601 date and time with its offset, e.g. 2026-12-07T08:30+01:00."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--at: {value!r} is not an ISO 8601 date and time.") from None
    if timezone.is_naive(parsed):
        raise CommandError(f"--at: {value!r} has no UTC offset (add Z or +01:00, say).")
    return parsed


class Command(BaseCommand):
    help = (
        "Run the reminder sweep now (as beat does every 15 minutes): create the reminders due "
        "and enqueue their e-mails. With --dry-run, only list who is due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the reminders due; write and send nothing."
        )
        parser.add_argument(
            "--at",
            help="Sweep as at this moment (ISO 8601 with an offset) instead of now.",
        )

    def handle(self, *args, dry_run: bool, at: str | None, **options):
        now = moment(at) if at else timezone.now()
        sweep = reminders.reminders_sweep(now=now, dry_run=dry_run)
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
