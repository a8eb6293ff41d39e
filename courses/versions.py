"""Each catalog table's row count and latest change, read through one database view.

The public pages' ETags and kept fragments depend on the catalog's version
(selectors.catalog_version), read on every anonymous request. Built as a union of ten grouped
querysets, the ORM spent about 3 ms of CPU on every such request, most of the landing page's
time (bench.pages' profile), against well under a millisecond of SQL. The view
`courses_catalogtableversion` (migration 0008) holds the same union in SQL that PostgreSQL and
SQLite both run; tests/courses/test_catalog_version.py checks its rows against that queryset.
"""

from django.db import models


class CatalogTableVersion(models.Model):
    """One catalog table: how many rows it has and its latest change, as text (a time, or for
    the skill links, which keep no time, their highest id)."""

    table = models.CharField(max_length=100, primary_key=True)
    rows = models.IntegerField()
    latest = models.TextField(null=True)  # noqa: DJ001 (NULL: the view of an empty table)

    class Meta:
        managed = False
        db_table = "courses_catalogtableversion"
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.table}: {self.rows} rows, latest {self.latest}"
