from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.upload, name="upload"),
    path("legacy/", views.legacy_upload, name="legacy_upload"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/sheet/", views.sheet, name="sheet"),
    path("<int:pk>/columns/", views.columns, name="columns"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/undo/", views.undo, name="undo"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("quarantine/", views.quarantine, name="quarantine"),
    path("quarantine/export.<str:fmt>", views.quarantine_export, name="quarantine_export"),
    path("quarantine/<int:pk>/", views.quarantine_row, name="quarantine_row"),
    path("codes/", views.codes, name="codes"),
]
