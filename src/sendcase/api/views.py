"""The JSON API's handlers. Thin: validate with a serializer, call a service function, answer.

Reads go through `people.selectors` (staff and service accounts see the authority's children; anyone
else sees none), so an id the caller may not see is a 404 exactly like one that does not exist. Every
read of a child's or a request's record is written to the audit log here; writes are audited by the
services. Errors are turned into problem details by `problems.problem_details_handler`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sendcase.assessments import services as assessment_services
from sendcase.assessments.models import (
    OPEN_STATUSES,
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    RequestStatus,
)
from sendcase.assessments.selectors import requests_visible_to
from sendcase.core.audit import audit_record, audit_view
from sendcase.core.models import AuditAction, User
from sendcase.people import services as people_services
from sendcase.people.selectors import child_for_user, child_search

from . import serializers as s
from .schema import ApiAutoSchema

# --- shared pieces -------------------------------------------------------------------------------------


def _problem(status_code: int, description: str) -> tuple[tuple[int, str], OpenApiResponse]:
    return (status_code, "application/problem+json"), OpenApiResponse(
        s.ProblemSerializer, description=description
    )


PROBLEM_400 = _problem(400, "malformed-request: the body is not valid JSON.")
PROBLEM_401 = _problem(401, "unauthenticated: no token, or a token that is not valid.")
PROBLEM_403 = _problem(403, "forbidden: the account's role may not do this.")
PROBLEM_404 = _problem(404, "not-found: no such record, or not one this account may see.")
PROBLEM_409 = _problem(
    409,
    "invalid-transition: the step cannot be taken at the case's stage; or stale-edit: `version` is not the "
    "request's current version, so nothing was saved.",
)
PROBLEM_409_DUPLICATE = _problem(
    409, "possible-duplicate: children who may be this one are listed in `matches`; nothing was saved."
)
PROBLEM_422 = _problem(422, "validation: `errors` names each field at fault.")


def problems(*items: tuple[tuple[int, str], OpenApiResponse]) -> dict[Any, Any]:
    return dict(items)


READ_PROBLEMS = problems(PROBLEM_401, PROBLEM_403, PROBLEM_404)
WRITE_PROBLEMS = problems(PROBLEM_400, PROBLEM_401, PROBLEM_403, PROBLEM_404, PROBLEM_409, PROBLEM_422)


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class ApiView(GenericAPIView):
    """JSON in, JSON out (errors as application/problem+json)."""

    renderer_classes: ClassVar[list] = [JSONRenderer]
    pagination_class = ApiPagination
    schema = ApiAutoSchema()

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Children's records must never be kept by a shared or client cache.
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def _request_detail_queryset(user: User | AnonymousUser) -> QuerySet[AssessmentRequest]:
    return (
        requests_visible_to(user)
        .select_related("child", "requesting_establishment", "family_preferred_establishment", "plan")
        .prefetch_related("advice_requests", "consultations__establishment", "exceptions")
    )


def _request_for_user(user: User | AnonymousUser, pk: int) -> AssessmentRequest:
    return get_object_or_404(_request_detail_queryset(user), pk=pk)


# --- children ------------------------------------------------------------------------------------------


class ChildListCreateView(ApiView):
    serializer_class = s.ChildCreateSerializer

    @extend_schema(
        operation_id="children_list",
        summary="Find children",
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description="A reference (SC0000123), UPN, NHS number or ULN, date of birth (dd/mm/yyyy), "
                "or words of a name.",
            )
        ],
        responses={200: s.ChildListSerializer(many=True), **problems(PROBLEM_401, PROBLEM_403)},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("search", "").strip()
        children = child_search(request.user, query)
        page = self.paginate_queryset(children)
        audit_record(
            user=request.user,
            action=AuditAction.VIEW,
            summary=f"Listed children through the API (search {query!r}, {len(page)} shown)"
            if query
            else f"Listed children through the API ({len(page)} shown)",
        )
        data = s.ChildListSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="children_create",
        summary="Create a child's record",
        request=s.ChildCreateSerializer,
        responses={
            201: s.ChildDetailSerializer,
            **problems(PROBLEM_400, PROBLEM_401, PROBLEM_403, PROBLEM_409_DUPLICATE, PROBLEM_422),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        confirmed = data.pop("confirm_not_duplicate", False)
        child = people_services.child_create(
            acting_user=request.user, data=data, confirmed_not_duplicate=confirmed
        )
        child = child_for_user(request.user, child.pk)
        body = s.ChildDetailSerializer(child, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


class ChildDetailView(ApiView):
    serializer_class = s.ChildDetailSerializer

    @extend_schema(
        operation_id="children_retrieve",
        summary="Read a child's record",
        responses={200: s.ChildDetailSerializer, **READ_PROBLEMS},
    )
    def get(self, request: Request, pk: int) -> Response:
        child = child_for_user(request.user, pk)
        audit_view(user=request.user, obj=child, summary="Viewed through the API")
        return Response(self.get_serializer(child).data)


# --- assessment requests -------------------------------------------------------------------------------


class RequestListCreateView(ApiView):
    serializer_class = s.RequestCreateSerializer
    service_field_names: ClassVar[dict[str, str]] = {
        "requesting_establishment": "requesting_establishment_id"
    }

    @extend_schema(
        operation_id="requests_list",
        summary="List requests for assessment",
        parameters=[
            OpenApiParameter("child", OpenApiTypes.INT, description="Only this child's requests."),
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=RequestStatus.values, description="Only this status."
            ),
            OpenApiParameter(
                "open", OpenApiTypes.BOOL, description="true: only open requests; false: only closed."
            ),
        ],
        responses={
            200: s.RequestListSerializer(many=True),
            **problems(PROBLEM_401, PROBLEM_403, PROBLEM_422),
        },
    )
    def get(self, request: Request) -> Response:
        filters = _RequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        requests = requests_visible_to(request.user).select_related("child")
        if (child_id := filters.validated_data.get("child")) is not None:
            requests = requests.filter(child_id=child_id)
        if value := filters.validated_data.get("status"):
            requests = requests.filter(status=value)
        if (is_open := filters.validated_data.get("open")) is not None:
            open_statuses = list(OPEN_STATUSES)
            requests = (
                requests.filter(status__in=open_statuses)
                if is_open
                else requests.exclude(status__in=open_statuses)
            )
        page = self.paginate_queryset(requests)
        audit_record(
            user=request.user,
            action=AuditAction.VIEW,
            summary=f"Listed assessment requests through the API ({len(page)} shown)",
        )
        data = s.RequestListSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="requests_create",
        summary="Record a request for an EHC needs assessment",
        request=s.RequestCreateSerializer,
        responses={
            201: s.RequestDetailSerializer,
            **problems(PROBLEM_400, PROBLEM_401, PROBLEM_403, PROBLEM_422),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = assessment_services.request_record(
            acting_user=request.user,
            child=data["child_id"],
            received_on=data["received_on"],
            source=data["source"],
            requester_name=data["requester_name"],
            requesting_establishment=data["requesting_establishment_id"],
            summary=data["summary"],
        )
        return _request_response(self, case.pk, status_code=status.HTTP_201_CREATED)


class _RequestFilterSerializer(drf_serializers.Serializer):
    child = drf_serializers.IntegerField(required=False, min_value=1)
    status = drf_serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    open = drf_serializers.BooleanField(required=False, allow_null=True, default=None)


def _request_response(
    view: GenericAPIView,
    pk: int,
    *,
    status_code: int = status.HTTP_200_OK,
    created: dict[str, Any] | None = None,
) -> Response:
    """The request's representation after a write, read back through the selector."""
    case = _request_for_user(view.request.user, pk)
    record = s.request_record_for(case, created=created)
    serializer_class = s.RequestStepResultSerializer if created else s.RequestDetailSerializer
    body = serializer_class(record, context=view.get_serializer_context()).data
    headers = {"Location": body["url"]} if status_code == status.HTTP_201_CREATED and not created else {}
    return Response(body, status=status_code, headers=headers)


