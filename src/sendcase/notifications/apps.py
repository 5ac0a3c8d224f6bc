from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sendcase.notifications"
    label = "notifications"
    verbose_name = "Notifications (outbox, Notify)"
