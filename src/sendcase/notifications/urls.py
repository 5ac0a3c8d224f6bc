from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("print-queue/", views.queue, name="print_queue"),
    path("print-queue/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("print-queue/<int:pk>/printed/", views.printed, name="printed"),
]
