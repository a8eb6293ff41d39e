"""The catalog as files: what admin imports and exports (django-import-export).

Rows are matched by slug (steps and assignments by their parent's slug and their position),
never by id. Each row is checked as the admin form checks it (`full_clean`: validators,
constraints, `clean`), an unchanged row is not saved (so it leaves no history), and every
saved row is recorded in the catalog's history with the import as its reason.
"""

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from import_export import fields, resources, widgets
from import_export.instance_loaders import ModelInstanceLoader

from . import rules
from .models import Assignment, Course, Institution, Path, PathStep, Platform, Skill

# Columns no real catalog value starts with a formula character in: names, titles and slugs.
NO_FORMULA_COLUMNS = ("slug", "name", "title")


def _unknown_slugs(model, slugs) -> str:
    quoted = ", ".join(f"“{slug}”" for slug in slugs)
    return f"No {model._meta.verbose_name} has the slug {quoted}."


class SlugWidget(widgets.ForeignKeyWidget):
    """A related row named by its slug: an unknown slug is an error on the field."""

    def __init__(self, model):
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(_unknown_slugs(self.model, [value])) from None


class SlugListWidget(widgets.ManyToManyWidget):
    """Related rows named by their slugs, comma-separated: every slug must exist."""

    def __init__(self, model):
        super().__init__(model, separator=",", field="slug")

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        wanted = {slug.strip() for slug in str(value or "").split(self.separator) if slug.strip()}
        if missing := wanted - {item.slug for item in found}:
            raise ValueError(_unknown_slugs(self.model, sorted(missing)))
        return found


class StrictBooleanWidget(widgets.BooleanWidget):
    """Yes or no as an export writes it (1 or 0) or spelt out (true or false, TRUE, True…):
    anything else, "maybe" or "yes", is an error on the field, never a silent False."""

    def clean(self, value, row=None, **kwargs):
        if value in (*self.TRUE_VALUES, *self.FALSE_VALUES, *self.NULL_VALUES):
            return super().clean(value, row, **kwargs)
        raise ValueError(f"Give 1 or 0 (or true or false), not “{value}”.")


def cell_problems(row, broken_columns=()) -> dict[str, str]:
    """What no cell may hold, by column: a lone surrogate anywhere (`broken_columns`: no
    database stores it), or a formula's first character in a name, title or slug (a
    spreadsheet would run it)."""
    problems = dict.fromkeys(broken_columns, rules.BROKEN_CHARACTER)
    for column in NO_FORMULA_COLUMNS:
        value = row.get(column)
        if column not in problems and isinstance(value, str) and rules.looks_like_a_formula(value):
            problems[column] = rules.LIKE_A_FORMULA
    return problems


def broken_cells_replaced(dataset) -> dict[int, list[str]]:
    """Each lone surrogate of `dataset` replaced by U+FFFD (the preview page cannot show it,
    nor PostgreSQL compare it), and where they were: {row number from 1: [columns]}."""
    broken = {}
    for index, row in enumerate(dataset):
        columns = [
            column
            for column, value in zip(dataset.headers, row, strict=False)
            if isinstance(value, str) and rules.has_lone_surrogates(value)
        ]
        if columns:
            broken[index + 1] = columns
            dataset[index] = [
                rules.without_lone_surrogates(value) if isinstance(value, str) else value
                for value in row
            ]
    return broken


class SlugKeyLoader(ModelInstanceLoader):
    """Finds the row to update by its key; a key naming an unknown parent finds none, and the
    row's own check then names the field."""

    def get_instance(self, row):
        try:
            return super().get_instance(row)
        except ValueError:
            return None


def slug_field(name: str, model) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=SlugWidget(model))


def slugs_field(name: str, model) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=SlugListWidget(model))


class StyleFreeDiff(resources.Diff):
    """The import preview's diff without diff-match-patch's inline styles, which the site's CSP
    refuses (one console error per cell): django-import-export's own stylesheet colours its
    <ins> and <del> already."""

    def as_html(self) -> list[str]:
        # Safe because nh3 keeps only these tags, and no attribute at all.
        return [
            mark_safe(nh3.clean(html, tags={"ins", "del", "span", "br"}, attributes={}))
            for html in super().as_html()
        ]


