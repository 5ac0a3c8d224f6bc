from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sendcase.plans"
    label = "plans"
    verbose_name = "EHC plans"
