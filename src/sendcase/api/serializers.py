"""What the API reads and writes.

Input serializers only validate: the views pass `validated_data` to the service functions, which do the
writing (no serializer here is ever `.save()`d). Output serializers describe records as they are read.
Field names match the service functions' parameters, so a refusal from a service names the field the
client sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sendcase import statutory
from sendcase.assessments.deadlines import Deadline, Tracking, request_deadlines, tracking
from sendcase.assessments.models import (
    AdviceRequest,
    AdviserType,
    AssessmentRequest,
    Consultation,
    ConsultationOutcome,
    RequestSource,
    RequestStatus,
    Step,
    StepException,
)
from sendcase.assessments.stages import STAGE_TEXT
from sendcase.people.models import Child
from sendcase.people.selectors import children_visible_to
from sendcase.settings_data.models import Establishment, Locality

# --- problem details (for the OpenAPI document; problems.py builds the bodies) ----------------------


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The input at fault, nested inputs dotted (`a.0.b`); null if none."
    )
    detail = serializers.CharField(help_text="What is wrong, in words a person can act on.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `required`, `invalid`.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem details object, sent as `application/problem+json`."""

    type = serializers.URLField(help_text="Identifies the kind of problem; see docs/api.md.")
    title = serializers.CharField(help_text="A short summary of the kind of problem.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong this time.")
    instance = serializers.CharField(help_text="The path of the request that failed.")
    errors = ProblemFieldErrorSerializer(many=True, help_text="Each input at fault; empty if none.")
    matches = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="possible-duplicate only: the ids of the children this may be a duplicate of.",
    )


# --- shared fields -----------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleChildField(serializers.PrimaryKeyRelatedField):
    """A child's id, resolved only among the children the requesting user may see."""

    default_error_messages = {
        "does_not_exist": "There is no child with id {pk_value} that you can see.",
        "incorrect_type": "Enter a child's id as a number.",
    }

    def get_queryset(self) -> QuerySet[Child]:
        request = self.context.get("request")
        if request is None:
            return Child.objects.none()
        return children_visible_to(request.user)


def establishment_field(*, required: bool = True, help_text: str = "") -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.all(),
        required=required,
        allow_null=not required,
        default=None if not required else serializers.empty,
        help_text=help_text,
        error_messages={
            "does_not_exist": "There is no school or setting with id {pk_value}.",
            "incorrect_type": "Enter the school or setting's id as a number.",
        },
    )


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        help_text="The request's `version` as last read. If the case has changed since, nothing is saved "
        "and the answer is 409 stale-edit.",
    )


def text_field(
    *, max_length: int | None = None, required: bool = False, help_text: str = ""
) -> serializers.CharField:
    kwargs: dict[str, Any] = {"required": required, "allow_blank": not required, "help_text": help_text}
    if not required:
        kwargs["default"] = ""
    if max_length:
        kwargs["max_length"] = max_length
    return serializers.CharField(**kwargs)


class DeadlineStatusField(serializers.CharField):
    """A deadline's status (see `statutory.StepStatus`); its schema is the DeadlineStatus component."""


# --- children ----------------------------------------------------------------------------------------


class LocalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Locality
        fields = ["code", "name"]


class ChildSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:child-detail")
    reference = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Child
        fields = ["id", "url", "reference", "full_name", "date_of_birth"]


class ChildListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:child-detail")
    reference = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "url",
            "reference",
            "full_name",
            "legal_first_name",
            "legal_middle_names",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "upn",
            "postcode",
            "version",
        ]


class RequestSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:request-detail")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = AssessmentRequest
        fields = ["id", "url", "status", "status_display", "is_open", "received_on", "closed_on"]


class ChildDetailSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:child-detail")
    reference = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    legal_name = serializers.CharField(read_only=True)
    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    ethnicity_display = serializers.CharField(source="get_ethnicity_display", read_only=True)
    locality = LocalitySerializer(read_only=True, allow_null=True)
    assessment_requests = RequestSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Child
        fields = [
            "id",
            "url",
            "reference",
            "full_name",
            "legal_name",
            "legal_first_name",
            "legal_middle_names",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "sex_display",
            "ethnicity",
            "ethnicity_display",
            "upn",
            "uln",
            "nhs_number",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "locality",
            "first_language",
            "interpreter_needed",
            "acts_for_self",
            "version",
            "assessment_requests",
            "created_at",
            "updated_at",
        ]