class RequestDetailView(ApiView):
    serializer_class = s.RequestDetailSerializer

    @extend_schema(
        operation_id="requests_retrieve",
        summary="Read a request, its steps and its deadlines",
        responses={200: s.RequestDetailSerializer, **READ_PROBLEMS},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = _request_for_user(request.user, pk)
        audit_view(user=request.user, obj=case, summary="Viewed through the API")
        record = s.request_record_for(case)
        return Response(self.get_serializer(record).data)


# --- workflow steps ------------------------------------------------------------------------------------


class RequestStepView(ApiView):
    """POST one workflow step on a request: validate, call the service, answer with the request.

    Subclasses set `serializer_class` and implement `perform_step`, returning what the step created
    (as {"type", "id"}) or None. Steps that create something answer 201, others 200.
    """

    creates: ClassVar[bool] = False

    def get_case(self) -> AssessmentRequest:
        return _request_for_user(self.request.user, self.kwargs["pk"])

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> dict[str, Any] | None:
        raise NotImplementedError

    def post(self, request: Request, pk: int, **kwargs: Any) -> Response:
        case = self.get_case()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = self.perform_step(case, dict(serializer.validated_data))
        return _request_response(
            self,
            case.pk,
            status_code=status.HTTP_201_CREATED if self.creates else status.HTTP_200_OK,
            created=created,
        )


def step_schema(summary: str, serializer: type[drf_serializers.Serializer], *, creates: bool = False) -> Any:
    if creates:
        responses = {201: s.RequestStepResultSerializer, **WRITE_PROBLEMS}
    else:
        responses = {200: s.RequestDetailSerializer, **WRITE_PROBLEMS}
    return extend_schema(summary=summary, request=serializer, responses=responses)


@extend_schema_view(
    post=step_schema("Record the decision whether to assess (Regs 5(1))", s.AssessmentDecisionSerializer)
)
class AssessmentDecisionView(RequestStepView):
    serializer_class = s.AssessmentDecisionSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.assessment_decision_record(
            acting_user=self.request.user,
            request=case,
            assess=data["assess"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )


@extend_schema_view(
    post=step_schema("Ask an adviser for advice (Regs 6)", s.AdviceRequestSerializer, creates=True)
)
class AdviceRequestView(RequestStepView):
    serializer_class = s.AdviceRequestSerializer
    creates = True

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> dict[str, Any]:
        advice = assessment_services.advice_request_record(
            acting_user=self.request.user,
            request=case,
            adviser_type=data["adviser_type"],
            requested_on=data["requested_on"],
            adviser_name=data["adviser_name"],
        )
        return {"type": "advice_request", "id": advice.pk}


class AdviceStepView(RequestStepView):
    """A step on one advice request of the request in the path."""

    def get_advice(self, case: AssessmentRequest) -> AdviceRequest:
        try:
            return case.advice_requests.get(pk=self.kwargs["advice_id"])
        except AdviceRequest.DoesNotExist:
            raise Http404("No such advice request on this case.") from None


@extend_schema_view(post=step_schema("Record that advice was received", s.AdviceReceiptSerializer))
class AdviceReceiptView(AdviceStepView):
    serializer_class = s.AdviceReceiptSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.advice_receipt_record(
            acting_user=self.request.user, advice=self.get_advice(case), received_on=data["received_on"]
        )


@extend_schema_view(post=step_schema("Record that advice was chased", s.AdviceChaseSerializer))
class AdviceChaseView(AdviceStepView):
    serializer_class = s.AdviceChaseSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.advice_chase_record(
            acting_user=self.request.user, advice=self.get_advice(case), chased_on=data["chased_on"]
        )


@extend_schema_view(
    post=step_schema("Record an exception to an adviser's 6 weeks (Regs 8(2))", s.AdviceExceptionSerializer)
)
class AdviceExceptionView(AdviceStepView):
    serializer_class = s.AdviceExceptionSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.advice_exception_record(
            acting_user=self.request.user,
            advice=self.get_advice(case),
            reason=data["reason"],
            recorded_on=data["recorded_on"],
            notes=data["notes"],
        )


@extend_schema_view(
    post=step_schema("Record the decision whether to issue a plan (Regs 10)", s.IssueDecisionSerializer)
)
class IssueDecisionView(RequestStepView):
    serializer_class = s.IssueDecisionSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.issue_decision_record(
            acting_user=self.request.user,
            request=case,
            issue=data["issue"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )


@extend_schema_view(
    post=step_schema("Record that the draft plan was sent to the family (Regs 13(1))", s.DraftPlanSerializer)
)
class DraftPlanView(RequestStepView):
    serializer_class = s.DraftPlanSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.draft_plan_serve(
            acting_user=self.request.user,
            request=case,
            served_on=data["served_on"],
            expected_version=data["version"],
        )


@extend_schema_view(
    post=step_schema("Record the family's response to the draft plan", s.DraftResponseSerializer)
)
class DraftResponseView(RequestStepView):
    serializer_class = s.DraftResponseSerializer
    service_field_names: ClassVar[dict[str, str]] = {"preferred_establishment": "preferred_establishment_id"}

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.draft_response_record(
            acting_user=self.request.user,
            request=case,
            received_on=data["received_on"],
            preferred_establishment=data["preferred_establishment_id"],
            preference_notes=data["preference_notes"],
            meeting_requested=data["meeting_requested"],
            comments=data["comments"],
        )


@extend_schema_view(
    post=step_schema("Consult a school or setting (CFA s.39-40)", s.ConsultationSendSerializer, creates=True)
)
class ConsultationSendView(RequestStepView):
    serializer_class = s.ConsultationSendSerializer
    creates = True
    service_field_names: ClassVar[dict[str, str]] = {"establishment": "establishment_id"}

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> dict[str, Any]:
        consultation = assessment_services.consultation_send(
            acting_user=self.request.user,
            request=case,
            establishment=data["establishment_id"],
            sent_on=data["sent_on"],
        )
        return {"type": "consultation", "id": consultation.pk}


@extend_schema_view(
    post=step_schema("Record a school or setting's answer to a consultation", s.ConsultationAnswerSerializer)
)
class ConsultationAnswerView(RequestStepView):
    serializer_class = s.ConsultationAnswerSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        try:
            consultation = case.consultations.get(pk=self.kwargs["consultation_id"])
        except Consultation.DoesNotExist:
            raise Http404("No such consultation on this case.") from None
        assessment_services.consultation_answer_record(
            acting_user=self.request.user,
            consultation=consultation,
            answered_on=data["answered_on"],
            outcome=data["outcome"],
            notes=data["notes"],
        )


@extend_schema_view(
    post=step_schema("Issue the final EHC plan (Regs 13(2))", s.FinalPlanSerializer, creates=True)
)
class FinalPlanView(RequestStepView):
    serializer_class = s.FinalPlanSerializer
    creates = True
    service_field_names: ClassVar[dict[str, str]] = {"named_establishment": "named_establishment_id"}

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> dict[str, Any]:
        plan = assessment_services.final_plan_issue(
            acting_user=self.request.user,
            request=case,
            issued_on=data["issued_on"],
            named_establishment=data["named_establishment_id"],
            expected_version=data["version"],
        )
        return {"type": "ehc_plan", "id": plan.pk}


@extend_schema_view(post=step_schema("Record that the request was withdrawn", s.WithdrawalSerializer))
class WithdrawalView(RequestStepView):
    serializer_class = s.WithdrawalSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.request_withdraw(
            acting_user=self.request.user,
            request=case,
            withdrawn_on=data["withdrawn_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )


@extend_schema_view(post=step_schema("Record that the child moved out of the area", s.MoveOutSerializer))
class MoveOutView(RequestStepView):
    serializer_class = s.MoveOutSerializer

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> None:
        assessment_services.request_move_out(
            acting_user=self.request.user,
            request=case,
            moved_on=data["moved_on"],
            reason=data["reason"],
            expected_version=data["version"],
        )


@extend_schema_view(
    post=step_schema(
        "Record an exception to a time limit (Regs 5(4), 10(4), 13(3))",
        s.StepExceptionSerializer,
        creates=True,
    )
)
class StepExceptionView(RequestStepView):
    serializer_class = s.StepExceptionSerializer
    creates = True

    def perform_step(self, case: AssessmentRequest, data: dict[str, Any]) -> dict[str, Any]:
        exception = assessment_services.exception_record(
            acting_user=self.request.user,
            request=case,
            step=data["step"],
            reason=data["reason"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            family_told_on=data["family_told_on"],
            notes=data["notes"],
        )
        return {"type": "step_exception", "id": exception.pk}


# --- the OpenAPI document and unknown paths ------------------------------------------------------------


class OpenApiDocumentView(SpectacularJSONAPIView):
    """The OpenAPI 3 document. Public: it describes the API, not anyone's data."""

    permission_classes: ClassVar[list] = [AllowAny]
    authentication_classes: ClassVar[list] = []


class NotFoundView(APIView):
    """Any path under /api/v1/ that names no endpoint: 404 as problem details, whatever the method."""

    permission_classes: ClassVar[list] = [AllowAny]
    authentication_classes: ClassVar[list] = []
    renderer_classes: ClassVar[list] = [JSONRenderer]
    schema = None

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        detail = f"There is no API endpoint at {request.path}."
        if not request.path.endswith("/"):
            try:
                match = resolve(request.path + "/")
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "view_class", None) is not NotFoundView:
                detail += f" Did you mean {request.path}/ (with a slash at the end)?"
        raise NotFound(detail)

    get = post = put = patch = delete = head = options = _not_found
