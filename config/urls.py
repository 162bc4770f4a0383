from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Air-defence incidents: editors"
admin.site.site_title = "Air-defence incidents"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("dashboard.urls")),
]
