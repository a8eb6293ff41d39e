from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save

from certguide.pagecache import is_cascade, learner_changed


def owner_id(instance) -> int | None:
    """The learner a row belongs to: the user, or the row's user."""
    if instance._meta.label == settings.AUTH_USER_MODEL:
        return instance.pk
    return getattr(instance, "user_id", None)


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


def on_project_links(sender, instance, reverse, **kwargs) -> None:
    # Only a project's own form links it to skills and courses; the reverse side (a skill's
    # projects) is never edited.
    if not reverse:
        learner_changed(instance.user_id)


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "Learners"

    def ready(self) -> None:
        # A learner's kept pages (certguide.pagecache) are rendered afresh after any write of
        # theirs, and after they log out. Bulk updates send no signal: they call
        # learner_changed() themselves.
        for model in [*self.get_models(), settings.AUTH_USER_MODEL]:
            post_save.connect(on_learner_write, sender=model)
            post_delete.connect(on_learner_write, sender=model)
        for model in self.get_models(include_auto_created=True):
            if model._meta.auto_created:
                m2m_changed.connect(on_project_links, sender=model)
        user_logged_out.connect(on_log_out)
