from django.urls import path  # noqa: F401

app_name = "data_quality"

urlpatterns: list = []
