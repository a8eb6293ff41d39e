from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("courses/", views.course_list, name="list"),
    path("courses/<slug:slug>/", views.course_detail, name="detail"),
    path("paths/", views.path_list, name="path_list"),
    path("paths/<slug:slug>/", views.path_detail, name="path_detail"),
]
