"""Sessions: Django's cached_db engine, a copy in Redis and the session in the database."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from certguide.middleware import is_issuable_session_key
from tests.learners.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_a_session_is_kept_in_the_database_and_copied_to_the_cache(client):
    client.force_login(ProfileFactory().user)
    session = client.session

    assert Session.objects.filter(session_key=session.session_key).exists()
    assert cache.get(session.cache_key) is not None


def test_once_the_copy_is_gone_the_session_is_read_from_the_database_again(client):
    client.force_login(ProfileFactory().user)
    copy = client.session.cache_key
    cache.delete(copy)

    response = client.get(reverse("learners:dashboard"))

    assert response.status_code == 200
    assert cache.get(copy) is not None


@pytest.mark.parametrize(
    ("key", "issuable"),
    [
        ("abcdefghijklmnopqrstuvwxyz012345", True),
        ("abcdefgh\x00ijklmnop", False),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", False),
        ("a" * 41, False),
        ("é" * 32, False),
    ],
)
def test_only_keys_django_could_issue_reach_the_session_store(key, issuable):
    assert is_issuable_session_key(key) is issuable
