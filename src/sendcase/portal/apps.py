from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sendcase.portal"
    label = "portal"
    verbose_name = "Portals for families, schools and advice givers"
