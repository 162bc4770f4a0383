from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
    path("charts/daily.json", views.daily_chart_data, name="daily-chart-data"),
    path("about/", views.about, name="about"),
    path("about/data/", views.codebook, name="codebook"),
    path("incidents.csv", views.export_csv, name="export-csv"),
    path("incidents-excel.csv", views.export_csv, {"bom": True}, name="export-csv-excel"),
    path("incidents.json", views.export_json, name="export-json"),
]
