"""The certguide HTTP API (django-ninja), at /api/v1/: scripts log hours and read progress.

One rule, two doors: input is checked by the very forms and services the site uses, so a rule
tightened there holds here too. Every call acts as the learner who owns the bearer token, sees
only their rows (another learner's id is 404, as on the site) and is rate limited per token.
"""

import json
import logging
from collections import defaultdict
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.forms import Form
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from courses.selectors import CourseFilters, course_list
from learners import services
from learners.forms.dashboard import StudySessionForm
from learners.models import StudySession
from learners.rules import BareMinimum, week_start
from learners.selectors.export import study_sessions_between
from learners.selectors.hours import learner_week
from learners.selectors.path import path_standing
from learners.selectors.profile import active_enrollment, profile_for
from learners.selectors.tokens import access_token_by_digest

from . import paging
from .schemas import (
    BareMinimumOut,
    CourseOut,
    CourseProgressOut,
    Error,
    FieldErrors,
    HoursIn,
    HoursOut,
    HoursPage,
    HoursPatch,
    IsoDay,
    PathOut,
    ProgressOut,
    WeekOut,
)

logger = logging.getLogger("api")

# The largest id a bigint column holds: a larger one is simply not found, never a 500.
MAX_ID = 2**63 - 1
# Entries on a page of GET /hours, unless `limit` says otherwise, and at most.
PAGE_SIZE = 50
PAGE_MAX = 200


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a personal access token made in the settings."""

    def authenticate(self, request: HttpRequest, token: str):
        record = access_token_by_digest(digest=services.access_token_digest(token))
        if record is None:
            logger.info("api: unknown token refused on %s %s", request.method, request.path)
            return None
        services.access_token_used(token=record, now=timezone.now())
        logger.info(
            "api: %s %s by token %s of user %s",
            request.method,
            request.path,
            record.pk,
            record.user_id,
        )
        return record


class TokenRateThrottle(AuthRateThrottle):
    """At most settings.API_RATE_LIMIT calls per token (e.g. "120/min"), read on each call so
    that a changed setting applies at once; refusals are logged."""

    scope = "api-token"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if super().allow_request(request):
            return True
        logger.warning("api: rate limit reached by %s on %s", request.auth, request.path)
        return False


class NotJSON(Exception):
    """A body sent as another media type than application/json."""


class DecimalJSONParser(Parser):
    """Bodies are JSON only, and their numbers are read as decimals: 1.0000000000000000000001
    stays what it is and is refused for its decimals, where a float would round it to 1."""

    def parse_body(self, request: HttpRequest):
        if request.content_type != "application/json":
            raise NotJSON(request.content_type)
        return json.loads(request.body, parse_float=Decimal)


api = NinjaAPI(
    title="certguide API",
    version="1",
    description=(
        "Log study hours and read your week, path and the catalog. Authenticate with a "
        "personal access token from your settings: `Authorization: Bearer <token>`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    parser=DecimalJSONParser(),
)

# Every operation may answer these, besides its success; those with a body also these.
ERRORS = {401: Error, 404: Error, 422: FieldErrors, 429: Error}
BODY_ERRORS = {**ERRORS, 413: Error, 415: Error}


def _field_errors(errors: dict[str, list[str]]) -> dict:
    return {"detail": "Nothing was saved: see the messages by field.", "errors": errors}


@api.exception_handler(InputError)
def input_refused(request: HttpRequest, error: InputError):
    """Input that does not even have the right types: messages by field, as for a form."""
    errors = defaultdict(list)
    for problem in error.errors:
        # ("body", "payload", "hours") → "hours", ("query", "from") → "from"; a body that is
        # not an object, ("body", "payload"), → "__all__".
        names = [
            part
            for part in problem.get("loc", ())
            if isinstance(part, str) and part not in ("body", "payload", "query", "path")
        ]
        field = names[-1] if names else "__all__"
        errors[field].append(problem.get("msg", "Invalid value."))
    return api.create_response(request, _field_errors(dict(errors)), status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError):
    """django-ninja's own refusals; a body it cannot parse (its 400) is bad input like any
    other: a 422 with the message where a field's would be, or a 415 when it is not JSON."""
    if isinstance(error.__cause__, NotJSON):
        detail = "Send the body as JSON, with `Content-Type: application/json`."
        return api.create_response(request, {"detail": detail}, status=415)
    if error.status_code == 400:
        errors = {"__all__": ['The body is not JSON: send a JSON object, e.g. {"day": …}.']}
        return api.create_response(request, _field_errors(errors), status=422)
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)


