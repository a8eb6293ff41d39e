"""Every group URL, walked from the URLconf: only the group's active members get in, and only
its owner manages it. A non-member, a removed member and a member who left get 404 on every
one of them, whatever the method, and nothing changes; a deactivated member is signed out."""

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import get_resolver, reverse
from django.utils import timezone

from groups import services
from groups.models import CheckIn, Membership, StudyGroup
from groups.selectors.membership import active_membership

from .conftest import member

pytestmark = pytest.mark.django_db


def group_url_names() -> set[str]:
    _, resolver = get_resolver().namespace_dict["groups"]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


# Each URL of one group, from the group, Bob's membership and Alice's check-in.
GROUP_URLS = {
    "detail": lambda g, m, c: [g.pk],
    "sharing": lambda g, m, c: [g.pk],
    "check_in": lambda g, m, c: [g.pk],
    "check_in_edit": lambda g, m, c: [g.pk, c.pk],
    "check_in_delete": lambda g, m, c: [g.pk, c.pk],
    "leave": lambda g, m, c: [g.pk],
    "manage": lambda g, m, c: [g.pk],
    "rename": lambda g, m, c: [g.pk],
    "invite_renew": lambda g, m, c: [g.pk],
    "member_remove": lambda g, m, c: [g.pk, m.pk],
    "hand_over": lambda g, m, c: [g.pk, m.pk],
    "delete": lambda g, m, c: [g.pk],
}
# The owner's: a member who does not own the group gets 404 there too.
OWNER_ONLY = {"manage", "rename", "invite_renew", "member_remove", "hand_over", "delete"}
# The learner's own, with no group in them; and the invite link (tests/groups/test_invite.py).
PERSONAL = {"list", "start"}
INVITE = {"join"}


def test_every_group_url_is_classified():
    assert group_url_names() == set(GROUP_URLS) | PERSONAL | INVITE


@pytest.fixture
def alices_check_in(group, alice):
    membership = Membership.objects.get(group=group, user=alice)
    return services.check_in_save(
        membership=membership, week_start=timezone.localdate(), did="alice-only", next="", stuck=""
    )


def group_urls(group, bob_in, check_in) -> list[tuple[str, str]]:
    return [
        (name, reverse(f"groups:{name}", args=args(group, bob_in, check_in)))
        for name, args in GROUP_URLS.items()
    ]


def state():
    return (
        list(StudyGroup.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        list(CheckIn.objects.order_by("pk").values()),
    )


FORM = {"did": "x", "name": "Taken", "shares_week": "on"}


def assert_404_everywhere(client, urls, names=None):
    """Each URL (of `names`, or all) answers 404 to the method it takes; the other method may
    be refused first (405, before any lookup: nothing leaks either). Nothing changes."""
    before = state()
    statuses = {}
    for name, url in urls:
        if names is None or name in names:
            got = {method: getattr(client, method)(url, FORM) for method in ("get", "post")}
            statuses[name] = sorted(response.status_code for response in got.values())
            assert all(b"alice-only" not in response.content for response in got.values())
    assert {name: status for name, status in statuses.items() if status[0] != 404} == {}
    assert all(set(status) <= {404, 405} for status in statuses.values()), statuses
    assert state() == before


def test_a_non_member_gets_404_on_every_group_url(client, charlie, group, bob_in, alices_check_in):
    client.force_login(charlie)

    assert_404_everywhere(client, group_urls(group, bob_in, alices_check_in))


def test_a_removed_member_gets_404_on_their_next_request(
    client, bob, group, bob_in, alices_check_in
):
    client.force_login(bob)
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 200
    urls = group_urls(group, bob_in, alices_check_in)

    services.member_remove(group=group, membership=bob_in)

    assert_404_everywhere(client, urls)


def test_a_member_who_left_gets_404_on_every_group_url(client, bob, group, bob_in, alices_check_in):
    client.force_login(bob)
    urls = group_urls(group, bob_in, alices_check_in)
    assert client.post(reverse("groups:leave", args=[group.pk])).status_code == 302

    assert_404_everywhere(client, urls)


def test_a_member_gets_404_on_the_owners_urls(client, bob, group, bob_in, alices_check_in):
    client.force_login(bob)

    assert_404_everywhere(client, group_urls(group, bob_in, alices_check_in), names=OWNER_ONLY)


def test_a_member_cannot_edit_or_delete_anothers_check_in(
    client, bob, group, bob_in, alices_check_in
):
    client.force_login(bob)

    assert_404_everywhere(
        client,
        group_urls(group, bob_in, alices_check_in),
        names={"check_in_edit", "check_in_delete"},
    )


def test_a_deactivated_member_is_out_on_their_next_request(
    client, bob, group, bob_in, alices_check_in
):
    client.force_login(bob)
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 200
    before = state()

    get_user_model().objects.filter(pk=bob.pk).update(is_active=False)

    for name, url in group_urls(group, bob_in, alices_check_in):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"did": "x"})
            # The session ends with the account, as everywhere on the site: off to log in.
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login")), name
    assert state() == before
    bob.refresh_from_db()
    with pytest.raises(Http404):
        active_membership(user=bob, group_id=group.pk)


def test_a_deactivated_member_leaves_the_groups_page_and_api(client, alice, group, bob_in):
    carol = member(group, "carol")
    get_user_model().objects.filter(pk=carol.pk).update(is_active=False)
    client.force_login(alice)

    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()

    assert "Bob" in page and "Carol" not in page


def test_anonymous_visitors_are_sent_to_log_in_from_every_group_url(
    client, group, bob_in, alices_check_in
):
    urls = [*group_urls(group, bob_in, alices_check_in)]
    urls += [(name, reverse(f"groups:{name}")) for name in PERSONAL]
    urls += [("join", reverse("groups:join", args=[group.pk, group.invite_token]))]
    for name, url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login") + "?next="), name


def test_the_api_gives_a_non_member_404(charlie, group, bob_in):
    from django.test import Client

    from learners.services import access_token_create

    token = access_token_create(user=charlie, name="charlie")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})

    assert api.get(f"/api/v1/groups/{group.pk}/week").status_code == 404
    assert api.get("/api/v1/groups").json() == []
