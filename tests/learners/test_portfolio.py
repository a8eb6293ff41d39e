import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from courses.models import Course, Skill
from learners.models import WRITE_UP_MAX_CHARS, PortfolioProject

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

PORTFOLIO = reverse("learners:portfolio")
NEW = reverse("learners:project_new")
ANSWERS = [field for field, _ in PortfolioProject.INTERVIEW_QUESTIONS]
READY_BADGE = '<span class="badge badge-pass">Interview-ready</span>'


def skill(slug: str) -> Skill:
    return Skill.objects.get(slug=slug)


def valid(**overrides):
    return {
        "title": "Churn prediction",
        "summary": "Which subscribers leave, and why.",
        "write_up": "## Approach\n\nGradient boosting, **validated** on a time split.",
        "repo_url": "https://github.com/alice/churn",
        "demo_url": "",
        "public": "on",
        "employer_checks": [skill("model-evaluation").pk, skill("data-preprocessing").pk],
        "topics": [skill("classification").pk],
        "courses": [Course.objects.get(slug="machine-learning-classification").pk],
    } | overrides


def make_project(user, **fields) -> PortfolioProject:
    return PortfolioProject.objects.create(user=user, **{"title": "Churn prediction"} | fields)


def detail(project) -> str:
    return reverse("learners:project_detail", args=[project.pk])


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (PORTFOLIO, NEW):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_portfolio_lists_the_learners_own_projects_only(alice_client, alice, charlie):
    make_project(alice, title="Alice's churn model", public=True)
    make_project(charlie, title="Charlie's secret model")

    page = alice_client.get(PORTFOLIO).content.decode()

    assert "Alice&#x27;s churn model" in page
    assert "Charlie" not in page


def test_a_new_learner_is_invited_to_add_a_first_project(alice_client):
    page = alice_client.get(PORTFOLIO).content.decode()

    assert "No project yet." in page
    assert f'href="{NEW}"' in page


def test_it_creates_a_project_with_its_skills_and_courses(alice_client, alice, catalog):
    response = alice_client.post(NEW, valid())

    project = PortfolioProject.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == detail(project)
    assert project.title == "Churn prediction"
    assert project.public
    assert {s.slug for s in project.skills.all()} == {
        "model-evaluation",
        "data-preprocessing",
        "classification",
    }
    assert [c.slug for c in project.courses.all()] == ["machine-learning-classification"]
    page = alice_client.get(response["Location"]).content.decode()
    assert "Saved “Churn prediction”." in page
    assert "<h3>Approach</h3>" in page  # under the page's own "Write-up" <h2>
    assert "<strong>validated</strong>" in page


def test_the_new_project_form_groups_skills_by_kind_and_lists_published_courses(
    alice_client, catalog
):
    Course.objects.filter(slug="machine-learning-for-all").update(published=False)

    page = alice_client.get(NEW).content.decode()

    checks, topics = page.index("Employer checks it shows"), page.index("Topics")
    assert checks < page.index("Model evaluation &amp; overfitting") < topics
    assert topics < page.index("Deep learning")
    assert "Machine Learning: Classification" in page
    assert "Machine Learning for All" not in page


def test_a_skill_in_the_address_comes_ticked(alice_client, catalog):
    evaluation = skill("model-evaluation")

    page = alice_client.get(f"{NEW}?skill=model-evaluation").content.decode()

    assert f'value="{evaluation.pk}" id="id_employer_checks_3" checked' in page
    assert page.count(" checked") == 1


def test_the_project_page_shows_links_skills_courses_and_status(alice_client, alice, catalog):
    alice_client.post(NEW, valid(demo_url="https://alice.example.com/churn"))
    project = PortfolioProject.objects.get(user=alice)

    page = alice_client.get(detail(project)).content.decode()

    assert 'href="https://github.com/alice/churn" rel="nofollow noopener external"' in page
    assert 'href="https://alice.example.com/churn"' in page
    assert "Model evaluation &amp; overfitting" in page and "Classification" in page
    assert "Built during" in page and "Machine Learning: Classification" in page
    assert "Public" in page
    assert "0 of 6 answered" in page


def test_links_stored_without_validation_are_not_rendered(alice_client, alice):
    # .create() skips validators: the page checks the scheme again.
    project = make_project(
        alice, repo_url="javascript:alert(1)", demo_url="ftp://example.com/x", public=True
    )

    page = alice_client.get(detail(project)).content.decode()

    assert "javascript:" not in page
    assert "ftp:" not in page


def test_the_write_up_is_shown_sanitised(alice_client, alice):
    project = make_project(
        alice,
        write_up="Results <script>alert('x')</script>[more](javascript:alert(1)) "
        '<img src=x onerror="alert(2)">',
    )

    page = alice_client.get(detail(project)).content.decode()

    assert "Results" in page
    assert "alert" not in page
    assert "onerror" not in page


def test_it_edits_a_project_and_replaces_its_skills(alice_client, alice, catalog):
    alice_client.post(NEW, valid())
    project = PortfolioProject.objects.get(user=alice)
    edit = reverse("learners:project_edit", args=[project.pk])

    form = alice_client.get(edit).content.decode()
    response = alice_client.post(
        edit,
        valid(
            title="Churn prediction, revisited",
            employer_checks=[skill("explaining-a-model").pk],
            topics=[],
            public="",
        ),
    )

    assert f'value="{skill("model-evaluation").pk}" id="id_employer_checks_3" checked' in form
    assert response["Location"] == detail(project)
    project.refresh_from_db()
    assert project.title == "Churn prediction, revisited"
    assert not project.public
    assert [s.slug for s in project.skills.all()] == ["explaining-a-model"]


