"""drf-spectacular extensions for the OpenAPI document (registered when the app is ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from sendcase import statutory

_DEADLINE_STATUS_DESCRIPTION = (
    "* `on_time` - done on or before the due date\n"
    "* `late` - done after the due date\n"
    "* `due` - not done yet, due date not passed\n"
    "* `overdue` - not done, due date passed\n"
    "* `excepted` - an exception stops the limit applying (the due date is kept)"
)


class DeadlineStatusFieldExtension(OpenApiSerializerFieldExtension):
    """A deadline's `status` as its own enum component, `DeadlineStatusEnum`.

    Without this, drf-spectacular's enum hook would see two different choice sets under the property
    name `status` (a request's and a deadline's) and give the request's a hashed name.
    """

    target_class = "sendcase.api.serializers.DeadlineStatusField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        component = ResolvedComponent(
            name="DeadlineStatusEnum",
            type=ResolvedComponent.SCHEMA,
            object="DeadlineStatusEnum",
            schema={
                "type": "string",
                "enum": list(statutory.StepStatus.ALL),
                "description": _DEADLINE_STATUS_DESCRIPTION,
            },
        )
        auto_schema.registry.register_on_missing(component)
        if self.target.allow_null:
            return {"allOf": [component.ref], "nullable": True}
        return component.ref


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, judging "is this a list?" by the success response.

    With error responses keyed by (status, media type), the stock heuristic picks the lowest key as
    a string, which is an error response, and so misses pagination parameters on list operations.
    """

    def _is_list_view(self, serializer: Any = None) -> bool:
        if serializer is None:
            responses = self.get_response_serializers()
            if isinstance(responses, dict):
                success = [
                    value
                    for code, value in responses.items()
                    if str(code[0] if isinstance(code, tuple) else code).startswith("2")
                ]
                if success:
                    serializer = success[0]
        return super()._is_list_view(serializer)