class ChildCreateSerializer(serializers.ModelSerializer):
    """A new child's record. Validated here for shape; `people.services.child_create` decides the rest."""

    locality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Locality.objects.all(),
        required=False,
        allow_null=True,
        help_text="The locality's code.",
    )
    # Identifiers are checked and normalised by the service (spaces removed, upper case), so the API
    # accepts them as people write them ("999 000 0026", "b1 1aa"), not only in their stored form.
    upn = text_field(max_length=20, help_text="Unique pupil number, 13 characters.")
    uln = text_field(max_length=20, help_text="Unique learner number, 10 digits.")
    nhs_number = text_field(max_length=20, help_text="10 digits; spaces and hyphens are ignored.")
    postcode = text_field(max_length=12)
    confirm_not_duplicate = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text="Send true after checking the matches of a 409 possible-duplicate answer, to create the "
        "record anyway.",
    )

    class Meta:
        model = Child
        fields = [
            "legal_first_name",
            "legal_middle_names",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "sex",
            "ethnicity",
            "upn",
            "uln",
            "nhs_number",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "locality",
            "first_language",
            "interpreter_needed",
            "acts_for_self",
            "confirm_not_duplicate",
        ]


# --- assessment requests: reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRecord:
    """A request with everything its representation shows, deadlines computed as at `as_of`."""

    request: AssessmentRequest
    advice: list[AdviceRequest]
    consultations: list[Consultation]
    exceptions: list[StepException]
    deadlines: list[Deadline]
    tracking: Tracking
    as_of: dt.date
    created: dict[str, Any] | None = None


def request_record_for(
    request: AssessmentRequest, *, as_of: dt.date | None = None, created: dict[str, Any] | None = None
) -> RequestRecord:
    """Gather a request's parts and compute its deadlines (as at today unless `as_of` is given)."""
    as_of = as_of or timezone.localdate()
    advice = list(request.advice_requests.all())
    consultations = list(request.consultations.all())
    exceptions = list(request.exceptions.all())
    deadlines = request_deadlines(request, advice, consultations, exceptions, as_of)
    return RequestRecord(
        request=request,
        advice=advice,
        consultations=consultations,
        exceptions=exceptions,
        deadlines=deadlines,
        tracking=tracking(deadlines),
        as_of=as_of,
        created=created,
    )


class EstablishmentSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Establishment
        fields = ["id", "urn", "ukprn", "name"]


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="Stable within the request: `decision`, `advice:12`, `final_plan`..."
    )
    label = serializers.CharField()
    due = serializers.DateField()
    done = serializers.DateField(allow_null=True, help_text="When the step was done; null if not yet.")
    status = DeadlineStatusField(
        allow_null=True,
        help_text="on_time, late, due, overdue or excepted; null for a period that is information only "
        "(the family's comment period).",
    )
    days_left = serializers.IntegerField(
        allow_null=True, help_text="Days from today to the due date (negative when past); null once done."
    )
    source = serializers.CharField(help_text="The regulation or guidance the limit comes from.")
    is_open = serializers.BooleanField(help_text="Whether this step is still waiting to be done.")
    excepted = serializers.BooleanField(help_text="Whether an exception stops the limit applying.")


class AdviceRequestOutSerializer(serializers.ModelSerializer):
    adviser_type_display = serializers.CharField(source="get_adviser_type_display", read_only=True)
    due = serializers.SerializerMethodField(help_text="6 weeks from the request (Regs 8(1)).")

    class Meta:
        model = AdviceRequest
        fields = [
            "id",
            "adviser_type",
            "adviser_type_display",
            "adviser_name",
            "requested_on",
            "due",
            "received_on",
            "last_chased_on",
            "times_chased",
            "exception_reason",
            "exception_notes",
        ]

    def get_due(self, obj: AdviceRequest) -> dt.date:
        return statutory.advice_due(obj.requested_on)


