"""The school and setting portal, under /portal/school/ (names in the `portal` namespace)."""

from django.urls import path

from .schools import views

urlpatterns = [
    path("", views.home, name="school_home"),
    path("pupils/", views.pupils, name="school_pupils"),
    path("pupils/<int:pk>/", views.pupil, name="school_pupil"),
    path("pupils/<int:pk>/request/", views.assessment_request, name="school_request"),
    path("pupils/<int:pk>/documents/<int:document_pk>/", views.document, name="school_document"),
    path("consultations/<int:pk>/", views.consultation, name="school_consultation"),
    path("advice/<int:pk>/", views.advice, name="school_advice"),
    path("reviews/<int:pk>/", views.review, name="school_review"),
]
