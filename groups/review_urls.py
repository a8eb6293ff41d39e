"""Peer review, reports and the digest's switches, in the namespace "reviews" (included by
certguide/urls.py beside the groups app's own URLs)."""

from django.urls import path

from . import review_views

app_name = "reviews"

urlpatterns = [
    path(
        "groups/<int:group_id>/reviews/<int:request_id>/",
        review_views.review,
        name="review",
    ),
    path(
        "groups/<int:group_id>/reviews/<int:request_id>/delete/",
        review_views.review_delete,
        name="review_delete",
    ),
    path(
        "groups/<int:group_id>/check-ins/<int:check_in_id>/report/",
        review_views.check_in_report,
        name="check_in_report",
    ),
    path("portfolio/<int:pk>/reviews/ask/", review_views.review_ask, name="ask"),
    path(
        "portfolio/<int:pk>/reviews/<int:review_id>/hide/",
        review_views.review_hide,
        name="hide",
    ),
    path(
        "portfolio/<int:pk>/reviews/<int:review_id>/report/",
        review_views.review_report,
        name="review_report",
    ),
    path("groups/digest/", review_views.digest_setting, name="digest_setting"),
    path(
        "groups/digest/unsubscribe/<str:token>/",
        review_views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
