"""The groups app in the admin: reports of its content (groups.review_admin)."""

from . import review_admin  # noqa: F401
