"""What every page's layout needs to know about the learner viewing it."""

from functools import cache

from .models import Profile


def theme(request) -> dict:
    """`theme`: the learner's colour theme, read when a template asks, from `user.profile`:
    a view that read the profile (profile_for) has filled it already, other pages read it once.
    Anonymous visitors, and learners who chose none, get "system": the page names no theme and
    the browser's prefers-color-scheme decides, so anonymous pages stay the same bytes for
    everyone."""

    @cache
    def chosen_theme() -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return Profile.Theme.SYSTEM
        try:
            return user.profile.theme
        except Profile.DoesNotExist:  # signed up, not onboarded yet
            return Profile.Theme.SYSTEM

    return {"theme": chosen_theme}
