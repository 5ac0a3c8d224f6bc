"""Notification settings, read from the environment once at start-up (config/settings.py calls
`notification_settings()` and keeps the result as `settings.NOTIFICATIONS`).

NOTIFICATIONS_BACKEND       recording (default: messages are stored in the database, nothing leaves) or
                            notify (GOV.UK Notify)
NOTIFY_API_KEY              the Notify API key; required when the backend is notify
NOTIFY_BASE_URL             default https://api.notifications.service.gov.uk
NOTIFY_TEMPLATE_EMAIL       id of a Notify email template with ((subject)) and ((body))
NOTIFY_TEMPLATE_SMS         id of a Notify text message template with ((body))
NOTIFY_TEMPLATES            optional JSON: {"<kind>": "<id>"} or {"<kind>:<channel>": "<id>"} to give one
                            kind of message its own template (it receives the same personalisation)
NOTIFY_LETTERS              true (default with Notify): letters go as precompiled PDFs through Notify;
                            false: letters wait in the print queue for staff to print and post
NOTIFICATIONS_MAX_ATTEMPTS  tries before a message is permanently failed (default 6)
NOTIFICATIONS_RETRY_BASE_SECONDS  first retry delay; doubles each try, with jitter (default 60)
NOTIFICATIONS_LEASE_SECONDS how long a worker holds a claimed message before another may take it (300)
NOTIFICATIONS_ESCALATE_AFTER_DAYS  overdue advice or consultation escalated to the team manager (10)

No Django models are imported here: settings.py imports this module.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

BACKENDS = ("recording", "notify")
DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}.")
    return value


def notification_settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The NOTIFICATIONS setting, refusing a Notify configuration that could not send anything."""
    env = os.environ if env is None else env
    backend = env.get("NOTIFICATIONS_BACKEND", "recording").strip().lower() or "recording"
    if backend not in BACKENDS:
        raise ImproperlyConfigured(
            f"NOTIFICATIONS_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}."
        )
    try:
        templates = json.loads(env.get("NOTIFY_TEMPLATES", "") or "{}")
    except ValueError:
        raise ImproperlyConfigured("NOTIFY_TEMPLATES must be a JSON object of template ids.") from None
    if not isinstance(templates, dict):
        raise ImproperlyConfigured("NOTIFY_TEMPLATES must be a JSON object of template ids.")
    letters_raw = env.get("NOTIFY_LETTERS", "").strip().lower()
    conf: dict[str, Any] = {
        "backend": backend,
        "api_key": env.get("NOTIFY_API_KEY", "").strip(),
        "base_url": env.get("NOTIFY_BASE_URL", "").strip() or DEFAULT_BASE_URL,
        "template_email": env.get("NOTIFY_TEMPLATE_EMAIL", "").strip(),
        "template_sms": env.get("NOTIFY_TEMPLATE_SMS", "").strip(),
        "templates": {str(k): str(v) for k, v in templates.items()},
        "notify_letters": backend == "notify" and letters_raw not in ("0", "false", "no", "off"),
        "max_attempts": _int(env, "NOTIFICATIONS_MAX_ATTEMPTS", 6),
        "retry_base_seconds": _int(env, "NOTIFICATIONS_RETRY_BASE_SECONDS", 60),
        "lease_seconds": _int(env, "NOTIFICATIONS_LEASE_SECONDS", 300, minimum=5),
        "escalate_after_days": _int(env, "NOTIFICATIONS_ESCALATE_AFTER_DAYS", 10),
        "timeout_seconds": _int(env, "NOTIFY_TIMEOUT_SECONDS", 30),
    }
    validate(conf)
    return conf


def validate(conf: Mapping[str, Any]) -> None:
    """Fail fast: the Notify backend without a key or templates would only fill the outbox with failures."""
    if conf["backend"] != "notify":
        return
    if not conf.get("api_key"):
        raise ImproperlyConfigured("NOTIFICATIONS_BACKEND is notify but NOTIFY_API_KEY is not set.")
    # A Notify key is "<name>-<service id (36)>-<secret (36)>": the client slices it without checking.
    if len(conf["api_key"]) < 74:
        raise ImproperlyConfigured("NOTIFY_API_KEY does not look like a GOV.UK Notify API key.")
    for name in ("template_email", "template_sms"):
        if not conf.get(name):
            raise ImproperlyConfigured(
                f"NOTIFICATIONS_BACKEND is notify but NOTIFY_{name.upper()} is not set."
            )
