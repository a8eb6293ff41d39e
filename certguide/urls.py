from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from api.api import api
from insights.views import catalog_usage

from . import views

# Staff log in through allauth too, so its rate limits guard the admin.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "certguide catalog"
admin.site.site_title = "certguide admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/catalog-usage/", admin.site.admin_view(catalog_usage), name="catalog_usage"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("learners.urls")),
    path("", include("groups.review_urls")),
    path("", include("groups.urls")),
    path("", include("courses.urls")),
]
