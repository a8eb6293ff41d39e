from django.urls import path

from .views import account, calendar, dashboard, my_courses, portfolio, public, readiness, study
from .views import reminders as reminder_views

app_name = "learners"

urlpatterns = [
    path("start/", account.onboarding, name="onboarding"),
    path("start/plan/", account.onboarding_plan, name="onboarding_plan"),
    path("paths/<slug:slug>/enrol/", account.enrol, name="enrol"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("plan/reset/", dashboard.plan_reset, name="plan_reset"),
    path("my/courses/<slug:slug>/", my_courses.my_course, name="my_course"),
    path("my/courses/<slug:slug>/status/", my_courses.course_status, name="course_status"),
    path("my/courses/<slug:slug>/notes/", my_courses.course_note, name="course_note"),
    path(
        "my/courses/<slug:slug>/assignments/<int:assignment_id>/complete/",
        my_courses.assignment_complete,
        name="assignment_complete",
    ),
    path(
        "my/courses/<slug:slug>/assignments/<int:assignment_id>/undo/",
        my_courses.assignment_undo,
        name="assignment_undo",
    ),
    path("hours/", study.hours, name="hours"),
    path("hours/log/", dashboard.log_hours, name="log_hours"),
    path("hours/<int:pk>/edit/", study.edit_hours, name="edit_hours"),
    path("hours/<int:pk>/delete/", study.delete_hours, name="delete_hours"),
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("portfolio/publish/", portfolio.portfolio_publish, name="portfolio_publish"),
    path("portfolio/new/", portfolio.project_new, name="project_new"),
    path("portfolio/<int:pk>/", portfolio.project_detail, name="project_detail"),
    path("portfolio/<int:pk>/edit/", portfolio.project_edit, name="project_edit"),
    path("portfolio/<int:pk>/delete/", portfolio.project_delete, name="project_delete"),
    path("readiness/", readiness.readiness, name="readiness"),
    path("u/<slug:slug>/", public.public_portfolio, name="public_portfolio"),
    path("reminders/", reminder_views.history, name="reminders"),
    path("reminders/unsubscribe/<str:token>/", reminder_views.unsubscribe, name="unsubscribe"),
    path("settings/", account.settings_view, name="settings"),
    path("settings/export/", account.export, name="export"),
    path("settings/calendar/", account.calendar_link, name="calendar_link"),
    path("settings/tokens/", account.token_create, name="token_create"),
    path("settings/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    path("cal/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("settings/delete/", account.delete_account, name="delete_account"),
]
