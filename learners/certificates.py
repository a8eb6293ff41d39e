"""Certificate links as pure functions: which verification page a link is, and LinkedIn's
add-to-profile link for a certificate. No database, no Django models.

A recruiter checks a certificate on its issuer's verification page. Links to the pages we know
(Coursera, Credly, edX) are normalised: https, the issuer's canonical host, no query string or
fragment (tracking parameters), the credential ID kept. A link to any other https page is kept
as given, labelled as a page we do not know.
"""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from courses.rules import HIDDEN_IN_LINK, has_hidden_characters, is_web_link

# Browsers and servers handle links up to about this long; anything longer is not a link a
# learner copied from a verification page.
MAX_LINK_CHARS = 2048


@dataclass(frozen=True)
class Issuer:
    name: str
    host: str  # the canonical host links are rewritten to
    hosts: frozenset[str]  # the hosts its links come from
    prefixes: tuple[str, ...]  # the paths before a credential ID
    credential: str  # a credential ID, as a regular expression
    ignored_suffix: str = ""  # a last path segment that leads to the same page

    def credential_path(self, path: str) -> tuple[str, str] | None:
        """(canonical path, credential ID) when `path` is one of a credential's pages."""
        suffix = f"(?:{re.escape(self.ignored_suffix)})?" if self.ignored_suffix else ""
        for prefix in self.prefixes:
            if match := re.fullmatch(rf"{re.escape(prefix)}({self.credential}){suffix}/?", path):
                return prefix + match[1], match[1]
        return None


ISSUERS = (
    Issuer(
        "Coursera",
        "www.coursera.org",
        frozenset({"www.coursera.org", "coursera.org"}),
        (
            "/verify/",
            "/verify/specialization/",
            "/verify/professional-cert/",
            "/account/accomplishments/verify/",
            "/account/accomplishments/specialization/certificate/",
            "/account/accomplishments/professional-cert/certificate/",
        ),
        credential="[A-Z0-9]+",
    ),
    Issuer(
        "Credly",
        "www.credly.com",
        frozenset({"www.credly.com", "credly.com"}),
        ("/badges/",),
        credential="[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        # Credly's share button links the badge page by this address.
        ignored_suffix="/public_url",
    ),
    Issuer(
        "edX",
        "courses.edx.org",
        frozenset({"courses.edx.org"}),
        ("/certificates/",),
        credential="[0-9a-f]+",
    ),
)


@dataclass(frozen=True)
class CertificateLink:
    url: str
    issuer: str | None = None  # None: a page we do not know
    credential_id: str | None = None

    @property
    def known(self) -> bool:
        return self.issuer is not None

    @property
    def label(self) -> str:
        if self.known:
            return f"{self.issuer} verification page"
        return "Not a known verification page"


class CertificateLinkError(ValueError):
    """Why a link cannot be a certificate's link, in words for the learner."""


def certificate_link(url: str) -> CertificateLink:
    """The certificate link `url` is, normalised when its issuer is known.

    Raises CertificateLinkError for what is not an https link: http (a verification page that
    cannot be trusted in transit), javascript:, data:, ftp: and the rest, links with hidden
    (direction or zero-width) characters, and over-long links."""
    url = url.strip()
    if len(url) > MAX_LINK_CHARS:
        raise CertificateLinkError(
            f"That link is {len(url):,} characters long: a verification page’s link is at most "
            f"{MAX_LINK_CHARS:,}. Copy it again from the certificate’s page."
        )
    if not is_web_link(url) or not url.lower().startswith("https://"):
        raise CertificateLinkError(
            "Give the certificate’s https:// link, e.g. https://www.coursera.org/verify/ABC123."
        )
    if has_hidden_characters(url):
        raise CertificateLinkError(HIDDEN_IN_LINK)
    try:
        parts = urlsplit(url)
        port = parts.port  # read here: a port that is no number raises
    except ValueError as error:  # brackets or a port that are not an address's
        raise CertificateLinkError(
            "That is not a web address: copy the whole link again."
        ) from error
    if not parts.hostname:
        raise CertificateLinkError("That link names no site: copy the whole address.")
    if parts.username is None and port is None:
        for issuer in ISSUERS:
            if parts.hostname in issuer.hosts and (found := issuer.credential_path(parts.path)):
                path, credential = found
                return CertificateLink(
                    url=f"https://{issuer.host}{path}", issuer=issuer.name, credential_id=credential
                )
    return CertificateLink(url=url)


LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"


def linkedin_add_url(
    *,
    name: str,
    organization: str,
    issued_on: dt.date | None,
    cert_url: str,
    cert_id: str | None,
) -> str:
    """LinkedIn's add-to-profile form, prefilled with the certificate; every value encoded
    (spaces as %20). The date and the ID are left out when unknown."""
    query = {"startTask": "CERTIFICATION_NAME", "name": name, "organizationName": organization}
    if issued_on:
        query |= {"issueYear": issued_on.year, "issueMonth": issued_on.month}
    query["certUrl"] = cert_url
    if cert_id:
        query["certId"] = cert_id
    return f"{LINKEDIN_ADD_URL}?{urlencode(query, quote_via=quote, safe='')}"
