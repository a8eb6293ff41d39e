import pytest

pytestmark = pytest.mark.django_db


def test_the_landing_page_says_what_certguide_does(client):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Turn a machine-learning certificate into evidence employers check" in page
    assert 'href="#main"' in page  # skip link
    # The estimate at the default 10 h/week: 20–40 h → 2–4 weeks, 80–160 h → 8–16 weeks.
    assert "2–4 weeks" in page
    assert "8–16 weeks" in page


def test_the_estimate_follows_the_hours_given(client):
    response = client.get("/", {"hours_per_week": "6"})

    page = response.content.decode()
    # 20/6 → 4 (3.3 rounds up), 40/6 → 7; 80/6 → 14, 160/6 → 27.
    assert "4–7 weeks" in page
    assert "14–27 weeks" in page


def test_an_htmx_request_gets_only_the_estimate_fragment(client):
    response = client.get("/", {"hours_per_week": "20"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    # One short sentence for the page's live region, out of band; then the region's details.
    said, region = page.strip().split("\n", 1)
    assert said == (
        '<p id="estimate-said" data-hx-swap-oob="innerHTML">At 20 h a week: a single-course '
        "certificate 1–2 weeks; a university specialization 4–8 weeks.</p>"
    )
    assert region.lstrip().startswith('<div id="estimate">')
    assert "<html" not in page
    assert "1–2 weeks" in region
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Give at least half an hour a week."),
        ("-3", "Give at least half an hour a week."),
        ("81", "A week has room for at most 80 study hours."),
        ("abc", "Enter the hours as a number"),
    ],
)
def test_bad_hours_get_a_clear_message(client, hours, message):
    response = client.get("/", {"hours_per_week": hours})

    assert response.status_code == 200
    assert message in response.content.decode()


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_anonymous_pages_name_no_theme_so_the_system_decides(client):
    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert "data-theme" not in page