class ConsultationOutSerializer(serializers.ModelSerializer):
    establishment = EstablishmentSummarySerializer(read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    due = serializers.SerializerMethodField(help_text="15 days from sending (CoP 9.83, guidance).")

    class Meta:
        model = Consultation
        fields = [
            "id",
            "establishment",
            "sent_on",
            "due",
            "answered_on",
            "outcome",
            "outcome_display",
            "notes",
        ]

    def get_due(self, obj: Consultation) -> dt.date:
        return statutory.consultation_response_due(obj.sent_on)


class StepExceptionOutSerializer(serializers.ModelSerializer):
    step_display = serializers.CharField(source="get_step_display", read_only=True)
    reason_display = serializers.SerializerMethodField()

    class Meta:
        model = StepException
        fields = [
            "id",
            "step",
            "step_display",
            "reason",
            "reason_display",
            "starts_on",
            "ends_on",
            "family_told_on",
            "notes",
        ]

    def get_reason_display(self, obj: StepException) -> str:
        return statutory.EXCEPTION_REASONS.get(obj.reason, obj.reason)


class CreatedSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["advice_request", "consultation", "step_exception", "ehc_plan"],
        help_text="What the step created.",
    )
    id = serializers.IntegerField()


class RequestListSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    url = serializers.HyperlinkedIdentityField(view_name="api:request-detail")
    child = ChildSummarySerializer()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    is_open = serializers.BooleanField()
    received_on = serializers.DateField()
    source = serializers.ChoiceField(choices=RequestSource.choices)
    next_step = serializers.CharField(help_text="As last refreshed (by each step and the daily sweep).")
    next_due = serializers.DateField(allow_null=True)
    overdue_steps = serializers.IntegerField()
    version = serializers.IntegerField()


