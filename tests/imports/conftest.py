from .factories import data_client, data_officer  # noqa: F401 - fixtures
