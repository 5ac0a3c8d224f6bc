from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sendcase.core"
    label = "core"
    verbose_name = "Core: users, roles and audit"
