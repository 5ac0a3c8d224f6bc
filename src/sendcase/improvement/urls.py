from django.urls import path

from .views import actions, board, budget, overview, risks

app_name = "improvement"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("objectives/new/", actions.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", actions.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", actions.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/milestones/new/", actions.milestone_create, name="milestone_create"),
    path(
        "objectives/<int:pk>/milestones/<int:milestone_pk>/achieved/",
        actions.milestone_achieve,
        name="milestone_achieve",
    ),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/new/", actions.action_create, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", actions.action_status, name="action_status"),
    path("actions/<int:pk>/evidence/new/", actions.evidence_add, name="evidence_add"),
    path("actions/<int:pk>/evidence/<int:evidence_pk>/", actions.evidence_download, name="evidence_download"),
    path("risks/", risks.risk_list, name="risk_list"),
    path("risks/new/", risks.risk_create, name="risk_create"),
    path("risks/<int:pk>/", risks.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("recommendations/", risks.recommendation_list, name="recommendation_list"),
    path("recommendations/new/", risks.recommendation_create, name="recommendation_create"),
    path("recommendations/<int:pk>/", risks.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/edit/", risks.recommendation_edit, name="recommendation_edit"),
    path("budget/", budget.budget, name="budget"),
    path("budget/new/", budget.budget_line_create, name="budget_line_create"),
    path("budget/<int:pk>/", budget.budget_line_detail, name="budget_line_detail"),
    path("budget/<int:pk>/edit/", budget.budget_line_edit, name="budget_line_edit"),
    path("budget/<int:pk>/actuals/", budget.budget_actual_record, name="budget_actual_record"),
    path("board/", board.meeting_list, name="meeting_list"),
    path("board/new/", board.meeting_create, name="meeting_create"),
    path("board/<int:pk>/", board.meeting_detail, name="meeting_detail"),
    path("board/<int:pk>/edit/", board.meeting_edit, name="meeting_edit"),
    path("board/<int:pk>/items/new/", board.meeting_item_add, name="meeting_item_add"),
    path("board-pack/", board.pack_index, name="pack_index"),
    path("board-pack/<str:month>/", board.pack_html, name="pack"),
    path("board-pack/<str:month>/pdf/", board.pack_pdf, name="pack_pdf"),
]
