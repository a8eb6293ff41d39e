"""Joining by invite link: signed in first, then the group and a Join button; an expired link
is a 410, a regenerated one leaves the old a 404, a full group a 410, and wrong links are
rate limited per address."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groups import rules, services
from groups.models import Membership

from .conftest import member

pytestmark = pytest.mark.django_db


def invite_url(group, token=None) -> str:
    return reverse("groups:join", args=[group.pk, token or group.invite_token])


def test_opening_the_link_asks_to_sign_in_first_and_comes_back(client, group):
    url = invite_url(group)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    # The log-in page offers to sign up, and the sign-up keeps the way back.
    login = client.get(response["Location"]).content.decode()
    assert f"{reverse('account_signup')}?next={url.replace('/', '%2F')}" in login


def test_a_signed_in_learner_sees_the_group_and_joins_with_their_sharing_choice(
    client, group, charlie
):
    client.force_login(charlie)

    page = client.get(invite_url(group))
    assert page.status_code == 200
    assert "Join “Evening learners”" in page.content.decode()
    assert "We meet on Thursdays." in page.content.decode()

    response = client.post(invite_url(group), {})  # the box left unticked: shares nothing

    assert response.status_code == 302
    assert response["Location"] == reverse("groups:detail", args=[group.pk])
    assert Membership.objects.get(group=group, user=charlie).shares_week is False
    welcome = client.get(response["Location"]).content.decode()
    assert "Welcome to “Evening learners”." in welcome


def test_a_member_opening_the_link_again_goes_to_the_group(client, group, bob, bob_in):
    client.force_login(bob)

    response = client.post(invite_url(group), {"shares_week": "on"})

    assert response["Location"] == reverse("groups:detail", args=[group.pk])
    assert Membership.objects.filter(group=group, user=bob).count() == 1


def test_a_link_expires_after_fourteen_days(client, group, charlie):
    client.force_login(charlie)
    made = group.invite_created_at

    with time_machine.travel(made + dt.timedelta(days=14, seconds=-1), tick=False):
        assert client.get(invite_url(group)).status_code == 200
    with time_machine.travel(made + dt.timedelta(days=14), tick=False):
        expired = client.get(invite_url(group))
        joined = client.post(invite_url(group), {"shares_week": "on"})

    assert expired.status_code == 410
    assert "This invite link has expired" in expired.content.decode()
    assert "work for 14 days" in expired.content.decode()
    assert joined.status_code == 410
    assert not Membership.objects.filter(user=charlie).exists()


def test_a_new_link_ends_the_old_one(client, group, charlie):
    old = group.invite_token
    client.force_login(charlie)

    services.invite_renew(group=group, now=timezone.now())

    assert client.get(invite_url(group, old)).status_code == 404
    assert client.post(invite_url(group, old), {"shares_week": "on"}).status_code == 404
    assert client.get(invite_url(group)).status_code == 200
    assert not Membership.objects.filter(user=charlie).exists()


def test_the_owner_renews_the_link_from_the_manage_page(client, alice, group):
    old = group.invite_token
    client.force_login(alice)

    response = client.post(
        reverse("groups:invite_renew", args=[group.pk]), headers={"HX-Request": "true"}
    )

    group.refresh_from_db()
    assert response.status_code == 200
    assert group.invite_token != old
    html = response.content.decode()
    assert invite_url(group) in html and old not in html
    assert "the old one stopped working" in html


def test_a_full_group_says_so_and_takes_nobody(client, group, charlie):
    for number in range(rules.MAX_MEMBERS - 1):
        member(group, f"member{number}", shares_week=False)
    client.force_login(charlie)

    page = client.get(invite_url(group))
    joined = client.post(invite_url(group), {"shares_week": "on"})

    assert page.status_code == joined.status_code == 410
    assert "“Evening learners” is full" in page.content.decode()
    assert group.memberships.count() == rules.MAX_MEMBERS
    with pytest.raises(services.GroupFull):
        services.group_join(user=charlie, group_id=group.pk, shares_week=True)


@pytest.mark.parametrize("token", ["wrong", "x" * 300, "%00", group_token := "ab\u202ecd"])
def test_a_wrong_or_strange_token_is_404(client, group, charlie, token):
    client.force_login(charlie)

    assert client.get(invite_url(group, token)).status_code == 404


def test_an_unknown_group_is_404(client, group, charlie):
    client.force_login(charlie)

    unknown = reverse("groups:join", args=[group.pk + 1000, group.invite_token])

    assert client.get(unknown).status_code == 404


def test_wrong_tokens_are_rate_limited_per_address(client, group, charlie, bob):
    client.force_login(charlie)
    for attempt in range(rules.WRONG_INVITES_ALLOWED):
        assert client.get(invite_url(group, f"guess{attempt}")).status_code == 404

    refused = client.get(invite_url(group, "guess-again"))
    # Past the limit even the right link is refused: a guess learns nothing.
    right = client.get(invite_url(group))

    assert refused.status_code == right.status_code == 429
    assert int(refused["Retry-After"]) == rules.WRONG_INVITE_WINDOW.total_seconds()
    # Another address has its own allowance.
    other = client.get(invite_url(group), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200
    # Right links do not count.
    client.force_login(bob)
    for _ in range(rules.WRONG_INVITES_ALLOWED + 1):
        assert client.get(invite_url(group), REMOTE_ADDR="203.0.113.10").status_code == 200


def hidden_next(html: str) -> str:
    """The way back a page's form posts (what a browser sends with the rest)."""
    (way_back,) = re.findall(r'<input type="hidden" name="next" value="([^"]*)">', html)
    return way_back


