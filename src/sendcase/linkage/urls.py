from django.urls import path

from . import views

app_name = "linkage"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("run/", views.run, name="run"),
    path("candidates/<int:pk>/", views.candidate, name="candidate"),
    path("merges/", views.merges, name="merges"),
    path("merges/<int:pk>/undo/", views.undo, name="undo"),
]
