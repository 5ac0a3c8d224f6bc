from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("sendcase.core.urls")),
    path("children/", include("sendcase.people.urls")),
    path("caseload/", include("sendcase.caseload.urls")),
    path("cases/", include("sendcase.assessments.urls")),
    path("plans/", include("sendcase.plans.urls")),
    path("plans/", include("sendcase.plans.urls_reviews")),
    path("documents/", include("sendcase.plans.urls_documents")),
    path("reviews/", include("sendcase.plans.urls_worklists")),
    path("portal/", include("sendcase.portal.urls")),
    path("notifications/", include("sendcase.notifications.urls")),
    path("performance/sen2/", include("sendcase.performance.sen2.urls")),
    path("performance/", include("sendcase.performance.urls")),
    path("improvement/", include("sendcase.improvement.urls")),
    path("imports/", include("sendcase.imports.urls")),
    path("linkage/", include("sendcase.linkage.urls")),
    path("data-quality/", include("sendcase.data_quality.urls")),
    path("api/v1/", include("sendcase.api.urls")),
    # The admin signs in through the service's own throttled, audited sign-in page.
    path(
        "django-admin/login/",
        login_not_required(RedirectView.as_view(url=reverse_lazy("core:login"), query_string=True)),
    ),
    path("django-admin/", admin.site.urls),
]

handler403 = "sendcase.core.views.error_403"
handler404 = "sendcase.core.views.error_404"
handler500 = "sendcase.core.views.error_500"
