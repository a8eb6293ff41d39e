"""Starting a group, and what its owner and members do with it: rename, remove, hand on,
delete, leave; an owner's account deleted hands the group on; the export holds it all."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import CheckIn, Membership, StudyGroup
from learners.services import learner_delete

from .conftest import member

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_a_learner_starts_a_group_and_owns_it(client, charlie, catalog):
    client.force_login(charlie)
    assert client.get(reverse("groups:start")).status_code == 200

    response = client.post(
        reverse("groups:start"),
        {"name": "Weekend ML", "path": "", "description": "Saturdays, 10:00."},
    )

    group = StudyGroup.objects.get()
    assert response["Location"] == reverse("groups:manage", args=[group.pk])
    assert group.owner == charlie and group.path is None
    assert group.memberships.get().user == charlie
    assert len(group.invite_token) >= 32 and group.invite_created_at
    manage = client.get(response["Location"]).content.decode()
    assert reverse("groups:join", args=[group.pk, group.invite_token]) in manage
    listing = client.get(reverse("groups:list")).content.decode()
    assert "Weekend ML" in listing and "1 member" in listing and "you own it" in listing


@pytest.mark.parametrize(
    "data",
    [
        {"name": ""},
        {"name": "x" * 81},
        {"name": "ok", "path": "999999"},
        {"name": "ok", "description": "d" * 301},
    ],
)
def test_a_group_with_bad_input_is_refused_and_nothing_is_written(client, charlie, data):
    client.force_login(charlie)

    response = client.post(reverse("groups:start"), {"path": "", "description": ""} | data)

    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not StudyGroup.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_the_owner_renames_the_group(client, alice, group, htmx):
    client.force_login(alice)
    url = reverse("groups:rename", args=[group.pk])

    refused = client.post(url, {"name": "", "description": ""}, headers=HTMX if htmx else {})
    saved = client.post(
        url, {"name": "Night owls", "description": "Late."}, headers=HTMX if htmx else {}
    )

    group.refresh_from_db()
    assert (group.name, group.description) == ("Night owls", "Late.")
    assert refused.status_code == 400
    if htmx:
        assert "Saved: the group is “Night owls”." in saved.content.decode()
        # The page's heading follows the new name.
        assert 'data-hx-swap-oob="innerHTML">Manage “Night owls”' in saved.content.decode()
    else:
        assert saved.status_code == 302


def test_the_owner_removes_a_member_and_their_check_ins_go(client, alice, group, bob, bob_in):
    services.check_in_save(
        membership=bob_in, week_start=timezone.localdate(), did="bob's", next="", stuck=""
    )
    client.force_login(alice)

    response = client.post(
        reverse("groups:member_remove", args=[group.pk, bob_in.pk]), headers=HTMX
    )

    assert response.status_code == 200
    assert "The member is removed from the group." in response.content.decode()
    assert not Membership.objects.filter(user=bob).exists()
    assert not CheckIn.objects.filter(user=bob).exists()


def test_the_owner_cannot_remove_themself(client, alice, group):
    client.force_login(alice)
    own = Membership.objects.get(group=group, user=alice)

    response = client.post(reverse("groups:member_remove", args=[group.pk, own.pk]))

    assert response.status_code == 302
    assert "hand it to another member" in client.get(response["Location"]).content.decode()
    assert Membership.objects.filter(group=group, user=alice).exists()


def test_the_owner_hands_the_group_on(client, alice, group, bob, bob_in):
    client.force_login(alice)

    response = client.post(reverse("groups:hand_over", args=[group.pk, bob_in.pk]))

    assert response["Location"] == reverse("groups:detail", args=[group.pk])
    group.refresh_from_db()
    assert group.owner == bob
    assert client.get(reverse("groups:manage", args=[group.pk])).status_code == 404
    client.force_login(bob)
    assert client.get(reverse("groups:manage", args=[group.pk])).status_code == 200


def test_the_owner_deletes_the_group(client, alice, group, bob_in):
    client.force_login(alice)
    url = reverse("groups:delete", args=[group.pk])

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response["Location"] == reverse("groups:list")
    assert not StudyGroup.objects.exists() and not Membership.objects.exists()


def test_a_member_leaves(client, bob, group, bob_in):
    client.force_login(bob)
    url = reverse("groups:leave", args=[group.pk])

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response["Location"] == reverse("groups:list")
    assert not Membership.objects.filter(user=bob).exists()
    assert StudyGroup.objects.get().owner.username == "alice"


def test_an_owner_who_leaves_hands_on_to_the_longest_standing_member(client, alice, group, bob_in):
    later = member(group, "later")
    client.force_login(alice)

    client.post(reverse("groups:leave", args=[group.pk]))

    group.refresh_from_db()
    assert group.owner == bob_in.user
    assert group.memberships.count() == 2 and later.group_memberships.exists()


def test_an_owner_alone_who_leaves_deletes_the_group(client, alice, group):
    client.force_login(alice)

    response = client.post(reverse("groups:leave", args=[group.pk]))

    assert "it is deleted" in client.get(response["Location"]).content.decode()
    assert not StudyGroup.objects.exists()


def test_deleting_an_owners_account_hands_the_group_on_and_deletes_their_check_ins(
    alice, group, bob, bob_in
):
    own = Membership.objects.get(group=group, user=alice)
    services.check_in_save(
        membership=own, week_start=timezone.localdate(), did="a", next="", stuck=""
    )
    services.check_in_save(
        membership=bob_in, week_start=timezone.localdate(), did="b", next="", stuck=""
    )
    alone = services.group_start(
        user=alice, name="Solo", description="", path=None, now=timezone.now()
    )

    learner_delete(user=alice)

    assert not get_user_model().objects.filter(username="alice").exists()
    assert list(StudyGroup.objects.values_list("name", "owner__username")) == [
        ("Evening learners", "bob")
    ]
    assert not StudyGroup.objects.filter(pk=alone.pk).exists()
    assert list(CheckIn.objects.values_list("did", flat=True)) == ["b"]


def test_the_export_holds_the_learners_groups_and_check_ins_but_no_invite_token(
    client, alice, group, bob_in
):
    own = Membership.objects.get(group=group, user=alice)
    services.check_in_save(
        membership=own, week_start=timezone.localdate(), did="my week", next="", stuck=""
    )
    client.force_login(alice)

    export = json.loads(client.get(reverse("learners:export")).content)

    data = export["data"]
    assert [row["name"] for row in data["groups.StudyGroup"]] == ["Evening learners"]
    assert [row["group"] for row in data["groups.Membership"]] == [group.pk]
    assert [row["did"] for row in data["groups.CheckIn"]] == ["my week"]
    assert "invite_token" not in data["groups.StudyGroup"][0]
    assert group.invite_token not in json.dumps(export)


def test_a_members_export_names_the_groups_they_are_in_and_what_they_chose(
    client, alice, group, bob, bob_in
):
    services.sharing_set(membership=bob_in, shares_week=False)
    client.force_login(bob)

    export = json.loads(client.get(reverse("learners:export")).content)

    [joined] = export["study_groups"]
    assert joined["group"] == "Evening learners"
    assert (joined["owner"], joined["shares_week"]) == (False, False)
    # Only the learner's own membership: no other member's name or e-mail address.
    assert alice.email not in json.dumps(export["study_groups"])


@pytest.mark.parametrize("groups", [1, 6])
def test_my_groups_take_the_same_queries_however_many(
    client, alice, group, groups, django_assert_num_queries
):
    for number in range(1, groups):
        services.group_start(
            user=alice, name=f"Group {number}", description="", path=None, now=timezone.now()
        )
    client.force_login(alice)

    # The user (the session is in Redis), their profile (the layout's theme), the groups
    # with their member counts, and whether they get the weekly digest.
    with django_assert_num_queries(4):
        response = client.get(reverse("groups:list"))

    assert response.content.decode().count("you own it") == groups


def test_a_second_leave_of_a_group_already_deleted_changes_nothing(alice, group):
    owner = Membership.objects.get(user=alice)

    assert services.group_leave(membership=owner) is None
    # The same click's second request, checked before the first deleted the group.
    assert services.group_leave(membership=owner) is None
    assert not StudyGroup.objects.exists()


def test_removing_or_making_owner_a_member_who_left_meanwhile_is_refused(alice, group, bob_in):
    services.group_leave(membership=Membership.objects.get(pk=bob_in.pk))

    for write in (services.member_remove, services.ownership_hand):
        with pytest.raises(ValidationError, match="not a member of this group"):
            write(group=group, membership=bob_in)
    group.refresh_from_db()
    assert group.owner == alice


def test_an_owner_who_handed_the_group_on_in_another_tab_changes_nothing(alice, group, bob_in):
    carol_in = Membership.objects.get(user=member(group, "carol"))
    stale = StudyGroup.objects.get(pk=group.pk)
    services.ownership_hand(group=group, membership=bob_in)

    with pytest.raises(ValidationError, match="no longer own"):
        services.ownership_hand(group=stale, membership=carol_in)
    with pytest.raises(ValidationError, match="no longer own"):
        services.member_remove(group=stale, membership=carol_in)
    assert StudyGroup.objects.get().owner_id == bob_in.user_id
    assert Membership.objects.filter(pk=carol_in.pk).exists()


def test_a_deactivated_account_holds_no_place_in_a_full_group(group):
    gone, *_ = [member(group, f"m{n}") for n in range(29)]
    gone.is_active = False
    gone.save()
    newcomer = get_user_model().objects.create_user("newcomer", "newcomer@example.com")

    services.group_join(user=newcomer, group_id=group.pk, shares_week=True)

    assert Membership.objects.filter(group=group, user__is_active=True).count() == 30
