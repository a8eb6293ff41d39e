"""Behind a reverse proxy the per-IP rate limits key on the client's address, which the proxy
appends to X-Forwarded-For; without a trusted proxy that header is the client's to forge and
is ignored (allauth's TRUSTED_PROXY_COUNT, set from the environment's TRUSTED_PROXY_COUNT)."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOCKED = "Too many failed login attempts"
# allauth's default: 10 failed log-ins a minute from one address (any accounts).
FAILURES_PER_ADDRESS = 10


def fail_login(client, attempt: int, forwarded_for: str) -> str:
    """A wrong password for a different account each time, so only the per-IP limit counts."""
    response = client.post(
        LOGIN,
        {"login": f"nobody{attempt}@example.com", "password": "wrong-password"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    assert response.status_code == 200
    return response.content.decode()


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_each_client_address_has_its_own_limit(client):
    # What the client sent comes first; the proxy appends the address it saw.
    for attempt in range(FAILURES_PER_ADDRESS):
        assert LOCKED not in fail_login(client, attempt, f"10.0.0.{attempt}, 203.0.113.7")

    # The forged first entries changed each time, yet the client's address is locked…
    assert LOCKED in fail_login(client, 100, "10.9.9.9, 203.0.113.7")
    # …and another client behind the same proxy is not.
    assert LOCKED not in fail_login(client, 101, "198.51.100.9")


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client):
    # Every request claims another address; all come from the test client's own.
    for attempt in range(FAILURES_PER_ADDRESS):
        assert LOCKED not in fail_login(client, attempt, f"198.51.100.{attempt}")

    assert LOCKED in fail_login(client, 100, "198.51.100.200")
