from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "sendcase.caseload"
    label = "caseload"
    verbose_name = "Teams, officers and allocation"
