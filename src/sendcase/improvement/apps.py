from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "sendcase.improvement"
    label = "improvement"
    verbose_name = "The improvement plan"
