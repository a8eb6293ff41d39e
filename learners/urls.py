from django.urls import path

from . import views

app_name = "learners"

urlpatterns = [
    path("start/", views.onboarding, name="onboarding"),
    path("start/plan/", views.onboarding_plan, name="onboarding_plan"),
    path("paths/<slug:slug>/enrol/", views.enrol, name="enrol"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/export/", views.export, name="export"),
    path("settings/delete/", views.delete_account, name="delete_account"),
]
