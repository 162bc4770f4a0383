from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
]
