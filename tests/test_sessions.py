"""Sessions (certguide.sessions): a copy in the cache lives a few minutes, the database holds
the session."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from certguide.sessions import COPY_SECONDS
from tests.learners.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_a_sessions_copy_in_the_cache_lives_at_most_copy_seconds(client):
    client.force_login(ProfileFactory().user)
    copy = client.session.cache_key

    assert 0 < cache.ttl(copy) <= COPY_SECONDS


def test_once_the_copy_is_gone_the_session_is_read_from_the_database_again(client):
    client.force_login(ProfileFactory().user)
    copy = client.session.cache_key
    cache.delete(copy)

    response = client.get(reverse("learners:dashboard"))

    assert response.status_code == 200
    assert 0 < cache.ttl(copy) <= COPY_SECONDS
