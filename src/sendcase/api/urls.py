"""The JSON API, mounted at /api/v1/. The last route answers 404 problem details for any other path."""

from django.urls import path, re_path

from . import views

app_name = "api"

_request = "requests/<int:pk>/"

urlpatterns = [
    path("openapi.json", views.OpenApiDocumentView.as_view(), name="openapi"),
    path("children/", views.ChildListCreateView.as_view(), name="child-list"),
    path("children/<int:pk>/", views.ChildDetailView.as_view(), name="child-detail"),
    path("requests/", views.RequestListCreateView.as_view(), name="request-list"),
    path(_request, views.RequestDetailView.as_view(), name="request-detail"),
    path(
        f"{_request}assessment-decision/",
        views.AssessmentDecisionView.as_view(),
        name="request-assessment-decision",
    ),
    path(f"{_request}advice/", views.AdviceRequestView.as_view(), name="request-advice"),
    path(
        f"{_request}advice/<int:advice_id>/receipt/", views.AdviceReceiptView.as_view(), name="advice-receipt"
    ),
    path(f"{_request}advice/<int:advice_id>/chase/", views.AdviceChaseView.as_view(), name="advice-chase"),
    path(
        f"{_request}advice/<int:advice_id>/exception/",
        views.AdviceExceptionView.as_view(),
        name="advice-exception",
    ),
    path(f"{_request}issue-decision/", views.IssueDecisionView.as_view(), name="request-issue-decision"),
    path(f"{_request}draft-plan/", views.DraftPlanView.as_view(), name="request-draft-plan"),
    path(f"{_request}draft-response/", views.DraftResponseView.as_view(), name="request-draft-response"),
    path(f"{_request}consultations/", views.ConsultationSendView.as_view(), name="request-consultations"),
    path(
        f"{_request}consultations/<int:consultation_id>/answer/",
        views.ConsultationAnswerView.as_view(),
        name="consultation-answer",
    ),
    path(f"{_request}final-plan/", views.FinalPlanView.as_view(), name="request-final-plan"),
    path(f"{_request}withdrawal/", views.WithdrawalView.as_view(), name="request-withdrawal"),
    path(f"{_request}move-out/", views.MoveOutView.as_view(), name="request-move-out"),
    path(f"{_request}exceptions/", views.StepExceptionView.as_view(), name="request-exceptions"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