class CatalogResource(resources.ModelResource):
    """What every catalog file shares: matching by key, admin's checks, one transaction.

    `create_only` (for `load_catalog --extra`) leaves rows that exist untouched.
    """

    create_only = False

    class Meta:
        instance_loader_class = SlugKeyLoader
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        widget = super().widget_from_django_field(f, default)
        return StrictBooleanWidget if issubclass(widget, widgets.BooleanWidget) else widget

    def get_diff_class(self):
        return StyleFreeDiff

    def before_import(self, dataset, **kwargs):
        self._first_row_of_key: dict[tuple, int] = {}
        self._broken_cells = broken_cells_replaced(dataset)

    def before_import_row(self, row, row_number=None, **kwargs):
        if problems := cell_problems(row, self._broken_cells.get(row_number, ())):
            raise ValidationError(problems)
        # Two rows of one file with one key would silently overwrite each other.
        id_fields = self.get_import_id_fields()
        key = tuple(str(row.get(self.fields[name].column_name, "")).strip() for name in id_fields)
        first = self._first_row_of_key.setdefault(key, row_number)
        if first != row_number:
            names = " and ".join(self.fields[name].column_name for name in id_fields)
            raise ValidationError(
                {id_fields[-1]: f"Row {first} has the same {names}: give each row its own."}
            )

    def import_instance(self, instance, row, **kwargs):
        # Many-to-many columns are read only after saving: check their slugs with the rest.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.create_only and original is not None and original.pk is not None:
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def before_save_instance(self, instance, row, **kwargs):
        # Read by django-simple-history for the record of this save (and of its skills).
        instance._change_reason = f"Import of {kwargs.get('file_name') or 'a catalog file'}"
        if user := kwargs.get("user"):
            instance._history_user = user


class PlatformResource(CatalogResource):
    class Meta(CatalogResource.Meta):
        model = Platform
        fields = [
            "slug",
            "name",
            "url",
            "audit_free",
            "subscription_min_usd",
            "subscription_max_usd",
            "financial_aid",
        ]


class InstitutionResource(CatalogResource):
    class Meta(CatalogResource.Meta):
        model = Institution
        fields = ["slug", "name", "kind", "recognised"]


class SkillResource(CatalogResource):
    class Meta(CatalogResource.Meta):
        model = Skill
        fields = ["slug", "name", "kind", "workflow_stage", "description", "position"]


class CourseResource(CatalogResource):
    platform = slug_field("platform", Platform)
    institution = slug_field("institution", Institution)
    skills = slugs_field("skills", Skill)

    class Meta(CatalogResource.Meta):
        model = Course
        fields = [
            "slug",
            "title",
            "platform",
            "institution",
            "program_type",
            "part_of",
            "level",
            "rating",
            "estimated_hours",
            "hours_are_estimate",
            "non_programmer_friendly",
            "price_model",
            "one_time_fee_usd",
            "audit_free",
            "url",
            "summary",
            "source",
            "source_note",
            "skills",
            "published",
        ]


class AssignmentResource(CatalogResource):
    course = slug_field("course", Course)
    skills = slugs_field("skills", Skill)

    class Meta(CatalogResource.Meta):
        model = Assignment
        import_id_fields = ["course", "position"]
        fields = ["course", "position", "title", "kind", "estimated_hours", "is_estimate", "skills"]


class PathResource(CatalogResource):
    class Meta(CatalogResource.Meta):
        model = Path
        fields = ["slug", "title", "track", "audience", "summary", "position", "published"]


class PathStepResource(CatalogResource):
    path = slug_field("path", Path)
    course = slug_field("course", Course)

    class Meta(CatalogResource.Meta):
        model = PathStep
        import_id_fields = ["path", "position"]
        fields = ["path", "position", "course", "why_here"]
