"""Security headers on every kind of response, cookies and TLS in production settings, and
sessions that change at log-in and end at log-out (OWASP ASVS L1, RELIABILITY "Site security").

Production settings are read in a subprocess with the production environment (as in
tests/test_deploy_settings.py): the test settings turn TLS off for live_server.
"""

import json
import re
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import include, path
from django.utils.module_loading import import_string

from certguide.middleware import permissions_policy_header
from tests.conftest import database_url_for
from tests.learners.factories import PASSWORD, ProfileFactory, UserFactory
from tests.test_deploy_settings import run_manage

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
COURSE = "/courses/machine-learning-regression/"
PATH = "/paths/from-zero-to-building-ml-models/"


def boom(request: HttpRequest):
    raise RuntimeError("A view that fails, to see the 500 page's headers.")


# The site's URLs plus one that fails, for the tests marked with this module as their URLconf.
urlpatterns = [path("boom/", boom), path("", include("certguide.urls"))]


@pytest.fixture
def catalog(db):
    call_command("load_catalog", stdout=StringIO())


@pytest.fixture
def alice(db):
    profile = ProfileFactory(user__username="alice", public_portfolio=True, public_slug="alice-ml")
    return profile.user


@pytest.fixture
def alice_client(alice):
    client = Client()
    client.force_login(alice)
    return client


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_secure_headers(response, what: str) -> None:
    """The headers every page, fragment, error and static file of the site must carry."""
    assert "Content-Security-Policy" in response, what
    directives = csp_directives(response)
    for directive in ("default-src", "script-src", "style-src"):
        sources = directives[directive]
        assert "'unsafe-inline'" not in sources, f"{what}: {directive}"
        assert "'unsafe-eval'" not in sources, f"{what}: {directive}"
        assert "*" not in sources, f"{what}: {directive}"
    assert directives["script-src"] == ["'self'"], what
    assert directives["frame-ancestors"] == ["'none'"], what
    assert directives["object-src"] == ["'none'"], what
    assert directives["base-uri"] == ["'self'"], what
    assert directives["form-action"] == ["'self'"], what
    assert "Content-Security-Policy-Report-Only" not in response, what
    assert response["X-Frame-Options"] == "DENY", what
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["Referrer-Policy"] == "same-origin", what
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", what
    assert "camera=()" in response["Permissions-Policy"], what
    # Nothing says which software (or version) answered.
    for header in ("Server", "X-Powered-By", "X-AspNet-Version", "X-Runtime"):
        assert header not in response, f"{what}: {header}"


# Inline script, style or event handlers would be blocked by the policy: none may be relied on.
INLINE_CODE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def assert_no_inline_code(response, what: str) -> None:
    if response["Content-Type"].startswith("text/html"):
        found = INLINE_CODE.findall(response.content.decode())
        assert not found, f"{what}: {found}"


PUBLIC_PAGES = [
    "/",
    "/courses/",
    "/courses/?q=regression&level=beginner",
    COURSE,
    f"{COURSE}?hours_per_week=6",
    "/paths/",
    PATH,
    LOGIN,
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/u/alice-ml/",
]
LEARNER_PAGES = [
    "/start/",
    "/dashboard/",
    "/hours/",
    "/portfolio/",
    "/portfolio/new/",
    "/readiness/",
    "/reminders/",
    "/settings/",
    "/settings/delete/",
    "/settings/export/",
    "/my/courses/machine-learning-regression/",
    "/accounts/password/change/",
    "/accounts/email/",
]


def test_every_public_page_carries_the_security_headers(client, alice, catalog):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)
        assert_no_inline_code(response, url)


def test_every_learner_page_carries_the_security_headers(alice_client, catalog):
    for url in LEARNER_PAGES:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)
        assert_no_inline_code(response, url)


def test_htmx_fragments_carry_the_security_headers(alice_client, catalog):
    hx = {"HTTP_HX_REQUEST": "true"}
    fragments = {
        "estimate": alice_client.get("/", {"hours_per_week": "6"}, **hx),
        "catalog results": alice_client.get("/courses/", {"q": "regression"}, **hx),
        "verdict": alice_client.get(COURSE, {"hours_per_week": "6"}, **hx),
        "projection": alice_client.get(PATH, {"hours_per_week": "6"}, **hx),
        "week (refused)": alice_client.post("/hours/log/", {"hours": "-1"}, **hx),
        "course status": alice_client.post(
            "/my/courses/machine-learning-regression/status/", {"status": "in_progress"}, **hx
        ),
    }

    for what, response in fragments.items():
        assert response.status_code in (200, 400), what
        assert "<html" not in response.content.decode(), what
        assert_secure_headers(response, what)
        assert_no_inline_code(response, what)


