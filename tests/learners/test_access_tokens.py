"""Personal access tokens in the settings: made with a name, shown once, kept hashed, listed
with their last use, revoked."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import AccessToken
from learners.services import access_token_create, access_token_used

pytestmark = pytest.mark.django_db

SETTINGS = reverse("learners:settings")
CREATE = reverse("learners:token_create")


def test_a_new_token_is_shown_once_and_kept_only_as_its_digest(alice_client, alice):
    response = alice_client.post(CREATE, {"name": "timer script"})

    assert response.status_code == 200
    # Signed-in pages are private and kept by no cache (issue 11); this one shows a secret.
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
    page = response.content.decode()
    token = page.split('id="new-token" type="text" value="')[1].split('"')[0]
    assert token.startswith("cgt_") and len(token) > 40
    record = AccessToken.objects.get(user=alice)
    assert record.name == "timer script"
    assert record.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(AccessToken.objects.values().get())
    # Shown this once: the settings page read again lists it by name only.
    again = alice_client.get(SETTINGS).content.decode()
    assert token not in again
    assert "timer script" in again and "Never" in again


def test_the_list_says_when_each_token_was_last_used(alice_client, alice):
    record, _ = access_token_create(user=alice, name="cron")
    access_token_used(token=record, now=timezone.now())

    page = alice_client.get(SETTINGS).content.decode()

    assert "cron" in page
    assert f"{timezone.now():%-d %b %Y}, " in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the token a name, so that you know what it is for."),
        ("x" * 81, "Keep the name to 80 characters at most."),
    ],
)
def test_a_bad_name_is_refused_and_no_token_is_made(alice_client, name, message):
    response = alice_client.post(CREATE, {"name": name})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AccessToken.objects.exists()


def test_revoking_deletes_the_token(alice_client, alice):
    record, _ = access_token_create(user=alice, name="old laptop")

    response = alice_client.post(reverse("learners:token_revoke", args=[record.pk]), follow=True)

    assert "Token revoked" in response.content.decode()
    assert not AccessToken.objects.exists()


def test_another_learners_token_cannot_be_revoked(alice_client, charlie):
    record, _ = access_token_create(user=charlie, name="charlie's")

    response = alice_client.post(reverse("learners:token_revoke", args=[record.pk]))

    assert response.status_code == 404
    assert AccessToken.objects.filter(pk=record.pk).exists()
