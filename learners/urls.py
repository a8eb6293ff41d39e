from django.urls import path

from .views import account, dashboard, study

app_name = "learners"

urlpatterns = [
    path("start/", account.onboarding, name="onboarding"),
    path("start/plan/", account.onboarding_plan, name="onboarding_plan"),
    path("paths/<slug:slug>/enrol/", account.enrol, name="enrol"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("hours/", study.hours, name="hours"),
    path("hours/log/", study.log_hours, name="log_hours"),
    path("hours/<int:pk>/edit/", study.edit_hours, name="edit_hours"),
    path("hours/<int:pk>/delete/", study.delete_hours, name="delete_hours"),
    path("settings/", account.settings_view, name="settings"),
    path("settings/export/", account.export, name="export"),
    path("settings/delete/", account.delete_account, name="delete_account"),
]