@api.exception_handler(RequestDataTooBig)
def body_too_big(request: HttpRequest, error: RequestDataTooBig):
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    detail = f"The body is too big: a call takes at most {limit}."
    return api.create_response(request, {"detail": detail}, status=413)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError):
    response = api.create_response(
        request,
        {"detail": "Give a valid token: `Authorization: Bearer <token>` (see your settings)."},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _form_refused(form: Form):
    return Status(
        422, _field_errors({field: list(messages) for field, messages in form.errors.items()})
    )


def read(path: str, **options):
    """A GET operation that answers HEAD as GET does (HTTP's rule, and the site's pages'); the
    HEAD twin stays out of the document, where it would repeat the operation's name."""

    def register(view):
        api.api_operation(["HEAD"], path, response=options["response"], include_in_schema=False)(
            view
        )
        return api.get(path, **options)(view)

    return register


def _hours_out(session: StudySession) -> HoursOut:
    return HoursOut(
        id=session.pk,
        day=session.day,
        hours=session.hours,
        course=session.course.slug if session.course else None,
        note=session.note,
    )


def _saved_hours(request: HttpRequest, session: StudySession, values: dict, status: int):
    """Save `session` with `values` (day, hours, course, note) through the dashboard's form,
    with the same rules: no day in the future, none more than a year before you joined, at
    most 24 h a day."""
    user = request.auth.user
    profile = profile_for(user=user)
    data = {
        "day": values["day"].isoformat() if values["day"] else "",
        "hours": "" if values["hours"] is None else str(values["hours"]),
        "course": values["course"] or "",
        "note": values["note"] or "",
    }
    form = StudySessionForm(
        data,
        today=profile.local_today(timezone.now()),
        joined_on=profile.joined_on,
        course_by="slug",
        instance=session,
    )
    if not form.saved(user=user):
        return _form_refused(form)
    return Status(status, _hours_out(form.instance))


HOURS_FIELDS = ("day", "hours", "course", "note")


@api.post(
    "/hours",
    response={201: HoursOut, **BODY_ERRORS},
    operation_id="log_hours",
    tags=["hours"],
    summary="Log study hours",
)
def log_hours(request: HttpRequest, payload: HoursIn):
    """Log hours on a local day, as the dashboard's form does, with the same rules: no day
    in the future, none more than a year before you joined, at most 24 h a day."""
    values = {name: getattr(payload, name) for name in HOURS_FIELDS}
    return _saved_hours(request, StudySession(user=request.auth.user), values, status=201)


@api.patch(
    "/hours/{id}",
    response={200: HoursOut, **BODY_ERRORS},
    operation_id="update_hours",
    tags=["hours"],
    summary="Correct study hours",
)
def update_hours(
    request: HttpRequest, id: Annotated[int, Path(ge=1, le=MAX_ID)], payload: HoursPatch
):
    """Change what an entry says; the fields left out keep their value. The rules of logging
    hold (a changed day must have room for the hours)."""
    session = get_object_or_404(
        StudySession.objects.select_related("course"), pk=id, user=request.auth.user
    )
    values = {
        "day": session.day,
        "hours": session.hours,
        "course": session.course.slug if session.course else None,
        "note": session.note,
    }
    values |= {name: getattr(payload, name) for name in payload.model_fields_set}
    return _saved_hours(request, session, values, status=200)


@read(
    "/hours",
    response={200: HoursPage, **ERRORS},
    operation_id="list_hours",
    tags=["hours"],
    summary="List study hours",
)
def list_hours(
    request: HttpRequest,
    first: Annotated[IsoDay | None, Query(alias="from", description="First day, included.")] = None,
    last: Annotated[IsoDay | None, Query(alias="to", description="Last day, included.")] = None,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX, description="Entries on a page.")] = PAGE_SIZE,
    cursor: Annotated[
        str | None, Query(max_length=40, description="Where the page starts: from `next`.")
    ] = None,
):
    """Your study sessions from `from` to `to` (both optional), latest first, a page at a
    time: `next` is the next page's address."""
    if first and last and first > last:
        return Status(422, _field_errors({"from": ["`from` is after `to`: swap them."]}))
    before = None
    if cursor is not None and (before := paging.parse_cursor(cursor)) is None:
        return Status(422, _field_errors({"cursor": [paging.BAD_CURSOR]}))
    sessions = study_sessions_between(
        user=request.auth.user, first=first, last=last, before=before, limit=limit + 1
    )
    page, more = sessions[:limit], len(sessions) > limit
    next_page = None
    if more:
        query = request.GET.copy()
        query["cursor"] = paging.cursor_of(page[-1].day, page[-1].pk)
        next_page = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return Status(200, HoursPage(items=[_hours_out(session) for session in page], next=next_page))


