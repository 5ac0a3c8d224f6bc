from django.apps import AppConfig


class DataQualityConfig(AppConfig):
    name = "sendcase.data_quality"
    label = "data_quality"
    verbose_name = "Data quality and the data-confidence score"
