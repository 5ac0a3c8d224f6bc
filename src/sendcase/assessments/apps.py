from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "sendcase.assessments"
    label = "assessments"
    verbose_name = "EHC needs assessments"
