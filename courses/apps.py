from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from certguide.pagecache import on_catalog_write


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Catalog"

    def ready(self) -> None:
        # Every cached page shows the catalog (certguide.pagecache). Bulk updates send no
        # signal: they call catalog_changed() themselves.
        for model in self.get_models(include_auto_created=True):
            post_save.connect(on_catalog_write, sender=model)
            post_delete.connect(on_catalog_write, sender=model)
            if model._meta.auto_created:
                m2m_changed.connect(on_catalog_write, sender=model)