class RequestDetailSerializer(serializers.Serializer):
    """A request as read from `RequestRecord`: its state, dates, parts and deadlines."""

    id = serializers.IntegerField(source="request.pk")
    url = serializers.SerializerMethodField()
    child = ChildSummarySerializer(source="request.child")
    status = serializers.ChoiceField(choices=RequestStatus.choices, source="request.status")
    status_display = serializers.CharField(source="request.get_status_display")
    stage = serializers.SerializerMethodField(help_text="What the stage means, in plain English.")
    is_open = serializers.BooleanField(source="request.is_open")
    version = serializers.IntegerField(
        source="request.version", help_text="Send this back as `version` with the next step."
    )
    received_on = serializers.DateField(source="request.received_on")
    source = serializers.ChoiceField(choices=RequestSource.choices, source="request.source")
    source_display = serializers.CharField(source="request.get_source_display")
    requester_name = serializers.CharField(source="request.requester_name")
    requesting_establishment = EstablishmentSummarySerializer(
        source="request.requesting_establishment", allow_null=True
    )
    summary = serializers.CharField(source="request.summary")
    assessment_decided_on = serializers.DateField(source="request.assessment_decided_on", allow_null=True)
    issue_decided_on = serializers.DateField(source="request.issue_decided_on", allow_null=True)
    decision_reason = serializers.CharField(source="request.decision_reason")
    draft_served_on = serializers.DateField(source="request.draft_served_on", allow_null=True)
    family_comments_received_on = serializers.DateField(
        source="request.family_comments_received_on", allow_null=True
    )
    family_preferred_establishment = EstablishmentSummarySerializer(
        source="request.family_preferred_establishment", allow_null=True
    )
    family_preference_notes = serializers.CharField(source="request.family_preference_notes")
    meeting_requested = serializers.BooleanField(source="request.meeting_requested")
    final_issued_on = serializers.DateField(source="request.final_issued_on", allow_null=True)
    closed_on = serializers.DateField(source="request.closed_on", allow_null=True)
    plan_id = serializers.SerializerMethodField(help_text="The EHC plan issued from this request, if any.")
    as_of = serializers.DateField(help_text="The date the deadlines' statuses and days_left are computed at.")
    deadlines = DeadlineSerializer(many=True)
    next_step = serializers.CharField(source="tracking.next_step", help_text="The nearest open step.")
    next_due = serializers.DateField(source="tracking.next_due", allow_null=True)
    overdue_steps = serializers.IntegerField(source="tracking.overdue_steps")
    advice_requests = AdviceRequestOutSerializer(source="advice", many=True)
    consultations = ConsultationOutSerializer(many=True)
    exceptions = StepExceptionOutSerializer(many=True)
    created_at = serializers.DateTimeField(source="request.created_at")
    updated_at = serializers.DateTimeField(source="request.updated_at")

    def get_url(self, obj: RequestRecord) -> str:
        from django.urls import reverse

        path = reverse("api:request-detail", kwargs={"pk": obj.request.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_stage(self, obj: RequestRecord) -> str:
        return STAGE_TEXT.get(obj.request.status, "")

    def get_plan_id(self, obj: RequestRecord) -> int | None:
        plan = (
            getattr(obj.request, "plan", None) if obj.request.status == RequestStatus.FINAL_ISSUED else None
        )
        return plan.pk if plan is not None else None


class RequestStepResultSerializer(RequestDetailSerializer):
    """The request after a step that created something, with what it created."""

    created = CreatedSerializer(help_text="The record the step created.")


# --- assessment requests: writing ----------------------------------------------------------------------


class RequestCreateSerializer(serializers.Serializer):
    child_id = VisibleChildField(help_text="The child's id (from /api/v1/children/).")
    received_on = serializers.DateField(
        help_text="The day the authority received the request (the 20-week clock starts here)."
    )
    source = serializers.ChoiceField(choices=RequestSource.choices)
    requester_name = text_field(max_length=200)
    requesting_establishment_id = establishment_field(required=False)
    summary = text_field()


class AssessmentDecisionSerializer(serializers.Serializer):
    assess = serializers.BooleanField(
        help_text="true: assess; false: decided not to assess (closes the request)."
    )
    decided_on = serializers.DateField()
    reason = text_field(help_text="Required when assess is false.")
    version = version_field()


class AdviceRequestSerializer(serializers.Serializer):
    adviser_type = serializers.ChoiceField(choices=AdviserType.choices)
    adviser_name = text_field(max_length=200, help_text="Person or organisation asked.")
    requested_on = serializers.DateField()


class AdviceReceiptSerializer(serializers.Serializer):
    received_on = serializers.DateField()


class AdviceChaseSerializer(serializers.Serializer):
    chased_on = serializers.DateField()


class AdviceExceptionSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=list(statutory.ADVICE_EXCEPTION_REASONS.items()))
    recorded_on = serializers.DateField()
    notes = text_field(max_length=300)


class IssueDecisionSerializer(serializers.Serializer):
    issue = serializers.BooleanField(
        help_text="true: issue a plan; false: decided not to (closes the request)."
    )
    decided_on = serializers.DateField()
    reason = text_field(help_text="Required when issue is false.")
    version = version_field()


class DraftPlanSerializer(serializers.Serializer):
    served_on = serializers.DateField()
    version = version_field()


class DraftResponseSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    preferred_establishment_id = establishment_field(
        required=False, help_text="The school or setting the family asked for."
    )
    preference_notes = text_field(max_length=300)
    meeting_requested = serializers.BooleanField(default=False)
    comments = text_field()


class ConsultationSendSerializer(serializers.Serializer):
    establishment_id = establishment_field()
    sent_on = serializers.DateField()


class ConsultationAnswerSerializer(serializers.Serializer):
    answered_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ConsultationOutcome.choices)
    notes = text_field()


class FinalPlanSerializer(serializers.Serializer):
    issued_on = serializers.DateField()
    named_establishment_id = establishment_field(required=False)
    version = version_field()


class WithdrawalSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    reason = text_field(required=True, help_text="Why the request was withdrawn.")
    version = version_field()


class MoveOutSerializer(serializers.Serializer):
    moved_on = serializers.DateField()
    reason = text_field()
    version = version_field()


class StepExceptionSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    reason = serializers.ChoiceField(choices=list(statutory.EXCEPTION_REASONS.items()))
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    family_told_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = text_field()
