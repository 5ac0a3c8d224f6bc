from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "sendcase.imports"
    label = "imports"
    verbose_name = "Imports from spreadsheets and earlier systems"
