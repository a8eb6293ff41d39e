"""The staff's catalog editor: every catalog model, with ordered inlines and publishing,
import and export (django-import-export) and edit history with revert (django-simple-history)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import model_ngettext
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, JSON, XLSX
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from . import import_limits, resources
from .models import Assignment, Course, Institution, Path, PathStep, Platform, Skill

# Editors paste addresses without a scheme; the providers all serve https.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


class SiblingsInlineFormSet(forms.BaseInlineFormSet):
    """Inline rows under unique constraints on (parent, field), refused with clear messages.

    Django's own check would say only "Please correct the duplicate data for position"; here
    each duplicate gets its constraint's message beside the field.
    """

    def _sibling_constraints(self):
        for constraint in self.model._meta.total_unique_constraints:
            others = [name for name in constraint.fields if name != self.fk.name]
            if len(others) == 1 and len(constraint.fields) == 2:
                yield others[0], constraint

    def validate_unique(self):
        deleted = self.deleted_forms
        for field, constraint in self._sibling_constraints():
            seen = set()
            for form in self.forms:
                if form in deleted or not form.is_valid():
                    continue
                value = _comparable(form.cleaned_data.get(field))
                if value in seen:
                    form.add_error(field, constraint.get_violation_error_message())
                elif value is not None:
                    seen.add(value)
        super().validate_unique()


# The whole catalog as CSV is ~40 KB: a file far bigger is a mistake, and is refused before
# it is read.
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class CatalogImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}: an import takes at most "
                f"{filesizeformat(IMPORT_MAX_BYTES)}. Split it, or check it is the right file."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload and chosen:
            # Rows, cell length and unpacked size, before the preview reads the file whole.
            file_format = dict(self.fields["format"].choices).get(chosen, "")
            problem = import_limits.file_problem(upload.read(), file_format.lower())
            upload.seek(0)
            if problem:
                self.add_error("import_file", problem)
        return cleaned


class CatalogConfirmImportForm(ConfirmImportForm):
    """The confirmation's hidden fields name the previewed file and its format: names that
    lead nowhere (expired, or altered by hand) are refused with a message, not a 500."""

    def __init__(self, *args, format_count: int, file_found, **kwargs):
        super().__init__(*args, **kwargs)
        self.format_count = format_count
        self.file_found = file_found

    def clean(self):
        cleaned = super().clean()
        format_index = cleaned.get("format", "")
        name = cleaned.get("import_file_name", "")
        known_format = format_index.isascii() and format_index.isdigit()
        if not (known_format and int(format_index) < self.format_count and self.file_found(name)):
            raise forms.ValidationError(
                "Nothing was imported: this confirmation names no previewed file (it expired "
                "after a day, or the form was altered). Upload the file again."
            )
        return cleaned


class CatalogExportForm(SelectableFieldsExportForm):
    """The export form with its fields' resource in a data- attribute: the library's own
    `resource-id` attribute is invalid HTML."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if "resource-id" in field.widget.attrs:
                field.widget.attrs["data-resource-id"] = field.widget.attrs.pop("resource-id")


class CatalogAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """Import and export in CSV, JSON and XLSX with a preview, and the history of each row.

    An import is all or nothing: the preview lists every row (new, updated, unchanged or in
    error, with each field's message), and it is confirmed only when no row is in error.
    """

    formats = [CSV, JSON, XLSX]
    import_form_class = CatalogImportForm
    confirm_form_class = CatalogConfirmImportForm
    export_form_class = CatalogExportForm
    history_list_display = ["history_change_reason"]

    def get_confirm_form_kwargs(self, request, import_form=None):
        return super().get_confirm_form_kwargs(request, import_form) | {
            "format_count": len(self.get_import_formats()),
            "file_found": self._previewed_file_found,
        }

    def _previewed_file_found(self, name: str) -> bool:
        storage = self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs())
        try:
            return bool(name) and storage.read() is not None
        except OSError:  # a storage on disk: no such file
            return False

    def get_data_for_export(self, request, queryset, **kwargs):
        # IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT makes every cell text: render them as text
        # from the start (an empty value as "", not "None"), so that an XLSX export imports back.
        return super().get_data_for_export(
            request, queryset, **kwargs | {"force_native_type": False}
        )

    def process_import(self, request, **kwargs):
        response = super().process_import(request, **kwargs)
        # The confirmation refused (its form shown again with the message): a bad request.
        if isinstance(response, TemplateResponse) and response.context_data.get("errors"):
            response.status_code = 400
        return response

    def get_import_data_kwargs(self, **kwargs):
        # The confirmed import reruns every check: any error then undoes all of it.
        return super().get_import_data_kwargs(**kwargs) | {"rollback_on_validation_errors": True}

    def add_data_read_fail_error_to_form(self, form, error):
        form.add_error(
            "import_file",
            "This file could not be read as the format chosen: check the format, and that "
            "the file is a catalog export (a header row, then one row per item).",
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The catalog changed between preview and confirm: nothing was written.
            self.message_user(
                request,
                "Nothing was imported: the file no longer passes the checks. Import it again "
                "to see the rows in error.",
                messages.ERROR,
            )
            info = self.get_model_info()
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
        return super().process_result(result, request)


class PublishActions:
    """Publish and unpublish in bulk, logged in each object's history."""

    actions = ["publish", "unpublish"]

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, published=True)

    @admin.action(description="Unpublish selected %(verbose_name_plural)s", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, published=False)

    def _set_published(self, request, queryset, *, published):
        selected = queryset.count()
        changing = list(queryset.filter(published=not published))
        # update() skips auto_now fields: set them as save() would.
        now = timezone.now()
        changes = {
            field.name: now for field in self.opts.fields if getattr(field, "auto_now", False)
        }
        changes["published"] = published
        for obj in changing:
            for name, value in changes.items():
                setattr(obj, name, value)
        # One UPDATE per batch, and a history record for each row (who and why).
        bulk_update_with_history(
            changing,
            self.model,
            list(changes),
            default_user=request.user,
            default_change_reason=f"{'Published' if published else 'Unpublished'} from the list",
        )
        if changing:
            LogEntry.objects.log_actions(
                request.user.pk, changing, CHANGE, [{"changed": {"fields": ["Published"]}}]
            )

        verb = "published" if published else "unpublished"
        message = f"{len(changing)} {model_ngettext(self.opts, len(changing))} {verb}."
        if unchanged := selected - len(changing):
            message += f" {unchanged} already {'was' if unchanged == 1 else 'were'}."
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Platform)
class PlatformAdmin(CatalogAdmin):
    resource_classes = [resources.PlatformResource]
    list_display = [
        "name",
        "audit_free",
        "subscription_min_usd",
        "subscription_max_usd",
        "financial_aid",
    ]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS


