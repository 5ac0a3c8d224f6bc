from __future__ import annotations

import pytest

from sendcase.notifications.conf import notification_settings

from .fake_notify import API_KEY, FakeNotify

EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "a9c3a5f3-3a4b-4f6e-b855-c550268ce08b"


@pytest.fixture
def fake_notify():
    with FakeNotify() as fake:
        yield fake


@pytest.fixture
def notify_settings(fake_notify, settings):
    """The Notify backend pointed at the local fake, with quick retries."""
    settings.NOTIFICATIONS = notification_settings(
        {
            "NOTIFICATIONS_BACKEND": "notify",
            "NOTIFY_API_KEY": API_KEY,
            "NOTIFY_BASE_URL": fake_notify.url,
            "NOTIFY_TEMPLATE_EMAIL": EMAIL_TEMPLATE,
            "NOTIFY_TEMPLATE_SMS": SMS_TEMPLATE,
            "NOTIFY_TEMPLATES": '{"officer_digest": "d1d1d1d1-0000-4000-8000-000000000001"}',
            "NOTIFICATIONS_MAX_ATTEMPTS": "4",
            "NOTIFY_TIMEOUT_SECONDS": "5",
        }
    )
    return settings.NOTIFICATIONS


@pytest.fixture
def recording_settings(settings):
    settings.NOTIFICATIONS = notification_settings({"NOTIFICATIONS_MAX_ATTEMPTS": "3"})
    return settings.NOTIFICATIONS
