from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "sendcase.people"
    label = "people"
    verbose_name = "Children, young people and their contacts"