@admin.register(Institution)
class InstitutionAdmin(CatalogAdmin):
    resource_classes = [resources.InstitutionResource]
    list_display = ["name", "kind", "recognised"]
    list_filter = ["kind", "recognised"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Skill)
class SkillAdmin(CatalogAdmin):
    resource_classes = [resources.SkillResource]
    list_display = ["name", "kind", "workflow_stage", "position"]
    list_filter = ["kind", "workflow_stage"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class CourseAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # The constraint says the same, but at the top of the form; this puts it beside the
        # fee, and the constraint is then skipped for the field in error.
        if (
            cleaned.get("price_model") == Course.PriceModel.ONE_TIME
            and cleaned.get("one_time_fee_usd") is None
            and "one_time_fee_usd" not in self.errors
        ):
            self.add_error("one_time_fee_usd", "A one-time price model needs the fee.")
        return cleaned


class AssignmentInline(admin.TabularInline):
    model = Assignment
    formset = SiblingsInlineFormSet
    fields = ["position", "title", "kind", "estimated_hours", "is_estimate"]
    ordering = ["position"]
    extra = 1
    # The skills an assignment evidences are picked on its own page, with a filter widget.
    show_change_link = True


@admin.register(Course)
class CourseAdmin(PublishActions, CatalogAdmin):
    resource_classes = [resources.CourseResource]
    form = CourseAdminForm
    list_display = ["title", "platform", "institution", "rating", "estimated_hours", "published"]
    # Named, because Django's own select_related() skips the nullable institution.
    list_select_related = ["platform", "institution"]
    list_filter = [
        "platform",
        "institution",
        "program_type",
        "level",
        "published",
        "non_programmer_friendly",
    ]
    search_fields = ["title", "summary", "institution__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["skills"]
    formfield_overrides = HTTPS_URLS
    readonly_fields = ["updated_at"]
    inlines = [AssignmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "platform",
                    "institution",
                    "program_type",
                    "part_of",
                    "level",
                    "published",
                ]
            },
        ),
        (
            "What learners weigh",
            {
                "fields": [
                    "rating",
                    "estimated_hours",
                    "hours_are_estimate",
                    "non_programmer_friendly",
                    "skills",
                ]
            },
        ),
        ("Price", {"fields": ["price_model", "one_time_fee_usd", "audit_free"]}),
        ("Description", {"fields": ["url", "summary", "updated_at"]}),
        ("Where the figures come from", {"fields": ["source", "source_note"]}),
    ]


@admin.register(Assignment)
class AssignmentAdmin(CatalogAdmin):
    resource_classes = [resources.AssignmentResource]
    list_display = ["title", "course", "position", "kind", "estimated_hours"]
    list_select_related = ["course"]
    list_filter = ["kind", "is_estimate"]
    search_fields = ["title", "course__title"]
    autocomplete_fields = ["course"]
    filter_horizontal = ["skills"]


class PathStepInline(admin.TabularInline):
    model = PathStep
    formset = SiblingsInlineFormSet
    fields = ["position", "course", "why_here"]
    ordering = ["position"]
    autocomplete_fields = ["course"]
    extra = 1
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 2})}}


@admin.register(Path)
class PathAdmin(PublishActions, CatalogAdmin):
    resource_classes = [resources.PathResource]
    list_display = ["title", "track", "position", "step_count", "published"]
    list_filter = ["track", "published"]
    search_fields = ["title", "audience"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PathStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(step_count=Count("steps"))

    @admin.display(description="steps", ordering="step_count")
    def step_count(self, path):
        return path.step_count


@admin.register(PathStep)
class PathStepAdmin(CatalogAdmin):
    resource_classes = [resources.PathStepResource]
    list_display = ["path", "position", "course"]
    list_select_related = ["path", "course"]
    list_filter = ["path"]
    search_fields = ["path__title", "course__title"]
    autocomplete_fields = ["path", "course"]
