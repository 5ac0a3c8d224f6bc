from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "sendcase.performance"
    label = "performance"
    verbose_name = "Performance information and the SEN2 return"
