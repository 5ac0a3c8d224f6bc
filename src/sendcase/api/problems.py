"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API returns has the same shape:

    {"type": "https://sendcase.example/problems/validation", "title": "...", "status": 422,
     "detail": "...", "instance": "/api/v1/requests/12/assessment-decision/",
     "errors": [{"field": "decided_on", "detail": "...", "code": "..."}]}

`errors` names each input at fault (nested inputs dotted: `contacts.0.email`); it is empty when no
single field is to blame. The problem types are listed in docs/api.md.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from sendcase.core.errors import InvalidTransition, NotPermitted, ServiceError, StaleEdit
from sendcase.people.services import PossibleDuplicate

logger = logging.getLogger("sendcase.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://sendcase.example/problems/"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    title: str
    status: int
    absolute_uri: str = ""

    @property
    def uri(self) -> str:
        return self.absolute_uri or PROBLEM_BASE + self.slug


def _plain_http_problem(status_code: int) -> ProblemType:
    """RFC 9457 section 4.2.1: `about:blank` when a problem means no more than its HTTP status."""
    try:
        title = HTTPStatus(status_code).phrase
    except ValueError:
        title = "Error"
    return ProblemType("", title, status_code, absolute_uri="about:blank")


MALFORMED = ProblemType("malformed-request", "The request body could not be read", 400)
UNAUTHENTICATED = ProblemType("unauthenticated", "Authentication is needed", 401)
FORBIDDEN = ProblemType("forbidden", "You do not have permission to do this", 403)
NOT_FOUND = ProblemType("not-found", "Not found", 404)
METHOD_NOT_ALLOWED = ProblemType("method-not-allowed", "Method not allowed", 405)
NOT_ACCEPTABLE = ProblemType("not-acceptable", "The requested media type cannot be produced", 406)
INVALID_TRANSITION = ProblemType("invalid-transition", "This step cannot be taken at the case's stage", 409)
STALE_EDIT = ProblemType("stale-edit", "The record changed since you read it", 409)
POSSIBLE_DUPLICATE = ProblemType("possible-duplicate", "This child may already have a record", 409)
UNSUPPORTED_MEDIA_TYPE = ProblemType("unsupported-media-type", "Send the request body as JSON", 415)
VALIDATION = ProblemType("validation", "Some of the values sent are not valid", 422)
THROTTLED = ProblemType("throttled", "Too many requests", 429)
SERVER_ERROR = ProblemType("server-error", "Something went wrong on our side", 500)

#: Every problem type the API can return, for docs and the OpenAPI document.
PROBLEM_TYPES: tuple[ProblemType, ...] = (
    MALFORMED,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    INVALID_TRANSITION,
    STALE_EDIT,
    POSSIBLE_DUPLICATE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION,
    THROTTLED,
    SERVER_ERROR,
)

_API_EXCEPTION_TYPES: tuple[tuple[type[exceptions.APIException], ProblemType], ...] = (
    (exceptions.ParseError, MALFORMED),
    (exceptions.NotAuthenticated, UNAUTHENTICATED),
    (exceptions.AuthenticationFailed, UNAUTHENTICATED),
    (exceptions.PermissionDenied, FORBIDDEN),
    (exceptions.NotFound, NOT_FOUND),
    (exceptions.MethodNotAllowed, METHOD_NOT_ALLOWED),
    (exceptions.NotAcceptable, NOT_ACCEPTABLE),
    (exceptions.UnsupportedMediaType, UNSUPPORTED_MEDIA_TYPE),
    (exceptions.Throttled, THROTTLED),
)


def problem_response(
    problem: ProblemType,
    *,
    detail: str,
    instance: str = "",
    errors: Iterable[Mapping[str, Any]] = (),
    status_code: int | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    """A problem-details response. `extra` adds extension members (RFC 9457 section 3.2)."""
    code = status_code or problem.status
    body: dict[str, Any] = {
        "type": problem.uri,
        "title": problem.title,
        "status": code,
        "detail": detail,
        "instance": instance,
        "errors": [dict(e) for e in errors],
    }
    if extra:
        body.update(extra)
    return Response(body, status=code, headers=dict(headers or {}), content_type=PROBLEM_CONTENT_TYPE)


def flatten_errors(detail: Any, prefix: str = "") -> list[dict[str, Any]]:
    """DRF's nested error structure as a flat list, each entry naming its field with a dotted path.

    Errors that belong to no single field (`non_field_errors`, a bare list or string) have field None.
    """
    from rest_framework.settings import api_settings

    out: list[dict[str, Any]] = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            key = str(key)
            if key in (api_settings.NON_FIELD_ERRORS_KEY, "detail") and not prefix:
                out.extend(flatten_errors(value, ""))
            elif key == api_settings.NON_FIELD_ERRORS_KEY:
                out.extend(flatten_errors(value, prefix))
            else:
                out.extend(flatten_errors(value, f"{prefix}.{key}" if prefix else key))
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list | tuple):
                # A list of nested objects (many=True) or of lists: the position is part of the path.
                if item:
                    out.extend(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
            else:
                out.extend(flatten_errors(item, prefix))
    else:
        out.append(
            {
                "field": prefix or None,
                "detail": str(detail),
                "code": getattr(detail, "code", None) or "invalid",
            }
        )
    return out


def _instance(context: Mapping[str, Any]) -> str:
    request = context.get("request")
    return request.path if request is not None else ""


def _api_field_name(field: str | None, context: Mapping[str, Any]) -> str | None:
    """Service functions name their inputs; an API view may expose one under another name."""
    if field is None:
        return None
    names = getattr(context.get("view"), "service_field_names", None) or {}
    return names.get(field, field)


def _service_error_response(exc: ServiceError, context: Mapping[str, Any]) -> Response:
    instance = _instance(context)
    if isinstance(exc, InvalidTransition):
        return problem_response(INVALID_TRANSITION, detail=exc.message, instance=instance)
    if isinstance(exc, StaleEdit):
        return problem_response(STALE_EDIT, detail=exc.message, instance=instance)
    if isinstance(exc, NotPermitted):
        return problem_response(FORBIDDEN, detail=exc.message, instance=instance)
    if isinstance(exc, PossibleDuplicate):
        matches = [getattr(m, "pk", m) for m in exc.matches]
        return problem_response(
            POSSIBLE_DUPLICATE,
            detail=exc.message,
            instance=instance,
            extra={"matches": matches},
        )
    field = _api_field_name(exc.field, context)
    return problem_response(
        VALIDATION,
        detail=exc.message,
        instance=instance,
        errors=[{"field": field, "detail": exc.message, "code": exc.code}],
    )


def _validation_detail(errors: list[dict[str, Any]]) -> str:
    if not errors:
        return "The request was not valid."
    first = errors[0]
    where = f"{first['field']}: " if first["field"] else ""
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}{first['detail']}{more}"


def problem_details_handler(exc: Exception, context: Mapping[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every error as problem details (see the module docstring)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)

    set_rollback()
    instance = _instance(context)

    if isinstance(exc, ServiceError):
        return _service_error_response(exc, context)

    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        return problem_response(
            VALIDATION, detail=_validation_detail(errors), instance=instance, errors=errors
        )

    if isinstance(exc, exceptions.APIException):
        problem = next(
            (p for cls, p in _API_EXCEPTION_TYPES if isinstance(exc, cls)), None
        ) or _plain_http_problem(exc.status_code)
        headers: dict[str, str] = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(math.ceil(exc.wait))
        detail = exc.detail
        if isinstance(detail, list | dict):
            errors = flatten_errors(detail)
            return problem_response(
                problem,
                detail=_validation_detail(errors),
                instance=instance,
                errors=errors,
                status_code=exc.status_code,
                headers=headers,
            )
        # A status the view changed (DRF turns 401 into 403 where no scheme can be offered) wins, and
        # then the type follows it.
        if exc.status_code == status.HTTP_403_FORBIDDEN and problem is UNAUTHENTICATED:
            problem = FORBIDDEN
        return problem_response(
            problem, detail=str(detail), instance=instance, status_code=exc.status_code, headers=headers
        )

    # Anything else is a bug: log it with its traceback and answer with a problem, not an HTML page.
    logger.error("Unhandled exception in API view at %s", instance, exc_info=exc)
    return problem_response(
        SERVER_ERROR,
        detail="The error has been logged. Try again later; if it keeps happening, contact the service desk.",
        instance=instance,
    )
