"""The API's documentation page (django-ninja's Swagger UI, served from static) works under the
site's CSP: no inline script, nothing blocked."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_works_under_the_sites_csp(live_server, page, console_errors):
    response = page.goto(f"{live_server.url}/api/v1/docs")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("certguide API")
    expect(page.get_by_text("/api/v1/hours").first).to_be_visible()
    assert console_errors == []