def test_healthz_carries_the_security_headers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert_secure_headers(response, "/healthz")


def test_static_files_carry_the_security_headers(client):
    # An SVG opened on its own is a document: the policy applies to it as to a page.
    for url in ("/static/css/site.css", "/static/vendor/htmx.min.js", "/static/img/favicon.svg"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)
        response.close()


def test_error_pages_carry_the_security_headers(client, alice_client):
    for what, response in {
        "404": client.get("/no-such-page/"),
        "403 (not staff)": alice_client.get("/admin/login/"),
        "403 (CSRF)": Client(enforce_csrf_checks=True).post(LOGIN, {"login": "x"}),
        "405": alice_client.get("/hours/log/"),
        "400 (unknown host)": client.get("/", headers={"host": "evil.example"}),
    }.items():
        assert response.status_code == int(what[:3]), what
        assert_secure_headers(response, what)


@pytest.mark.urls(__name__)
def test_the_500_page_carries_the_security_headers():
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert_secure_headers(response, "500")


def test_the_429_page_carries_the_security_headers(client):
    # allauth allows 30 log-in attempts a minute from one address.
    for _ in range(31):
        response = client.post(LOGIN, {"login": "nobody@example.com", "password": "wrong"})

    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert_secure_headers(response, "429")


def test_the_permissions_policy_header_denies_each_feature_listed():
    header = permissions_policy_header({"camera": [], "fullscreen": ["self"]})

    assert header == "camera=(), fullscreen=(self)"


# Sessions


