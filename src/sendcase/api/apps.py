from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sendcase.api"
    label = "api"
    verbose_name = "JSON API"

    def ready(self) -> None:
        # Registers the drf-spectacular extensions used by the OpenAPI document.
        from . import schema  # noqa: F401
