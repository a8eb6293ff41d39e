"""Certificate links and LinkedIn's add-to-profile link, without the database."""

import datetime as dt

import pytest

from learners.certificates import (
    MAX_LINK_CHARS,
    CertificateLink,
    CertificateLinkError,
    certificate_link,
    linkedin_add_url,
)

CREDLY_BADGE = "0b7ad6f5-2d7e-4c0c-9a0e-1f1bd2a0c1e3"
EDX_CERTIFICATE = "3f2a9c0b7d1e4a6b8c5d0e9f1a2b3c4d"


@pytest.mark.parametrize(
    ("given", "url", "credential"),
    [
        (
            "https://www.coursera.org/verify/ABC123XYZ",
            "https://www.coursera.org/verify/ABC123XYZ",
            "ABC123XYZ",
        ),
        (
            "https://www.coursera.org/verify/specialization/QWERTY12",
            "https://www.coursera.org/verify/specialization/QWERTY12",
            "QWERTY12",
        ),
        (
            "https://www.coursera.org/verify/professional-cert/PC1234AB",
            "https://www.coursera.org/verify/professional-cert/PC1234AB",
            "PC1234AB",
        ),
        (
            "https://www.coursera.org/account/accomplishments/verify/L8M9N0P1",
            "https://www.coursera.org/account/accomplishments/verify/L8M9N0P1",
            "L8M9N0P1",
        ),
        (
            "https://www.coursera.org/account/accomplishments/specialization/certificate/SPEC42",
            "https://www.coursera.org/account/accomplishments/specialization/certificate/SPEC42",
            "SPEC42",
        ),
        (
            "https://www.coursera.org/account/accomplishments/professional-cert/certificate/PRO7",
            "https://www.coursera.org/account/accomplishments/professional-cert/certificate/PRO7",
            "PRO7",
        ),
    ],
)
def test_each_coursera_form_is_recognised_with_its_credential_id(given, url, credential):
    assert certificate_link(given) == CertificateLink(
        url=url, issuer="Coursera", credential_id=credential
    )


def test_a_coursera_link_loses_its_query_fragment_and_trailing_slash_and_gains_www():
    given = "https://coursera.org/verify/ABC123/?utm_source=link&utm_medium=certificate#top"

    assert certificate_link(given).url == "https://www.coursera.org/verify/ABC123"


def test_a_credly_badge_is_recognised_by_its_uuid():
    link = certificate_link(f"https://www.credly.com/badges/{CREDLY_BADGE}/public_url?x=1")

    assert link == CertificateLink(
        url=f"https://www.credly.com/badges/{CREDLY_BADGE}",
        issuer="Credly",
        credential_id=CREDLY_BADGE,
    )


def test_an_edx_certificate_is_recognised_by_its_hex_id():
    link = certificate_link(f"https://courses.edx.org/certificates/{EDX_CERTIFICATE}")

    assert link == CertificateLink(
        url=f"https://courses.edx.org/certificates/{EDX_CERTIFICATE}",
        issuer="edX",
        credential_id=EDX_CERTIFICATE,
    )
    assert link.label == "edX verification page"


@pytest.mark.parametrize(
    "given",
    [
        "https://example.org/certificates/42?id=7",
        # Coursera codes are upper-case letters and digits.
        "https://www.coursera.org/verify/abc123",
        "https://www.coursera.org/learn/machine-learning",
        "https://www.credly.com/badges/not-a-uuid",
        "https://courses.edx.org/certificates/not-hex",
        # The known host only as a user name: the link goes to another site.
        "https://www.coursera.org@example.org/verify/ABC123",
        "https://www.coursera.org.example.org/verify/ABC123",
    ],
)
def test_any_other_https_page_is_kept_as_given_and_labelled_unknown(given):
    link = certificate_link(given)

    assert link == CertificateLink(url=given)
    assert not link.known
    assert link.label == "Not a known verification page"


@pytest.mark.parametrize(
    "given",
    [
        "http://www.coursera.org/verify/ABC123",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/cert.pdf",
        "www.coursera.org/verify/ABC123",
    ],
)
def test_what_is_not_an_https_link_is_refused(given):
    with pytest.raises(CertificateLinkError, match="Give the certificate’s https:// link"):
        certificate_link(given)


def test_an_over_long_link_is_refused_with_its_length():
    given = "https://example.org/" + "a" * 5000

    with pytest.raises(CertificateLinkError, match="That link is 5,020 characters long"):
        certificate_link(given)
    assert certificate_link(given[:MAX_LINK_CHARS]).url == given[:MAX_LINK_CHARS]


def test_a_link_without_a_site_is_refused():
    with pytest.raises(CertificateLinkError, match="names no site"):
        certificate_link("https:///verify/ABC123")


def test_the_linkedin_link_encodes_every_value_in_order():
    url = linkedin_add_url(
        name="Machine Learning: Regression",
        organization="University of Washington",
        issued_on=dt.date(2026, 2, 14),
        cert_url="https://www.coursera.org/verify/ABC123",
        cert_id="ABC123",
    )

    assert url == (
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
        "&name=Machine%20Learning%3A%20Regression"
        "&organizationName=University%20of%20Washington"
        "&issueYear=2026&issueMonth=2"
        "&certUrl=https%3A%2F%2Fwww.coursera.org%2Fverify%2FABC123"
        "&certId=ABC123"
    )


def test_the_linkedin_link_encodes_ampersands_and_leaves_out_what_is_unknown():
    url = linkedin_add_url(
        name="MLOps & Deployment",
        organization="DeepLearning.AI",
        issued_on=None,
        cert_url="https://example.org/c?id=1&x=2",
        cert_id=None,
    )

    assert url == (
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
        "&name=MLOps%20%26%20Deployment&organizationName=DeepLearning.AI"
        "&certUrl=https%3A%2F%2Fexample.org%2Fc%3Fid%3D1%26x%3D2"
    )


@pytest.mark.parametrize(
    "given",
    ["https://www.coursera.org/verify/ABC\u200b123", "https://cred\u202ely.com/badges/x"],
)
def test_a_link_with_hidden_characters_is_refused(given):
    with pytest.raises(CertificateLinkError, match="invisible characters"):
        certificate_link(given)


@pytest.mark.parametrize("given", ["https://example.org:00:00/x", "https://[::1/verify/ABC123"])
def test_a_link_that_is_no_web_address_is_refused(given):
    with pytest.raises(CertificateLinkError, match="not a web address"):
        certificate_link(given)
