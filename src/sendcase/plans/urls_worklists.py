"""The annual review worklists and the phase transfer tracker. Mounted at "reviews/" in config/urls.py."""

from django.urls import path

from .views import worklists as views

app_name = "plan_worklists"

urlpatterns = [
    path("", views.reviews, name="reviews"),
    path("phase-transfers/", views.phase_transfers, name="phase_transfers"),
    path("phase-transfers/cohort/", views.record_cohort, name="record_cohort"),
]
