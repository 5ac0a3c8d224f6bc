"""The advice givers' portal, under /portal/advice/ (names in the `portal` namespace), and the officer's
page that sends a request for advice to an advice service."""

from django.urls import path

from .advisers import views

urlpatterns = [
    path("", views.home, name="advice_home"),
    path("requests/<int:pk>/", views.detail, name="advice_detail"),
    path("requests/<int:pk>/take/", views.take, name="advice_take"),
    path("requests/<int:pk>/send/", views.submit, name="advice_submit"),
    path("requests/<int:pk>/missed-appointment/", views.missed, name="advice_missed"),
    path("requests/<int:pk>/documents/<int:document_pk>/", views.document, name="advice_document"),
    path("assign/<int:advice_pk>/", views.assign, name="advice_assign"),
]
