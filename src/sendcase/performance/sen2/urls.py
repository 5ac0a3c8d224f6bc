from django.urls import path

from . import views

app_name = "sen2"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:census>/sen2.xml", views.download, name="download"),
]