HIDDEN_IN_LINK = (
    "Take out the invisible characters (direction or zero-width marks): they can make a link "
    "look like another."
)
REFUSALS = [
    ("repo_url", "javascript:alert(1)", "Give a link starting with http:// or https://."),
    ("demo_url", "ftp://example.com/model.pkl", "Give a link starting with http:// or https://."),
    (
        "write_up",
        "x" * 200_000,
        f"Keep the write-up under {WRITE_UP_MAX_CHARS:,} characters: link to the repository "
        "for the rest.",
    ),
    ("title", "", "Give the project a title."),
    # Invisible characters in a link can make it look like another address.
    ("repo_url", "https://git\u200bhub.com/alice/churn", HIDDEN_IN_LINK),
    ("demo_url", "https://example.com/\u202egnp.exe", HIDDEN_IN_LINK),
    ("title", "\u200b\u202e", "This field cannot be blank."),
]


def test_direction_and_zero_width_characters_are_taken_out_of_a_title(alice_client, alice, catalog):
    response = alice_client.post(NEW, valid(title="\u202eChurn\u200b prediction\u2066\ufeff"))

    assert response.status_code == 302
    assert PortfolioProject.objects.get(user=alice).title == "Churn prediction"


@pytest.mark.parametrize(("field", "value", "message"), REFUSALS)
def test_bad_input_is_refused_and_nothing_is_written(alice_client, catalog, field, value, message):
    response = alice_client.post(NEW, valid(**{field: value}))

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert f'id="id_{field}_error"' in page  # next to the field it is about
    assert "Nothing was saved" in page
    assert not PortfolioProject.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), REFUSALS)
def test_a_refused_edit_changes_nothing(alice_client, alice, catalog, field, value, message):
    project = make_project(alice, repo_url="https://github.com/alice/churn")

    response = alice_client.post(
        reverse("learners:project_edit", args=[project.pk]), valid(**{field: value})
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Edit “Churn prediction”" in response.content.decode()
    project.refresh_from_db()
    assert (project.title, project.repo_url, project.write_up) == (
        "Churn prediction",
        "https://github.com/alice/churn",
        "",
    )
    assert not project.skills.exists()


def test_deleting_asks_first_then_deletes_on_post(alice_client, alice):
    project = make_project(alice)
    url = reverse("learners:project_delete", args=[project.pk])

    confirm = alice_client.get(url)

    assert "Delete “Churn prediction”?" in confirm.content.decode()
    assert PortfolioProject.objects.filter(pk=project.pk).exists()

    response = alice_client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == PORTFOLIO
    assert "Deleted “Churn prediction”." in response.content.decode()
    assert not PortfolioProject.objects.filter(pk=project.pk).exists()


@pytest.mark.parametrize("name", ["project_detail", "project_edit", "project_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_charlie_gets_404_on_every_url_of_alices_project(client, alice, charlie, name, method):
    project = make_project(alice)
    client.force_login(charlie)

    response = getattr(client, method)(
        reverse(f"learners:{name}", args=[project.pk]), {"title": "Taken over"}
    )

    assert response.status_code == 404
    project.refresh_from_db()
    assert project.title == "Churn prediction"


def test_the_project_page_answers_only_get_to_its_owner(alice_client, alice):
    project = make_project(alice)

    assert alice_client.post(detail(project)).status_code == 405


def answered(count: int) -> dict[str, str]:
    return {field: f"Answer {n + 1}." for n, field in enumerate(ANSWERS[:count])}


def test_a_project_with_all_six_answers_is_interview_ready(alice_client, alice):
    project = make_project(alice, **answered(6))

    page = alice_client.get(detail(project)).content.decode()

    assert READY_BADGE in page
    assert "6 of 6 answered" in page
    for n, (_, question) in enumerate(PortfolioProject.INTERVIEW_QUESTIONS):
        assert escape(question) in page
        assert f"Answer {n + 1}." in page
    assert "Not answered yet." not in page
    assert READY_BADGE in alice_client.get(PORTFOLIO).content.decode()


def test_a_project_with_five_answers_is_not_interview_ready_yet(alice_client, alice):
    project = make_project(alice, **answered(5), answer_limitations="   ")

    page = alice_client.get(detail(project)).content.decode()

    assert READY_BADGE not in page
    assert "5 of 6 answered" in page
    assert page.count("Not answered yet.") == 1
    assert "Answer 5." in page
    assert "5 of 6 answered" in alice_client.get(PORTFOLIO).content.decode()


def test_answers_given_in_the_form_are_saved(alice_client, alice, catalog):
    alice_client.post(NEW, valid(**answered(6)))

    assert PortfolioProject.objects.get(user=alice).interview_ready


def queries_for_portfolio(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PORTFOLIO).status_code == 200
    return len(queries)


def test_the_portfolios_query_count_does_not_grow_with_projects(client, catalog):
    tags = list(Skill.objects.all()[:3])
    counts = []
    for projects in (1, 10):
        user = ProfileFactory().user
        for n in range(projects):
            make_project(user, title=f"Project {n}").skills.set(tags)
        client.force_login(user)
        counts.append(queries_for_portfolio(client))

    assert counts[0] == counts[1]