def session_cookie(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def session_exists(key: str) -> bool:
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")().exists(key)


def test_logging_in_issues_a_new_session_key(client, alice):
    # A session the visitor had before logging in, as one planted by an attacker would be.
    planted = client.session
    planted["planted"] = True
    planted.save()
    planted_key = session_cookie(client)

    response = client.post(LOGIN, {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 302
    assert session_cookie(client) != planted_key
    assert not session_exists(planted_key)
    # The planted key does not authenticate.
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = planted_key
    assert stranger.get("/dashboard/")["Location"].startswith(LOGIN)


def test_after_logging_out_the_old_session_key_no_longer_authenticates(client, alice):
    client.post(LOGIN, {"login": alice.email, "password": PASSWORD})
    old_key = session_cookie(client)
    assert client.get("/dashboard/").status_code == 200

    client.post(LOGOUT)

    assert not session_exists(old_key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert replay.get("/dashboard/")["Location"].startswith(LOGIN)
    assert SESSION_KEY not in replay.session


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_logging_in_or_out_never_sends_the_visitor_to_another_site(client, alice, target):
    credentials = {"login": alice.email, "password": PASSWORD, "next": target}
    login = client.post(f"{LOGIN}?{urlencode({'next': target})}", credentials)
    logout = client.post(f"{LOGOUT}?{urlencode({'next': target})}", {"next": target})

    assert login["Location"] == "/dashboard/"
    assert logout["Location"] == "/"


@pytest.mark.parametrize(
    "key",
    [
        "abcdefgh\x00ijklmnop",  # sent as sessionid="abcdefgh\000ijklmnop", unquoted by Django
        "\x00" * 32,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
        "x" * 5000,
        "é" * 32,
        "' OR 1=1 --",
    ],
)
def test_a_forged_session_cookie_gets_a_fresh_session_not_an_error(key):
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    assert client.get("/").status_code == 200
    assert client.get("/dashboard/")["Location"].startswith(LOGIN)
    assert client.post(LOGIN, {"login": "a@example.com", "password": "x"}).status_code == 200


# The admin's log-in goes through allauth, and so through its throttle.


def reaches_the_admin(client) -> bool:
    return client.get("/admin/", follow=True).redirect_chain == []


def test_credentials_posted_to_the_admins_own_login_form_are_not_checked(client):
    UserFactory(username="editor", is_staff=True, is_superuser=True)

    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert SESSION_KEY not in client.session
    assert not reaches_the_admin(client)


def test_repeated_failed_admin_logins_are_throttled(client):
    staff = UserFactory(username="editor", is_staff=True, is_superuser=True)
    door = client.get("/admin/login/")["Location"]
    assert door.startswith(f"{LOGIN}?next=")
    for _ in range(5):
        failed = client.post(door, {"login": staff.email, "password": "guessed-wrong"})
        assert "Too many failed login attempts" not in failed.content.decode()

    refused = client.post(door, {"login": staff.email, "password": PASSWORD})

    assert "Too many failed login attempts" in refused.content.decode()
    assert SESSION_KEY not in client.session
    assert not reaches_the_admin(client)


def test_failed_logins_from_one_address_are_throttled_whatever_the_account(client):
    staff = UserFactory(username="editor", is_staff=True, is_superuser=True)
    # Password spraying: one guess at each of ten accounts.
    for number in range(10):
        client.post(LOGIN, {"login": f"user{number}@example.com", "password": "Summer2026!"})

    refused = client.post(f"{LOGIN}?next=/admin/", {"login": staff.email, "password": PASSWORD})

    assert "Too many failed login attempts" in refused.content.decode()
    assert SESSION_KEY not in client.session


# Production settings: TLS, HSTS and cookies, in a subprocess with the production environment.

PRODUCTION_PROBE = """
import json
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

result = {"settings": {name: getattr(settings, name) for name in NAMES}}
with transaction.atomic():
    user = get_user_model().objects.create_user("probe", "probe@certguide.example", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client(SERVER_NAME="certguide.example")
    plain = client.get("/courses/?from=http")
    result["http"] = {"status": plain.status_code, "location": plain.get("Location")}
    result["http_headers"] = dict(plain.headers)
    health = client.get("/healthz")
    result["http_healthz"] = {"status": health.status_code, "location": health.get("Location")}
    secure = client.get("/healthz", secure=True)
    result["https"] = {"status": secure.status_code, "headers": dict(secure.headers)}
    login = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, secure=True
    )
    result["login"] = {
        "status": login.status_code,
        "cookies": {
            name: {key: str(morsel[key]) for key in ("secure", "httponly", "samesite")}
            for name, morsel in login.cookies.items()
        },
    }
    transaction.set_rollback(True)  # the probe leaves no row behind
print("RESULT " + json.dumps(result))
"""
SETTING_NAMES = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
]


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker) -> dict:
    """What the site does with the production environment, on the test database."""
    with django_db_blocker.unblock():
        database_url = database_url_for(settings.DATABASES["default"])
    # Set up before the autouse fixture empties the cache: earlier tests' log-in counters would
    # throttle the probe's log-in.
    cache.clear()
    code = f"NAMES = {SETTING_NAMES!r}\nPASSWORD = {PASSWORD!r}\n{PRODUCTION_PROBE}"
    result = run_manage(
        "shell",
        "-c",
        code,
        DATABASE_URL=database_url,
        # The test cache's Redis database, not a development server's.
        REDIS_URL=settings.CACHES["default"]["LOCATION"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def test_production_redirects_plain_http_to_https(production):
    assert production["settings"]["SECURE_SSL_REDIRECT"] is True
    assert production["http"] == {
        "status": 301,
        "location": "https://certguide.example/courses/?from=http",
    }


def test_production_redirects_carry_the_security_headers(production):
    """The redirect to https is a response like any other: the headers go on it too."""
    headers = production["http_headers"]

    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Permissions-Policy"] == permissions_policy_header(settings.PERMISSIONS_POLICY)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_answers_health_checks_over_plain_http(production):
    # Load balancers probe inside the network, often without TLS.
    assert production["http_healthz"] == {"status": 200, "location": None}


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(production):
    assert production["https"]["status"] == 200
    hsts = production["https"]["headers"]["Strict-Transport-Security"]

    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_production_sends_the_security_headers(production):
    headers = production["https"]["headers"]

    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_cookies_are_secure_httponly_and_same_site_lax(production):
    assert production["settings"]["DEBUG"] is False
    assert production["settings"]["SESSION_COOKIE_SECURE"] is True
    assert production["settings"]["CSRF_COOKIE_SECURE"] is True
    assert production["login"]["status"] == 302
    cookies = production["login"]["cookies"]

    session = cookies[settings.SESSION_COOKIE_NAME]
    assert session == {"secure": "True", "httponly": "True", "samesite": "Lax"}
    csrf = cookies[settings.CSRF_COOKIE_NAME]
    # The CSRF cookie stays readable by scripts, as Django intends; htmx takes the token from
    # the page (data-hx-headers) instead.
    assert csrf["secure"] == "True"
    assert csrf["samesite"] == "Lax"


def test_the_test_settings_keep_same_site_lax_cookies_too(client, alice):
    response = client.post(LOGIN, {"login": alice.email, "password": PASSWORD})

    assert response.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"] is True
    assert response.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"
