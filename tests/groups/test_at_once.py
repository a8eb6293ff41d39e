"""Members acting at the same moment, each request in its own thread and connection: nothing
is lost, nothing doubled, and a group never passes its 30 members."""

import pytest
from django.test import Client
from django.urls import reverse

from groups import rules
from groups.models import CheckIn, Membership
from tests.test_faults import run_at_once

from .conftest import member

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def poster(user, group, did: str):
    client = signed_in(user)
    url = reverse("groups:check_in", args=[group.pk])
    return lambda: client.post(url, {"did": did, "next": "", "stuck": ""}).status_code


def joiner(user, group):
    client = signed_in(user)
    url = reverse("groups:join", args=[group.pk, group.invite_token])
    return lambda: client.post(url, {"shares_week": "on"}).status_code


def test_two_members_checking_in_at_the_same_moment_both_keep_theirs(alice, group, bob, bob_in):
    statuses = run_at_once(poster(alice, group, "alice's week"), poster(bob, group, "bob's week"))

    assert statuses == [302, 302]
    assert set(CheckIn.objects.values_list("user__username", "did")) == {
        ("alice", "alice's week"),
        ("bob", "bob's week"),
    }


def test_one_member_posting_twice_at_once_keeps_one_check_in(bob, group, bob_in):
    statuses = run_at_once(poster(bob, group, "first"), poster(bob, group, "second"))

    assert statuses == [302, 302]
    assert CheckIn.objects.filter(user=bob).count() == 1
    assert CheckIn.objects.get(user=bob).did in ("first", "second")


def test_two_joining_the_last_place_at_once_leave_the_group_at_thirty(group, charlie, bob):
    for number in range(rules.MAX_MEMBERS - 2):
        member(group, f"member{number}", shares_week=False)
    statuses = run_at_once(joiner(charlie, group), joiner(bob, group))

    assert sorted(statuses) == [302, 410]
    assert Membership.objects.filter(group=group).count() == rules.MAX_MEMBERS
