"""The learner's reminder history, and unsubscribing from reminders by the e-mailed link."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from .. import reminders
from ..models import Profile
from ..selectors.profile import profile_for


@login_required
@require_safe
def history(request: HttpRequest) -> HttpResponse:
    context = {
        "reminders": reminders.reminders_of(user=request.user),
        # Sent times read in the learner's zone, as their weeks do.
        "time_zone": profile_for(user=request.user).time_zone,
    }
    return render(request, "learners/reminders/history.html", context)


# RFC 8058 one-click unsubscribe: the mail provider POSTs `List-Unsubscribe=One-Click` to the
# link in the List-Unsubscribe header without cookies or CSRF token, so CSRF protection cannot
# apply here. The signed token in the URL is the authorisation, and all a forged cross-site POST
# could do is turn someone's reminders off, which only they could have asked for with this link.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners follow links); POST turns the reminders off."""
    user_id = reminders.unsubscribe_user_id(token)
    if user_id is None or not Profile.objects.filter(user_id=user_id).exists():
        return render(request, "learners/reminders/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        reminders.reminders_off(user_id=user_id)
        return render(request, "learners/reminders/unsubscribed.html")
    return render(request, "learners/reminders/unsubscribe.html", {"token": token})
