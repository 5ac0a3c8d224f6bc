from django.urls import path

from .family import staff_views, views

urlpatterns = [
    path("", views.home, name="family_home"),
    path("children/<int:pk>/", views.child, name="family_child"),
    path(
        "children/<int:pk>/documents/<int:document_pk>/download/",
        views.document_download,
        name="family_document_download",
    ),
    path("children/<int:pk>/views/", views.views_give, name="family_views"),
    path("children/<int:pk>/draft-plan-response/", views.draft_response, name="family_draft_response"),
    path("children/<int:pk>/documents/send/", views.evidence_upload, name="family_evidence_upload"),
    path("children/<int:pk>/questions/new/", views.question_ask, name="family_question_ask"),
    path("children/<int:pk>/questions/<int:question_pk>/", views.question_detail, name="family_question"),
    # Staff pages: from the child's record and the officer's worklist.
    path("staff/children/<int:pk>/online-access/", staff_views.online_access, name="family_staff_access"),
    path("staff/children/<int:pk>/questions/", staff_views.questions, name="family_staff_questions"),
    path("staff/invitations/<int:pk>/verify/", staff_views.invitation_verify, name="family_staff_verify"),
    path("staff/invitations/<int:pk>/cancel/", staff_views.invitation_cancel, name="family_staff_cancel"),
    path("staff/links/<int:pk>/end/", staff_views.link_end, name="family_staff_end_link"),
    path("staff/questions/<int:pk>/answer/", staff_views.question_answer, name="family_staff_answer"),
]
