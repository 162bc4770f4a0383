"""The site's addresses: the editors' admin (at ADMIN_URL), the favicon, and the public face."""

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView


class FaviconRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: the hashed name exists only once collectstatic has run.
        return static("img/favicon.svg")


admin.site.site_header = _("Air-defence incidents: editors")
admin.site.site_title = _("Air-defence incidents")
admin.site.index_title = _("Editorial desk")
# The app list beside every page took ~300 px a 1366 px laptop needs for the incident list's
# columns and filters; the breadcrumbs and the index lead to the same pages.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # Browsers ask for /favicon.ico on every page that names none (the admin's included).
    path("favicon.ico", FaviconRedirect.as_view()),
    path("", include("dashboard.urls")),
]
