from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from certguide.pagecache import on_catalog_links, on_catalog_write


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Catalog"

    def ready(self) -> None:
        # Every kept page shows the catalog (certguide.pagecache). Bulk updates send no
        # signal: they call catalog_changed() themselves.
        for model in self.get_models():
            if model._meta.object_name.startswith("Historical"):
                continue  # the edit history: its records follow a write already counted
            post_save.connect(on_catalog_write, sender=model)
            post_delete.connect(on_catalog_write, sender=model)
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    m2m_changed.connect(on_catalog_links, sender=field.remote_field.through)
