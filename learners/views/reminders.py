"""The learner's reminder history, and unsubscribing from reminders by the e-mailed link."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import reminders
from ..selectors.profile import profile_for
from ..unsubscribe import UnsubscribePages, one_click_unsubscribe_view


@login_required
@require_safe
def history(request: HttpRequest) -> HttpResponse:
    context = {
        "reminders": reminders.reminders_of(user=request.user),
        # Sent times read in the learner's zone, as their weeks do.
        "time_zone": profile_for(user=request.user).time_zone,
    }
    return render(request, "learners/reminders/history.html", context)


# RFC 8058 one-click unsubscribe: exempt from CSRF, as the mail provider POSTs without a token.
# GET asks to confirm; POST turns the reminders off.
unsubscribe = one_click_unsubscribe_view(
    user_id_of=reminders.unsubscribe_user_id,
    turn_off=lambda user_id: reminders.reminders_off(user_id=user_id),
    pages=UnsubscribePages(
        confirm="learners/reminders/unsubscribe.html",
        done="learners/reminders/unsubscribed.html",
        invalid="learners/reminders/unsubscribe_invalid.html",
    ),
)
