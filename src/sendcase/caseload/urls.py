from django.urls import path

from . import views

app_name = "caseload"

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("manager/", views.manager, name="manager"),
    path("officers/<int:user_id>/", views.officer_worklist, name="officer_worklist"),
    path("allocate/<int:child_pk>/", views.allocate, name="allocate"),
    path("take/<int:child_pk>/", views.take, name="take"),
]
