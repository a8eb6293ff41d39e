"""Accounts: sign-up with a verified e-mail, log-in and its throttle, log-out, password reset,
the admin's door, and the allauth pages in the site's own look."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PASSWORD_RESET = "/accounts/password/reset/"
NEW_PASSWORD = "another-long-password-7"
SITE_HEADER = '<header class="site-header">'
CHANGE_SUBJECT = "[certguide] Did you ask to use this address for a certguide account?"


def sign_up(client, email="ada@example.com"):
    return client.post(SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def link_in(message) -> str:
    """The one link of an e-mail body, as a path the test client can follow."""
    (url,) = re.findall(r"https?://testserver(/\S+)", message.body)
    return url


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


# Sign-up and verification


def test_signing_up_sends_a_verification_email_and_does_not_log_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "[certguide] Confirm your e-mail to finish signing up"
    assert "/accounts/confirm-email/" in link_in(message)
    assert logged_in_user_id(client) is None
    assert EmailAddress.objects.get(email="ada@example.com").verified is False


@pytest.mark.parametrize(
    ("way_back", "in_link"),
    [
        (None, ""),
        ("/groups/1/join/abc/", "?next=%2Fgroups%2F1%2Fjoin%2Fabc%2F"),
        ("https://elsewhere.example/", ""),
        ("//elsewhere.example/", ""),
    ],
)
def test_the_verification_link_keeps_only_a_way_back_to_this_site(client, way_back, in_link):
    data = {"email": "ada@example.com", "password1": PASSWORD, "password2": PASSWORD}
    if way_back is not None:
        data["next"] = way_back

    client.post(SIGNUP, data)

    (message,) = mail.outbox
    assert re.fullmatch(r"/accounts/confirm-email/[\w:-]+/" + re.escape(in_link), link_in(message))


def test_following_the_link_verifies_the_address_and_logs_in_to_onboarding(client):
    sign_up(client)
    link = link_in(mail.outbox[0])

    # The link opens a confirmation page: a GET alone (a mail scanner) confirms nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm your e-mail address" in page.content.decode()
    assert EmailAddress.objects.get(email="ada@example.com").verified is False

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/start/"
    address = EmailAddress.objects.get(email="ada@example.com")
    assert address.verified is True
    assert logged_in_user_id(client) == str(address.user_id)


def test_an_unverified_learner_cannot_log_in_but_gets_a_new_link(client):
    sign_up(client)
    mail.outbox.clear()
    client.cookies.clear()  # another browser, without the sign-up's session

    # allauth sends at most one link per address every 3 minutes.
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        response = client.post(LOGIN, {"login": "ada@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert logged_in_user_id(client) is None
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert "/accounts/confirm-email/" in link_in(message)


def test_signing_up_with_an_address_already_taken_mails_its_owner_instead(client):
    UserFactory(username="ada", email="ada@example.com")

    response = sign_up(client)

    # The page does not tell whether the address has an account (no enumeration).
    assert response["Location"] == "/accounts/confirm-email/"
    (message,) = mail.outbox
    assert message.subject == "[certguide] You already have a certguide account"
    assert get_user_model().objects.filter(email="ada@example.com").count() == 1


def test_a_sign_up_error_is_shown_next_to_its_field(client):
    response = client.post(
        SIGNUP, {"email": "ada@example.com", "password1": PASSWORD, "password2": "not-the-same"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_password2_error"' in page
    assert '<small class="field-error" id="id_password2_error">' in page
    assert "You must type the same password each time." in page
    assert mail.outbox == []


# Log-in and its throttle


def test_a_verified_learner_logs_in_with_email_and_password(client):
    user = UserFactory(username="ada", email="ada@example.com")

    response = client.post(LOGIN, {"login": "ada@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert logged_in_user_id(client) == str(user.pk)


def test_a_wrong_password_is_refused(client):
    UserFactory(username="ada", email="ada@example.com")

    response = client.post(LOGIN, {"login": "ada@example.com", "password": "wrong-password"})

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert logged_in_user_id(client) is None


def test_log_in_is_refused_after_five_failures_even_with_the_right_password(client):
    UserFactory(username="ada", email="ada@example.com")
    for _ in range(5):
        failed = client.post(LOGIN, {"login": "ada@example.com", "password": "wrong-password"})
        assert "Too many failed login attempts" not in failed.content.decode()

    response = client.post(LOGIN, {"login": "ada@example.com", "password": PASSWORD})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in page
    assert 'role="alert"' in page
    assert logged_in_user_id(client) is None


def test_the_throttle_counts_per_account(client):
    UserFactory(username="ada", email="ada@example.com")
    grace = UserFactory(username="grace", email="grace@example.com")
    for _ in range(5):
        client.post(LOGIN, {"login": "ada@example.com", "password": "wrong-password"})

    response = client.post(LOGIN, {"login": "grace@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(grace.pk)


# Log-out


def test_logging_out_by_post_ends_the_session(alice_client):
    response = alice_client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(alice_client) is None
    assert alice_client.get("/dashboard/")["Location"].startswith(LOGIN)


def test_a_get_to_log_out_only_asks_to_confirm(alice_client, alice):
    response = alice_client.get(LOGOUT)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<form method="post" action="{LOGOUT}"' in page
    assert logged_in_user_id(alice_client) == str(alice.pk)


# Password reset


def test_asking_for_a_password_reset_sends_a_link_by_email(client):
    UserFactory(username="ada", email="ada@example.com")

    response = client.post(PASSWORD_RESET, {"email": "ada@example.com"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "[certguide] Choose a new password"
    assert link_in(message).startswith("/accounts/password/reset/key/")


def test_a_reset_for_an_unknown_address_looks_the_same_and_says_so_by_email(client):
    response = client.post(PASSWORD_RESET, {"email": "nobody@example.com"})

    assert response["Location"] == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.subject == "[certguide] No certguide account uses this address"


def test_the_reset_link_lets_the_learner_choose_a_new_password(client):
    UserFactory(username="ada", email="ada@example.com")
    client.post(PASSWORD_RESET, {"email": "ada@example.com"})

    # allauth moves the key from the URL into the session before showing the form.
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    form_page = client.get(form_url)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()

    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/password/reset/key/done/"
    assert "Password changed" in client.get(done["Location"]).content.decode()

    response = client.post(LOGIN, {"login": "ada@example.com", "password": NEW_PASSWORD})
    assert response["Location"] == "/dashboard/"


# The admin's door


def test_a_learner_who_is_not_staff_gets_403_at_the_admin(alice_client):
    response = alice_client.get("/admin/", follow=True)

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_allauth_login_from_the_admin(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1] == ("/accounts/login/?next=%2Fadmin%2F", 302)
    assert response.status_code == 200
    assert "Log in" in response.content.decode()


def test_a_staff_member_reaches_the_admin(client):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))

    assert client.get("/admin/").status_code == 200


# The allauth pages in the site's look


def assert_in_the_site_look(response, heading):
    page = response.content.decode()
    assert response.status_code == 200
    assert SITE_HEADER in page
    assert f">{heading}</h1>" in page
    # The CSP allows neither inline style nor inline script.
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        (SIGNUP, "Create your certguide account"),
        (LOGIN, "Log in"),
        ("/accounts/confirm-email/", "Check your inbox"),
        ("/accounts/confirm-email/not-a-key/", "Confirm your e-mail address"),
        (PASSWORD_RESET, "Reset your password"),
        ("/accounts/password/reset/done/", "Check your inbox"),
        ("/accounts/password/reset/key/1-not-a-key/", "Reset link not valid"),
        ("/accounts/password/reset/key/done/", "Password changed"),
        ("/accounts/inactive/", "This account is inactive"),
    ],
)
def test_each_entrance_page_answers_in_the_site_look(client, path, heading):
    assert_in_the_site_look(client.get(path), heading)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        (LOGOUT, "Log out"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "Your e-mail address"),
        ("/accounts/reauthenticate/", "Confirm it's you"),
    ],
)
def test_each_account_page_answers_in_the_site_look(alice_client, path, heading):
    assert_in_the_site_look(alice_client.get(path), heading)


def test_an_account_page_leads_back_to_settings(alice_client):
    page = alice_client.get("/accounts/password/change/").content.decode()

    assert '<nav aria-label="breadcrumb"' in page
    assert '<a href="/settings/">Settings</a>' in page


def test_a_pending_change_of_email_is_shown_without_inline_style(alice_client, alice):
    response = alice_client.post(
        "/accounts/email/", {"action_add": "", "email": "alice.new@example.com"}, follow=True
    )

    assert_in_the_site_look(response, "Your e-mail address")
    page = response.content.decode()
    assert 'value="alice.new@example.com"' in page
    assert '<form hidden id="pending-email"' in page
    (message,) = mail.outbox
    assert message.to == ["alice.new@example.com"]
    assert message.subject == CHANGE_SUBJECT
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"  # unchanged until confirmed


def test_the_confirmation_tells_someone_who_did_not_ask_that_it_was_not_them(alice_client):
    alice_client.post("/accounts/email/", {"action_add": "", "email": "dora@example.com"})

    (message,) = mail.outbox
    assert message.subject == CHANGE_SUBJECT
    body = " ".join(message.body.split())
    assert "Someone signed in to a certguide account asked to make this address its e-mail" in body
    assert (
        "If that was not you, do not open the link: ignore this e-mail and nothing changes. "
        "An account you may have with us is not affected." in body
    )


@pytest.mark.parametrize("typed", ["charlie@example.com", "Charlie@Example.COM"])
def test_an_address_verified_on_another_account_is_refused_neutrally(
    alice_client, alice, charlie, typed
):
    response = alice_client.post("/accounts/email/", {"action_add": "", "email": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert "This address cannot be used. Give another one." in page
    assert "charlie" not in page.replace(typed, "").lower()  # nothing about whose it is
    assert not EmailAddress.objects.filter(user=alice, email__iexact=typed).exists()
    assert mail.outbox == []


# Navigation


def test_a_visitor_sees_log_in_and_sign_up_in_the_navigation(client):
    page = client.get(LOGIN).content.decode()

    assertInHTML(f'<a href="{LOGIN}" aria-current="page">Log in</a>', page)
    assertInHTML(f'<a href="{SIGNUP}" role="button">Sign up</a>', page)
    assert "Log out" not in page


def test_a_learner_sees_dashboard_settings_and_a_log_out_button(alice_client):
    page = alice_client.get("/accounts/password/change/").content.decode()

    assertInHTML('<a href="/dashboard/">Dashboard</a>', page)
    # The password page belongs to Settings: the link marks the section, not the page.
    assertInHTML('<a href="/settings/" aria-current="true">Settings</a>', page)
    assert re.search(rf'<form method="post" action="{LOGOUT}" class="nav-form">', page)
    assertInHTML('<button type="submit" class="secondary outline">Log out</button>', page)
    assert "Sign up" not in page


def test_the_dashboard_link_marks_the_dashboard_as_the_current_page(alice_client):
    page = alice_client.get("/dashboard/").content.decode()

    assertInHTML('<a href="/dashboard/" aria-current="page">Dashboard</a>', page)
