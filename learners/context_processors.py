"""What every page's layout needs to know about the learner viewing it."""

from functools import cache

from .models import Profile


def theme(request) -> dict:
    """`theme`: the learner's colour theme, read when a template asks (one query). Anonymous
    visitors, and learners who chose none, get "system": the page names no theme and the browser's
    prefers-color-scheme decides, so anonymous pages stay the same bytes for everyone."""

    @cache
    def chosen_theme() -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return Profile.Theme.SYSTEM
        chosen = Profile.objects.filter(user=user).values_list("theme", flat=True).first()
        return chosen or Profile.Theme.SYSTEM

    return {"theme": chosen_theme}
