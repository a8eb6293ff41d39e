"""The one-click unsubscribe (RFC 8058) behind the links e-mails carry: the hour reminders'
(learners.views.reminders) and the group digest's (groups.review_views), each with its own
signed token, its own switch and its own pages.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Profile


@dataclass(frozen=True)
class UnsubscribePages:
    """The templates of the flow: `confirm` gets the token to post back; `done` and `invalid`
    get a flag each, so that one template may be all three."""

    confirm: str
    done: str
    invalid: str

    @classmethod
    def one_template(cls, name: str) -> "UnsubscribePages":
        return cls(name, name, name)


def one_click_unsubscribe_view(
    *,
    user_id_of: Callable[[str], int | None],
    turn_off: Callable[[int], None],
    pages: UnsubscribePages,
):
    """The view of an unsubscribe link `<token>/`: GET asks to confirm (mail scanners follow
    links); POST calls `turn_off(user_id)`. A token `user_id_of` reads as no learner's is a
    400."""

    # The mail provider POSTs `List-Unsubscribe=One-Click` to the link in the List-Unsubscribe
    # header without cookies or CSRF token, so CSRF protection cannot apply. The signed token in
    # the URL is the authorisation, and all a forged cross-site POST could do is turn off
    # someone's e-mails, which only they could have asked for with this link.
    @csrf_exempt
    @require_http_methods(["GET", "HEAD", "POST"])
    def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
        user_id = user_id_of(token)
        if user_id is None or not Profile.objects.filter(user_id=user_id).exists():
            return render(request, pages.invalid, {"invalid": True}, status=400)
        if request.method == "POST":
            turn_off(user_id)
            return render(request, pages.done, {"done": True})
        return render(request, pages.confirm, {"token": token})

    return unsubscribe
