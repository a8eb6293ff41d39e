"""Moderation: staff see members' reports of check-ins and reviews, read the reported text,
and remove the content or dismiss the report. A reported item stays up until they act."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import Truncator

from .models import CheckIn, Report, Review


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reporter__email", "item_kind", "reported_text", "reason"]
    list_select_related = ["reporter", "check_in", "review"]
    list_filter = ["created_at"]
    readonly_fields = ["reporter", "check_in", "review", "reason", "created_at", "reported_text"]
    actions = ["remove_content", "dismiss"]

    @admin.display(description="reported")
    def item_kind(self, report: Report) -> str:
        return "check-in" if report.check_in_id else "review"

    @admin.display(description="what it says")
    def reported_text(self, report: Report) -> str:
        if report.check_in_id:
            text = " / ".join(text for _, text in report.check_in.prompts())
        else:
            text = report.review.overall or "(no overall comment; see its answers)"
        return Truncator(text).chars(300)

    @admin.action(description="Remove the reported check-ins and reviews")
    def remove_content(self, request, queryset: QuerySet[Report]) -> None:
        with transaction.atomic():
            check_ins = queryset.exclude(check_in=None).values("check_in")
            reviews = queryset.exclude(review=None).values("review")
            # Their reports go with them (they cascade).
            removed = CheckIn.objects.filter(pk__in=check_ins).delete()[1].get(
                "groups.CheckIn", 0
            ) + Review.objects.filter(pk__in=reviews).delete()[1].get("groups.Review", 0)
        self.message_user(request, f"Removed {removed} item(s).", messages.SUCCESS)

    @admin.action(description="Dismiss the reports (the content stays)")
    def dismiss(self, request, queryset: QuerySet[Report]) -> None:
        dismissed, _ = queryset.delete()
        self.message_user(request, f"Dismissed {dismissed} report(s).", messages.SUCCESS)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
