"""A learner's kept pages (certguide.pagecache) are rendered afresh after any write of theirs
and after they log out. Bulk updates send no signal: they call learner_changed() themselves."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save

from certguide.pagecache import is_cascade, learner_changed

from .models import PortfolioProject
from .selectors import owned_models, owner_field


def owner_id(instance) -> int | None:
    """The learner a row belongs to: the user itself, or the user its owner field names."""
    if instance._meta.label == settings.AUTH_USER_MODEL:
        return instance.pk
    field = owner_field(type(instance))
    return instance._meta.get_field(field).value_from_object(instance) if field else None


def on_learner_write(sender, instance, origin=None, **kwargs) -> None:
    # Rows deleted with another thing of the learner's (their account, a project): that
    # thing's own signal renews their pages once, rather than once per row.
    if is_cascade(instance, origin) and owner_id(origin) == owner_id(instance):
        return
    learner_changed(owner_id(instance))


def on_log_out(sender, request, user, **kwargs) -> None:
    # Sent before the session is flushed: a page rendered meanwhile for it is kept under the
    # version this replaces.
    if user is not None:
        learner_changed(user.pk)


def on_project_links(sender, instance, action, reverse, **kwargs) -> None:
    # Only a project's own form links it to skills and courses; the reverse side (a skill's
    # projects) is never edited. Once the links are written is enough.
    if action.startswith("post_") and not reverse:
        learner_changed(instance.user_id)


def connect() -> None:
    for model in [*owned_models(), settings.AUTH_USER_MODEL]:
        post_save.connect(on_learner_write, sender=model)
        post_delete.connect(on_learner_write, sender=model)
    for field in PortfolioProject._meta.many_to_many:
        m2m_changed.connect(on_project_links, sender=field.remote_field.through)
    user_logged_out.connect(on_log_out)
