from django.conf import settings
from django.http import HttpRequest

from . import permissions


def service(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "authority_name": settings.AUTHORITY_NAME,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "nav": navigation(request) if user is not None and user.is_authenticated else [],
        "can_edit": permissions.can_edit_cases(user),
    }


def navigation(request: HttpRequest) -> list[dict]:
    """Service navigation items for the signed-in user's role."""
    from django.urls import reverse

    user = request.user
    items: list[tuple[str, str]] = []
    if permissions.is_staff_member(user):
        items += [
            ("My worklist", reverse("caseload:worklist")),
            ("Reviews", reverse("plan_worklists:reviews")),
            ("Children", reverse("people:child_list")),
        ]
    if permissions.can_view_caseloads(user):
        items.append(("Team caseloads", reverse("caseload:manager")))
    if permissions.can_read_performance(user):
        items.append(("Performance", reverse("performance:overview")))
        items.append(("Improvement plan", reverse("improvement:overview")))
        items.append(("Data quality", reverse("data_quality:overview")))
    if permissions.can_import_data(user):
        items.append(("Imports", reverse("imports:index")))
        items.append(("Duplicates", reverse("linkage:queue")))
    from sendcase.notifications.permissions import can_manage_outbox

    if can_manage_outbox(user):
        items.append(("Messages", reverse("notifications:outbox")))
    if permissions.is_family_user(user):
        items.append(("Your children", reverse("portal:family_home")))
    if permissions.is_school_user(user):
        items += [("Tasks", reverse("portal:school_home")), ("Pupils", reverse("portal:school_pupils"))]
    if permissions.is_adviser_user(user):
        items.append(("Requests for advice", reverse("portal:advice_home")))
    if permissions.can_read_audit(user):
        items.append(("Audit log", reverse("core:audit_log")))
    return [
        {"text": text, "href": href, "current": request.path == href or request.path.startswith(href + "/")}
        for text, href in items
    ]
