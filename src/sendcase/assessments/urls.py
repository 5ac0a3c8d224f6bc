from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("new/<int:child_pk>/", views.request_create, name="request_create"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/<slug:slug>/", views.step, name="step"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/", views.step, name="item_step"),
]
