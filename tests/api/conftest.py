import pytest
from django.test import Client

from learners.services import access_token_create
from tests.learners import conftest as learner_fixtures

# The learners' fixtures, shared: Alice, Charlie and the guide's catalog.
alice, charlie, catalog = learner_fixtures.alice, learner_fixtures.charlie, learner_fixtures.catalog


@pytest.fixture
def alice_token(alice) -> str:
    return access_token_create(user=alice, name="alice's script")[1]


@pytest.fixture
def api(alice_token) -> Client:
    """A client that speaks for Alice with her token, and keeps no session."""
    return Client(headers={"Authorization": f"Bearer {alice_token}"})
