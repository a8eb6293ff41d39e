"""The learner's study plan as a calendar feed: opened by its secret address alone, no session.

Calendar apps fetch it without cookies, so the address is the only key: its secret is compared
in constant time, and a wrong one answers 404 like an address that never existed.
"""

import hmac

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..calendar import study_plan_calendar
from ..rules import calendar_token_parts
from ..selectors.calendar import calendar_profile, planned_finishes, profile_study_blocks


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    parts = calendar_token_parts(token)
    profile = calendar_profile(profile_id=parts[0]) if parts else None
    if not (
        profile
        and profile.calendar_secret
        and hmac.compare_digest(profile.calendar_secret.encode(), parts[1].encode())
    ):
        raise Http404("No calendar here.")
    now = timezone.now()
    body = study_plan_calendar(
        owner=str(profile.pk),
        zone=profile.zone,
        blocks=profile_study_blocks(profile),
        finishes=planned_finishes(profile=profile, now=now),
        now=now,
        domain=request.get_host().partition(":")[0],
        url=request.build_absolute_uri(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The address is a secret of one learner's: shared caches must not keep what it returns.
    response["Cache-Control"] = "private"
    return response
