from django.apps import AppConfig


class SettingsDataConfig(AppConfig):
    name = "sendcase.settings_data"
    label = "settings_data"
    verbose_name = "Establishments and reference data"
