"""E-mails to learners: `send()` renders `templates/emails/<name>-subject.txt`, `-body.txt` and
`-body.html`; one small function per kind of message gathers its context."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import reminders, rules
from .models import Reminder
from .selectors.hours import bare_minimum
from .selectors.path import target_status
from .study_days import study_days_text


def send(name: str, to: str, context: dict, *, unsubscribe_url: str | None = None) -> None:
    """Send one message in plain text and HTML. SMTP errors propagate, for the caller to retry.

    With `unsubscribe_url` the message offers one-click unsubscribe (RFC 8058) there: in its
    headers, for the mail provider's button, and to its templates as `unsubscribe_url`."""
    headers = None
    if unsubscribe_url:
        context = {**context, "unsubscribe_url": unsubscribe_url}
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def reminder_figures(reminder: Reminder) -> dict:
    goal, logged = reminder.goal_hours, reminder.hours_logged
    # Last week is over: this week starts afresh with the whole goal.
    left = max(goal - logged, 0) if reminder.kind == Reminder.Kind.BEHIND_PACE else goal
    return {
        "logged": rules.format_hours(logged),
        "goal": rules.format_hours(goal),
        "left": rules.format_hours(left),
    }


def reminder_email(claimed: list[Reminder]) -> None:
    """The weekly goal reminder, with a one-click unsubscribe (RFC 8058): one learner's claimed
    reminders, this week's pace and last week's goal in one message when both are due."""
    by_kind = {reminder.kind: reminder for reminder in claimed}
    this_week = by_kind.get(Reminder.Kind.BEHIND_PACE)
    last_week = by_kind.get(Reminder.Kind.MISSED_LAST_WEEK)
    user = claimed[0].user
    unsubscribe_url = absolute(
        reverse("learners:unsubscribe", args=[reminders.unsubscribe_token(user.pk)])
    )
    profile, now = user.profile, timezone.now()
    target = target_status(profile=profile, today=profile.local_today(now))
    behind_target = target is not None and target.may_reset
    context = {
        "name": profile.display_name,
        "this_week": reminder_figures(this_week) if this_week else None,
        "last_week": reminder_figures(last_week) if last_week else None,
        "assignment": reminders.next_assignment(user=user),
        "bare_minimum": bare_minimum(profile=profile, now=now),
        "study_days": study_days_text(profile.study_days, profile.study_starts_at),
        "reset_url": absolute(reverse("learners:dashboard") + "#plan") if behind_target else None,
        "log_url": absolute(reverse("learners:dashboard")),
        "settings_url": absolute(reverse("learners:settings")),
    }
    send("reminder", user.email, context, unsubscribe_url=unsubscribe_url)