def sign_up_from_the_invite(client, url: str) -> str:
    """Open the invite `url` signed out, go on to sign up from the log-in page, and sign up;
    returns the confirmation link of the mail sent (a path with its query)."""
    login = client.get(url)["Location"]
    signup = client.get(login).content.decode()
    signup_url = f"{reverse('account_signup')}?next={url.replace('/', '%2F')}"
    assert signup_url in signup
    assert hidden_next(client.get(signup_url).content.decode()) == url
    signed_up = client.post(
        signup_url,
        {
            "email": "newcomer@example.com",
            "password1": "a-long-test-password-1",
            "password2": "a-long-test-password-1",
            "next": url,
        },
    )
    # No way in before the address is confirmed.
    assert signed_up.status_code == 302
    assert signed_up["Location"] == reverse("account_email_verification_sent")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    (message,) = mail.outbox
    assert message.to == ["newcomer@example.com"]
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+)", message.body).group(1)


def test_a_newcomer_signs_up_from_the_link_confirms_their_address_and_joins(client, group):
    """The way back survives the sign-up and the e-mail confirmation (which is mandatory)."""
    url = invite_url(group)
    link = sign_up_from_the_invite(client, url)

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    confirmed = client.post(link, {"next": hidden_next(confirm_page.content.decode())})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    assert "Join “Evening learners”" in page.content.decode()
    joined = client.post(url, {"shares_week": "on"})
    assert joined["Location"] == reverse("groups:detail", args=[group.pk])
    newcomer = Membership.objects.get(group=group, user__email="newcomer@example.com")
    assert newcomer.shares_week is True
    assert client.get(joined["Location"]).status_code == 200


def test_a_newcomer_confirming_on_another_device_logs_in_there_and_reaches_the_join_page(
    client, group
):
    """Mail read on a phone: nobody is logged in there, so the confirmation leads to the log-in
    with the way back kept, and the log-in to the join page."""
    url = invite_url(group)
    link = sign_up_from_the_invite(client, url)
    phone = Client()

    confirm_page = phone.get(link)
    assert hidden_next(confirm_page.content.decode()) == url
    confirmed = phone.post(link, {"next": url})

    assert confirmed["Location"] == url
    login = phone.get(url)["Location"]
    assert login == f"{reverse('account_login')}?next={url}"
    logged_in = phone.post(
        login, {"login": "newcomer@example.com", "password": "a-long-test-password-1", "next": url}
    )
    assert logged_in["Location"] == url
    joined = phone.post(url, {"shares_week": "on"})
    assert joined["Location"] == reverse("groups:detail", args=[group.pk])
    assert Membership.objects.filter(group=group, user__email="newcomer@example.com").exists()
