from django.urls import path

from .views import versions

app_name = "plans"

urlpatterns = [
    path("<int:pk>/", versions.plan, name="plan"),
    path("<int:pk>/compare/", versions.compare, name="compare"),
    path("<int:pk>/versions/new/", versions.draft_start, name="draft_start"),
    path("<int:pk>/versions/<int:version_pk>/", versions.version, name="version"),
    path("<int:pk>/versions/<int:version_pk>/check/", versions.draft_summary, name="draft_summary"),
    path("<int:pk>/versions/<int:version_pk>/issue/", versions.version_issue, name="version_issue"),
    path("<int:pk>/versions/<int:version_pk>/withdraw/", versions.draft_withdraw, name="draft_withdraw"),
    path("<int:pk>/versions/<int:version_pk>/edit/<str:section>/", versions.draft_edit, name="draft_edit"),
]
