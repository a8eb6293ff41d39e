from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.catalog import (
    GUIDE_CATALOG,
    CatalogFileError,
    catalog_load,
    catalog_load_extra,
    read_catalog,
)


class Command(BaseCommand):
    help = (
        "Load the guide's catalog: create the platforms, institutions, skills, courses, "
        "assignments and paths that are missing. Existing rows are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=GUIDE_CATALOG, help="Catalog JSON (default: the guide's)."
        )
        parser.add_argument(
            "--extra",
            action="store_true",
            help="Also load the programs beyond the guide (courses/data/programs-beyond-the-"
            "guide*.csv, in the admin's import format).",
        )

    def handle(self, *args, file: Path, extra: bool, **options):
        created = catalog_load(data=read_catalog(file))
        if extra:
            try:
                created.update(catalog_load_extra())
            except CatalogFileError as error:
                raise CommandError(f"Nothing of the extra catalog was loaded. {error}") from None
        if not any(created.values()):
            self.stdout.write("Catalog already loaded: nothing to create.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Created {summary}."))
