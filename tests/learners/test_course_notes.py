"""Private notes on a course: saved with or without JavaScript, cleaned, capped, never public."""

import pytest
from django.urls import reverse

from learners.models import NOTE_MAX_CHARS, CourseNote, Profile

pytestmark = pytest.mark.django_db

SLUG = "machine-learning-regression"
PAGE = reverse("learners:my_course", args=[SLUG])
NOTES = reverse("learners:course_note", args=[SLUG])
HTMX = {"HX-Request": "true"}


def test_the_course_page_has_a_notes_box_that_autosaves_after_a_pause(alice_client, catalog):
    page = alice_client.get(PAGE).content.decode()

    assert 'id="course-notes"' in page
    assert f'data-hx-post="{NOTES}"' in page
    assert 'data-hx-trigger="input changed delay:1s"' in page
    assert 'id="note-status"' in page and 'role="status"' in page


def test_a_plain_post_saves_the_notes_and_comes_back_to_them(alice_client, alice, catalog):
    response = alice_client.post(NOTES, {"text": "## Week 1\n\n- ridge vs lasso"})

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert CourseNote.objects.get(user=alice, course__slug=SLUG).text == (
        "## Week 1\n\n- ridge vs lasso"
    )
    page = alice_client.get(PAGE).content.decode()
    assert "ridge vs lasso</textarea>" in page
    assert "<h3>Week 1</h3>" in page  # rendered, its heading under the page's own


def test_an_htmx_save_answers_with_the_status_line_only(alice_client, alice, catalog):
    alice_client.post(NOTES, {"text": "first"}, headers=HTMX)
    response = alice_client.post(NOTES, {"text": "second"}, headers=HTMX)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("Saved at <time")
    assert "<textarea" not in body
    assert CourseNote.objects.get(user=alice).text == "second"
    assert CourseNote.objects.count() == 1


def test_markdown_is_cleaned_as_project_write_ups_are(alice_client, catalog):
    alice_client.post(NOTES, {"text": "[x](javascript:alert(1)) <script>alert(2)</script> **ok**"})

    page = alice_client.get(PAGE).content.decode()
    preview = page[page.index('<div class="write-up">') :]
    assert "<strong>ok</strong>" in preview
    assert "<script>alert(2)" not in preview
    assert "javascript:" not in preview


@pytest.mark.parametrize("htmx", [False, True])
def test_notes_past_the_limit_are_refused_with_a_message_and_nothing_is_written(
    alice_client, alice, catalog, htmx
):
    alice_client.post(NOTES, {"text": "kept"})
    too_long = "x" * (NOTE_MAX_CHARS + 1)

    response = alice_client.post(NOTES, {"text": too_long}, headers=HTMX if htmx else {})

    assert response.status_code == 400
    assert "Notes can hold at most 20,000 characters: shorten them" in response.content.decode()
    assert CourseNote.objects.get(user=alice).text == "kept"


def test_exactly_the_limit_is_saved(alice_client, alice, catalog):
    assert alice_client.post(NOTES, {"text": "x" * NOTE_MAX_CHARS}).status_code == 302
    assert len(CourseNote.objects.get(user=alice).text) == NOTE_MAX_CHARS


def test_notes_of_an_unpublished_or_unknown_course_are_404(alice_client, catalog):
    url = reverse("learners:course_note", args=["no-such-course"])

    assert alice_client.post(url, {"text": "x"}).status_code == 404
    assert not CourseNote.objects.exists()


def test_each_learner_sees_only_their_own_notes(client, alice, charlie, catalog):
    client.force_login(alice)
    client.post(NOTES, {"text": "alice-secret-notes"})
    client.force_login(charlie)

    assert "alice-secret-notes" not in client.get(PAGE).content.decode()
    client.post(NOTES, {"text": "charlie's"})
    assert CourseNote.objects.get(user=alice).text == "alice-secret-notes"


def test_notes_never_reach_the_public_portfolio(client, alice, catalog):
    client.force_login(alice)
    client.post(NOTES, {"text": "alice-secret-notes"})
    Profile.objects.filter(user=alice).update(
        public_portfolio=True, public_slug="alice-ml", show_activity=True
    )
    client.logout()

    page = client.get(reverse("learners:public_portfolio", args=["alice-ml"])).content.decode()

    assert "alice-secret-notes" not in page
