from io import StringIO

import pytest
from django.core.management import call_command

from .factories import ProfileFactory


@pytest.fixture
def catalog(db):
    """The guide's catalog, as `make run` loads it."""
    call_command("load_catalog", stdout=StringIO())


@pytest.fixture
def alice(db):
    return ProfileFactory(user__username="alice").user


@pytest.fixture
def charlie(db):
    """Charlie exists only to be refused Alice's things."""
    return ProfileFactory(user__username="charlie").user


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
