from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("recompute/", views.recompute, name="recompute"),
    path("<slug:indicator_id>/", views.indicator_detail, name="indicator"),
    path("<slug:indicator_id>/cases/", views.indicator_cases, name="cases"),
    path("<slug:indicator_id>/target/", views.target_change, name="target"),
    path("<slug:indicator_id>/export.<str:kind>", views.indicator_export, name="export"),
    path("<slug:indicator_id>/cases/export.<str:kind>", views.cases_export, name="cases_export"),
]
