"""Errors that service functions raise, for views to show and the API to turn into problem details."""

from __future__ import annotations


class ServiceError(Exception):
    """A write that the service refuses, with a message a person can act on.

    `field` names the input at fault (form field and API field share names) when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class InvalidTransition(ServiceError):
    """The case is not in a state this step can be taken from."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="invalid_transition")


class StaleEdit(ServiceError):
    """Someone else saved the record after this edit started: nothing was overwritten."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "Someone else changed this record while you were editing it. Your changes have not been "
            "saved. Reload the page to see their changes, then make yours again.",
            code="stale_edit",
        )


class NotPermitted(ServiceError):
    def __init__(self, message: str = "You do not have permission to do this.") -> None:
        super().__init__(message, code="not_permitted")
