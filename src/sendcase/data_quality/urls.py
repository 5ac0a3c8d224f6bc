from django.urls import path

from . import views

app_name = "data_quality"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("rules/<str:rule_id>/", views.rule, name="rule"),
]
