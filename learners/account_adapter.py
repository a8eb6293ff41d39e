"""allauth's adapter for certguide's accounts (settings.ACCOUNT_ADAPTER)."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import REDIRECT_FIELD_NAME


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link carries the sign-up's way back (`next`, when it is one of
        this site's addresses). In the browser that signed up, allauth resumes the log-in and
        goes there anyway; on another device (mail read on a phone) nobody is logged in, and
        without it the way back, an invite link say, would be lost."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        # `request` is None when a confirmation is sent outside a request (allauth's note).
        way_back = request.POST.get(REDIRECT_FIELD_NAME, "") if request is not None else ""
        if way_back and self.is_safe_url(way_back):
            url += "?" + urlencode({REDIRECT_FIELD_NAME: way_back})
        return url
