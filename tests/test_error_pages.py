import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_an_unknown_page_gets_the_sites_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "There is nothing here" in page
    assert 'class="site-header"' in page


def test_the_500_page_renders_without_a_request():
    assert "Something went wrong on our side" in render_to_string("500.html")


def test_the_429_page_keeps_the_sites_look(rf):
    page = render_to_string("429.html", request=rf.get("/"))

    assert "Too many tries" in page
    assert 'class="site-header"' in page
