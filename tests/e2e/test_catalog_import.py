import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from courses.catalog import EXTRA_FILES
from tests.learners.factories import PASSWORD, UserFactory

# live_server reads the data from another thread: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PROGRAMS = EXTRA_FILES[-1][1]


def test_an_editor_imports_the_extra_programs_and_the_public_sees_them(
    live_server, page, catalog_with_backers
):
    editor = UserFactory(is_staff=True)
    # A transactional test empties the tables, the migration's group with them: made again.
    group, _ = Group.objects.get_or_create(name="Catalog editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="courses"))
    editor.groups.add(group)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/admin/courses/course/")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("File to import").set_input_files(str(PROGRAMS))
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()

    # The preview: every program is new, nothing is written yet.
    preview = page.locator("table.import-preview")
    expect(preview).to_contain_text("Machine Learning Crash Course")
    expect(preview.locator("tbody tr")).to_have_count(10)
    expect(preview.locator("tbody tr", has_text="New")).to_have_count(10)
    # A visitor in a browser of their own; the public pages must show no console error (the
    # admin's own pages set inline styles that the site's CSP refuses, harmlessly).
    visitor = page.context.browser.new_page()
    console_errors = []
    visitor.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    visitor.goto(live_server.url + "/courses/?q=Crash")
    expect(visitor.locator("#results-count")).to_contain_text("No published course matches")

    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("Import finished: 10 new")

    page = visitor
    page.goto(live_server.url + "/courses/?q=Professional+Machine+Learning+Engineer")
    expect(page.locator("#results")).to_contain_text("$200 exam fee")
    page.get_by_role("link", name="Professional Machine Learning Engineer certification").click()
    source = page.locator("p.source")
    expect(source).to_contain_text("Source: Length and fee from Google Cloud")
    expect(source).to_contain_text("check before you enrol")
    expect(source.get_by_role("link")).to_have_attribute(
        "href", "https://cloud.google.com/certification/practice-exam/machine-learning-engineer"
    )
    expect(page.locator("#verdict")).to_contain_text("Worth it only beside portfolio work")
    # The retired AWS exam and the unconfirmed IBM certificate stay out of the catalog.
    page.goto(live_server.url + "/courses/?q=AWS")
    expect(page.locator("#results")).to_contain_text("Machine Learning Engineer – Associate")
    expect(page.locator("#results")).not_to_contain_text("Specialty")
    assert console_errors == []
