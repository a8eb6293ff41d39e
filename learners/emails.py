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


def send(name: str, to: str, context: dict, headers: dict | None = None) -> None:
    """Send one message in plain text and HTML. SMTP errors propagate, for the caller to retry."""
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def reminder_email(reminder: Reminder) -> None:
    """The weekly goal reminder, with a one-click unsubscribe (RFC 8058)."""
    user = reminder.user
    unsubscribe_url = absolute(
        reverse("learners:unsubscribe", args=[reminders.unsubscribe_token(user.pk)])
    )
    goal, logged = reminder.goal_hours, reminder.hours_logged
    profile, now = user.profile, timezone.now()
    target = target_status(profile=profile, today=profile.local_today(now))
    behind_target = target is not None and target.may_reset
    this_week = reminder.kind == Reminder.Kind.BEHIND_PACE
    context = {
        "name": profile.display_name,
        "this_week": this_week,
        "logged": rules.format_hours(logged),
        "goal": rules.format_hours(goal),
        # Last week is over: this week starts afresh with the whole goal.
        "left": rules.format_hours(max(goal - logged, 0) if this_week else goal),
        "assignment": reminders.next_assignment(user=user),
        "bare_minimum": bare_minimum(profile=profile, now=now),
        "reset_url": absolute(reverse("learners:dashboard") + "#plan") if behind_target else None,
        "log_url": absolute(reverse("learners:dashboard")),
        "settings_url": absolute(reverse("learners:settings")),
        "unsubscribe_url": unsubscribe_url,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    send("reminder", user.email, context, headers)
