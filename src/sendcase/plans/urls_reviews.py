"""Annual reviews, cessation, phase transfers, placements and bulk review scheduling. Mounted at
"plans/" in config/urls.py."""

from django.urls import path

from .views import reviews as views

app_name = "plan_reviews"

urlpatterns = [
    path("<int:plan_pk>/reviews/", views.reviews, name="reviews"),
    path("<int:plan_pk>/reviews/<slug:slug>/", views.review_step, name="review_step"),
    path("<int:plan_pk>/cessation/", views.cessation, name="cessation"),
    path("<int:plan_pk>/cessation/<slug:slug>/", views.cessation_step, name="cessation_step"),
    path("<int:plan_pk>/phase-transfers/", views.phase_transfers, name="phase_transfers"),
    path("<int:plan_pk>/phase-transfers/<slug:slug>/", views.phase_step, name="phase_step"),
    path(
        "<int:plan_pk>/phase-transfers/<int:item_pk>/<slug:slug>/", views.phase_step, name="phase_item_step"
    ),
    path("children/<int:child_pk>/placements/", views.placements, name="placements"),
    path("children/<int:child_pk>/placements/<slug:slug>/", views.placement_step, name="placement_step"),
    path(
        "children/<int:child_pk>/placements/<int:item_pk>/<slug:slug>/",
        views.placement_step,
        name="placement_item_step",
    ),
    path("reviews/bulk/<int:establishment_pk>/", views.bulk_schedule, name="bulk_schedule"),
]
