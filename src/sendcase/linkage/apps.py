from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "sendcase.linkage"
    label = "linkage"
    verbose_name = "Record linkage and merging duplicate children"
