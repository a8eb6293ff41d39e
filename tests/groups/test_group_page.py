"""The group page: each member's week as far as they share it, the group's total, who met
their goal; weekly check-ins; in a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import CheckIn, Membership
from groups.selectors.week import this_week_of
from learners.models import AssignmentCompletion, CourseNote, StudySession
from learners.selectors.profile import profile_for

from .conftest import member

pytestmark = pytest.mark.django_db


def this_week(user) -> dt.date:
    return this_week_of(profile=profile_for(user=user), now=timezone.now())


def log(user, hours, days_back=0, note=""):
    today = user.profile.local_today(timezone.now())
    return StudySession.objects.create(
        user=user, day=today - dt.timedelta(days=days_back), hours=Decimal(hours), note=note
    )


def group_page(client, group):
    response = client.get(reverse("groups:detail", args=[group.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_sharing_members_week_streak_and_the_group_total(client, alice, group, bob, bob_in):
    # Bob's goal is 8 h: met this week and the two weeks before.
    for weeks_back in range(3):
        log(bob, "8", days_back=7 * weeks_back)
    log(alice, "2.5")
    client.force_login(alice)

    html = group_page(client, group)

    assert "8 of 8 h" in html and "2.5 of 8 h" in html
    assert "3 weeks" in html
    assert "Together: <strong>10.5 h</strong>" in html
    assert "Met their goal: Bob." in html


def test_a_member_who_shares_nothing_shows_only_their_name(client, alice, group, charlie):
    hidden = member(group, "dana", shares_week=False)
    log(hidden, "9", note="dana-secret-note")
    client.force_login(alice)

    html = group_page(client, group)
    api = client.get(f"/api/v1/groups/{group.pk}/week")

    assert "Dana" in html and "Not shared" in html
    assert "9 of" not in html and "Together: <strong>0 h</strong>" in html
    # Nor through the API (signed in by session, the API answers 401: use a token).
    assert api.status_code == 401


def test_no_notes_entries_or_addresses_reach_the_group_page_or_api(
    client, alice, group, bob, bob_in, catalog
):
    from learners.services import access_token_create

    log(bob, "1.25", note="bob-private-note")
    AssignmentCompletion.objects.create(
        user=bob,
        assignment=_any_assignment(),
        day=bob.profile.local_today(timezone.now()),
        hours=Decimal(1),
        note="bob-completion-note",
        link="https://github.com/bob/secret-repo",
    )
    CourseNote.objects.create(user=bob, course=_any_assignment().course, text="bob-course-notes")
    client.force_login(alice)
    token = access_token_create(user=alice, name="script")[1]

    html = group_page(client, group)
    api = client.get(
        f"/api/v1/groups/{group.pk}/week", headers={"Authorization": f"Bearer {token}"}
    )
    listing = client.get("/api/v1/groups", headers={"Authorization": f"Bearer {token}"})

    assert "2.25 of 8 h" in html
    assert api.status_code == listing.status_code == 200
    bob_week = next(person for person in api.json()["members"] if person["name"] == "Bob")
    assert bob_week["logged"] == 2.25 and bob_week["goal"] == 8.0
    for shown in (html, api.content.decode(), listing.content.decode()):
        for secret in (
            "bob-private-note",
            "bob-completion-note",
            "secret-repo",
            "bob-course-notes",
            bob.email,
            alice.email,
            "Europe/Berlin",
        ):
            assert secret not in shown


def _any_assignment():
    from courses.models import Assignment

    return Assignment.objects.select_related("course").first()


def post_check_in(client, group, htmx=False, **texts):
    data = {"did": "", "next": "", "stuck": ""} | texts
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("groups:check_in", args=[group.pk]), data, headers=headers)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_member_posts_then_replaces_their_check_in_of_the_week(client, bob, group, bob_in, htmx):
    client.force_login(bob)

    first = post_check_in(client, group, htmx, did="Chapter **3**", stuck="Joins")
    second = post_check_in(client, group, htmx, did="Chapters 3 and 4", next="The project")

    [check_in] = CheckIn.objects.filter(group=group, user=bob)
    assert (check_in.did, check_in.next, check_in.stuck) == ("Chapters 3 and 4", "The project", "")
    assert check_in.week_start == this_week(bob)
    if htmx:
        assert first.status_code == second.status_code == 200
        html = second.content.decode()
        assert 'id="check-ins"' in html and "<html" not in html
        assert 'data-hx-swap-oob="innerHTML">Check-in saved for the week of' in html
        assert 'id="save-check-in" autofocus' in html
    else:
        assert first.status_code == second.status_code == 302
        assert second["Location"].endswith("#check-ins")
        assert "Check-in saved" in client.get(second["Location"]).content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_or_too_long_check_in_is_refused_and_nothing_is_saved(
    client, bob, group, bob_in, htmx
):
    client.force_login(bob)

    empty = post_check_in(client, group, htmx)
    long = post_check_in(client, group, htmx, did="a" * 600, next="b" * 401)

    assert not CheckIn.objects.exists()
    assert "Write something under at least one" in empty.content.decode()
    assert "at most 1,000 characters" in long.content.decode()
    assert empty.status_code == long.status_code == 400


def test_check_ins_are_markdown_cleaned_like_write_ups(client, alice, group, bob, bob_in):
    client.force_login(bob)
    post_check_in(
        client, group, did="# Done\n<script>alert(1)</script>[x](javascript:alert(1)) *ok*"
    )
    client.force_login(alice)

    html = group_page(client, group)

    assert "<em>ok</em>" in html
    assert "<script>alert(1)" not in html and "javascript:alert" not in html


def test_the_last_four_weeks_of_check_ins_show_newest_first(client, alice, group, bob, bob_in):
    monday = this_week(alice)
    for weeks_back in range(6):
        services.check_in_save(
            membership=bob_in,
            week_start=monday - dt.timedelta(weeks=weeks_back),
            did=f"week-minus-{weeks_back}",
            next="",
            stuck="",
        )
    client.force_login(alice)

    html = group_page(client, group)

    shown = [f"week-minus-{n}" for n in range(6) if f"week-minus-{n}" in html]
    assert shown == ["week-minus-0", "week-minus-1", "week-minus-2", "week-minus-3"]
    assert html.index("week-minus-0") < html.index("week-minus-3")


def test_a_member_edits_and_deletes_their_own_check_in(client, bob, group, bob_in):
    check_in = services.check_in_save(
        membership=bob_in,
        week_start=this_week(bob) - dt.timedelta(weeks=1),
        did="old",
        next="",
        stuck="",
    )
    client.force_login(bob)
    edit = reverse("groups:check_in_edit", args=[group.pk, check_in.pk])

    assert client.get(edit).status_code == 200
    assert client.post(edit, {"did": "", "next": "", "stuck": ""}).status_code == 400
    assert client.post(edit, {"did": "*new*", "next": "", "stuck": ""}).status_code == 302
    check_in.refresh_from_db()
    assert check_in.did == "*new*"
    # The page shows the HTML stored when saved: an edit renders it again.
    assert check_in.did_html == "<p><em>new</em></p>"
    assert check_in.answers_html() == (
        '<h5>What I did</h5>\n<div class="write-up"><p><em>new</em></p></div>\n'
    )

    delete = reverse("groups:check_in_delete", args=[group.pk, check_in.pk])
    response = client.post(delete, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "deleted" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_sharing_can_be_changed_at_any_time(client, alice, group, bob, bob_in, htmx):
    log(bob, "3")
    client.force_login(bob)
    headers = {"HX-Request": "true"} if htmx else {}
    sharing = reverse("groups:sharing", args=[group.pk])

    off = client.post(sharing, {}, headers=headers)

    assert Membership.objects.get(pk=bob_in.pk).shares_week is False
    if htmx:
        assert "Your week is private" in off.content.decode()
        assert 'id="members"' in off.content.decode()
    client.force_login(alice)
    assert "3 of 8 h" not in group_page(client, group)

    client.force_login(bob)
    client.post(sharing, {"shares_week": "on"}, headers=headers)
    client.force_login(alice)
    assert "3 of 8 h" in group_page(client, group)


def crowd(group, members: int, check_ins: int) -> None:
    """Fill `group` up to `members` members, each sharing a few logged days, and `check_ins`
    check-ins spread over the last four weeks."""
    people = [membership.user for membership in group.memberships.select_related("user")]
    while len(people) < members:
        person = member(group, f"crowd{len(people)}")
        log(person, "1.5")
        log(person, "2", days_back=8)
        people.append(person)
    monday = this_week(people[0])
    made = 0
    for weeks_back in range(4):
        for person in people:
            if made == check_ins:
                return
            services.check_in_save(
                membership=group.memberships.get(user=person),
                week_start=monday - dt.timedelta(weeks=weeks_back),
                did=f"**Did** {made}",
                next="next",
                stuck="",
            )
            made += 1


@pytest.mark.parametrize(("members", "check_ins"), [(2, 0), (30, 0), (2, 8), (30, 100)])
def test_the_group_page_takes_the_same_queries_from_2_to_30_members_and_0_to_100_check_ins(
    client, alice, group, bob_in, members, check_ins, django_assert_num_queries
):
    crowd(group, members, check_ins)
    client.force_login(alice)
    url = reverse("groups:detail", args=[group.pk])

    # The user (the session is in Redis), the membership, the profile, the members, their
    # hours in one grouped query, the check-ins, the review requests waiting for the viewer.
    with django_assert_num_queries(7):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('class="check-in"') == check_ins
    assert response.content.decode().count('<th scope="row">') == members
