"""Generated PDF documents (plan versions and decision letters). Mounted at "documents/" in
config/urls.py. Each URL previews the PDF inline on GET and generates and stores it on POST."""

from django.urls import path

from .views import documents as views

app_name = "plan_documents"

urlpatterns = [
    path("plans/<int:plan_pk>/versions/<int:version_pk>/plan/", views.version_plan, name="version_plan"),
    path(
        "plans/<int:plan_pk>/versions/<int:version_pk>/issued-letter/",
        views.final_plan_letter,
        name="final_plan_letter",
    ),
    path("plans/<int:plan_pk>/reviews/<int:review_pk>/outcome/", views.review_outcome, name="review_outcome"),
    path(
        "plans/<int:plan_pk>/reviews/<int:review_pk>/amendment-notice/",
        views.amendment_notice,
        name="amendment_notice",
    ),
    path(
        "plans/<int:plan_pk>/cessations/<int:cessation_pk>/notice/", views.cease_notice, name="cease_notice"
    ),
    path("cases/<int:request_pk>/decision-letter/", views.refusal_letter, name="refusal_letter"),
]
