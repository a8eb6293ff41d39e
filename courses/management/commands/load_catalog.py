from pathlib import Path

from django.core.management.base import BaseCommand

from courses.catalog import GUIDE_CATALOG, catalog_load, read_catalog


class Command(BaseCommand):
    help = (
        "Load the guide's catalog: create the platforms, institutions, skills, courses, "
        "assignments and paths that are missing. Existing rows are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=GUIDE_CATALOG, help="Catalog JSON (default: the guide's)."
        )

    def handle(self, *args, file: Path, **options):
        created = catalog_load(data=read_catalog(file))
        if not any(created.values()):
            self.stdout.write("Catalog already loaded: nothing to create.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Created {summary}."))
