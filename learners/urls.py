from django.urls import path

from .views import account, dashboard

app_name = "learners"

urlpatterns = [
    path("start/", account.onboarding, name="onboarding"),
    path("start/plan/", account.onboarding_plan, name="onboarding_plan"),
    path("paths/<slug:slug>/enrol/", account.enrol, name="enrol"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("settings/", account.settings_view, name="settings"),
    path("settings/export/", account.export, name="export"),
    path("settings/delete/", account.delete_account, name="delete_account"),
]