@api.delete(
    "/hours/{id}",
    response={204: None, **ERRORS},
    operation_id="delete_hours",
    tags=["hours"],
    summary="Delete study hours",
)
def delete_hours(request: HttpRequest, id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    session = get_object_or_404(StudySession, pk=id, user=request.auth.user)
    services.study_session_delete(session=session)
    return Status(204, None)


def _bare_minimum_out(minimum: BareMinimum | None) -> BareMinimumOut | None:
    if minimum is None:
        return None
    return BareMinimumOut(
        hours_a_day=float(minimum.per_day),
        days_left=len(minimum.days),
        reachable=minimum.reachable,
        text=minimum.text,
    )


def _hours_or_none(hours: Decimal | None) -> float | None:
    # Programs whose hours no source gave (the catalog says "Not known") have none.
    return None if hours is None else float(hours)


@read(
    "/week",
    response={200: WeekOut, **ERRORS},
    operation_id="get_week",
    tags=["plan"],
    summary="This week against the goal",
)
def week(request: HttpRequest):
    profile = profile_for(user=request.auth.user)
    now = timezone.now()
    this_week = learner_week(profile=profile, now=now)
    pace = this_week.pace
    return Status(
        200,
        WeekOut(
            week_start=week_start(profile.local_today(now)),
            goal=float(pace.goal),
            logged=float(pace.logged),
            expected_by_now=float(pace.expected),
            behind=pace.behind,
            status=pace.status,
            bare_minimum=_bare_minimum_out(this_week.bare_minimum),
        ),
    )


@read(
    "/progress",
    response={200: ProgressOut, **ERRORS},
    operation_id="get_progress",
    tags=["plan"],
    summary="Your path and courses",
)
def progress(request: HttpRequest):
    """The courses of your active path, in order, with where you stand in each; once you made
    the path your own, your plan's courses in your order, skipped ones marked."""
    user = request.auth.user
    enrollment = active_enrollment(user=user)
    standing = path_standing(user=user, enrollment=enrollment) if enrollment else None
    courses = []
    for step in standing.steps if standing else []:
        course, course_progress = step.course, standing.progress.get(step.course_id)
        courses.append(
            CourseProgressOut(
                slug=course.slug,
                title=course.title,
                estimated_hours=_hours_or_none(course.estimated_hours),
                status=str(standing.status_of(step)),
                started_on=course_progress.started_on if course_progress else None,
                completed_on=course_progress.completed_on if course_progress else None,
                skipped=standing.skipped_reason_of(step) or None,
                added=standing.added(step),
            )
        )
    path = PathOut(slug=enrollment.path.slug, title=enrollment.path.title) if enrollment else None
    own_plan = bool(standing and standing.own_plan)
    return Status(200, ProgressOut(path=path, own_plan=own_plan, courses=courses))


@read(
    "/courses",
    response={200: list[CourseOut], **ERRORS},
    operation_id="list_courses",
    tags=["catalog"],
    summary="The catalog",
)
def courses(request: HttpRequest):
    """Every published course, best rated first."""
    return Status(
        200,
        [
            CourseOut(
                slug=course.slug,
                title=course.title,
                platform=course.platform.name,
                institution=course.institution.name if course.institution else None,
                level=course.level,
                estimated_hours=_hours_or_none(course.estimated_hours),
                rating=float(course.rating) if course.rating is not None else None,
                url=request.build_absolute_uri(course.get_absolute_url()),
            )
            for course in course_list(filters=CourseFilters())
        ],
    )


# The study groups' operations, in their own module to keep this one short; imported so that
# they are registered on `api`.
from . import groups  # noqa: E402, F401
