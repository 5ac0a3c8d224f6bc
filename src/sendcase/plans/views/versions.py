"""The plan's pages: overview, section-by-section editor of a draft, check-and-issue, read-only
versions and the comparison of two versions.

Anyone who may read records sees every page (each view is audited); only editors may change a draft
(403 otherwise). Writes go through `plans.services.versions`; its refusals are shown on the page:
content rules against the field at fault, a stale save as an error at the top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sendcase.core import permissions
from sendcase.core.audit import audit_view
from sendcase.core.errors import ServiceError, StaleEdit
from sendcase.core.forms import GovukDateField, GovukDateWidget
from sendcase.plans import content as c
from sendcase.plans.forms import versions as vf
from sendcase.plans.models import EHCPlan, PlanVersion, VersionKind, VersionStatus
from sendcase.plans.selectors import current_draft, latest_issued, plan_for_user, version_of, versions_of
from sendcase.plans.services import versions as services
from sendcase.settings_data.models import Establishment


def _names(*contents: dict[str, Any]) -> dict[int, str]:
    ids = {(x.get("I") or {}).get("establishment_id") for x in contents}
    ids.discard(None)
    return dict(Establishment.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _caption(plan: EHCPlan) -> str:
    return f"{plan.child.full_name} · {plan.child.reference}"


def _version_url(version: PlanVersion) -> str:
    name = "plans:draft_summary" if version.status == VersionStatus.DRAFT else "plans:version"
    return reverse(name, kwargs={"pk": version.plan_id, "version_pk": version.pk})


@dataclass
class SectionView:
    code: str
    title: str
    page: str  # the editor page that changes it
    rows: list[c.Row]


def _sections(version: PlanVersion, names: dict[int, str]) -> list[SectionView]:
    return [
        SectionView(
            code,
            c.SECTION_TITLES[code],
            vf.page_for_section(code),
            c.rows(version.content, code, establishment_names=names),
        )
        for code in c.SECTIONS
    ]


# --- overview --------------------------------------------------------------------------------------


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label="Why is the plan changing?",
        choices=[
            (VersionKind.AMENDMENT, VersionKind.AMENDMENT.label),
            (VersionKind.REASSESSMENT, VersionKind.REASSESSMENT.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan is changing"},
    )


@require_http_methods(["GET"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    audit_view(user=request.user, obj=plan_obj, summary="EHC plan overview")
    versions = list(versions_of(plan_obj))
    issued = [v for v in versions if v.status == VersionStatus.ISSUED]
    return render(
        request,
        "plans/versions/plan.html",
        {
            "page_title": f"{plan_obj.child.full_name}: EHC plan",
            "plan": plan_obj,
            "caption": _caption(plan_obj),
            "versions": versions,
            "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
            "latest": issued[0] if issued else None,
            "can_compare": len([v for v in versions if v.status != VersionStatus.WITHDRAWN]) > 1,
            "can_edit": permissions.can_edit_cases(request.user),
            "start_form": StartForm() if issued else None,
        },
    )


@require_POST
def draft_start(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    permissions.require_case_editor(request)
    kind = VersionKind.ORIGINAL
    if latest_issued(plan_obj) is not None:
        form = StartForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Select why the plan is changing, then start the new draft.")
            return redirect("plans:plan", pk=pk)
        kind = form.cleaned_data["kind"]
    try:
        version = services.draft_start(acting_user=request.user, plan=plan_obj, kind=kind)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("plans:plan", pk=pk)
    messages.success(request, f"Draft of version {version.number} started.")
    return redirect("plans:draft_summary", pk=pk, version_pk=version.pk)


# --- the editor ------------------------------------------------------------------------------------


@dataclass
class ListBlock:
    spec: vf.ListSpec
    formset: forms.BaseFormSet


def _raw(form: forms.Form) -> dict[str, Any]:
    """What was typed in a bound form, as initial values for an unbound copy (no errors shown)."""
    values = {}
    for name, bound in ((n, form[n]) for n in form.fields if n != "DELETE"):
        value = bound.value()
        if isinstance(bound.field.widget, GovukDateWidget) and isinstance(value, list | tuple):
            value = GovukDateWidget().decompress(None) if not any(value) else _date_or_none(value)
        values[name] = value
    return values


def _date_or_none(parts: list | tuple) -> dt.date | None:
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except (TypeError, ValueError, IndexError):
        return None


def _first_input_id(bound: forms.BoundField) -> str:
    if isinstance(bound.field.widget, GovukDateWidget | forms.CheckboxSelectMultiple | forms.RadioSelect):
        return f"{bound.auto_id}_0"
    return bound.auto_id


def _error_items(form: forms.Form | None, blocks: list[ListBlock], extra: list[dict]) -> list[dict]:
    """The error summary: every error on the page in page order, each linking to its field."""
    items = list(extra)
    forms_ = [form] if form is not None else []
    for block in blocks:
        for error in block.formset.non_form_errors():
            items.append({"text": error, "href": f"#{block.spec.prefix}"})
        forms_.extend(block.formset.forms)
    for each in forms_:
        if not each.is_bound:
            continue
        for error in each.non_field_errors():
            items.append({"text": error, "href": f"#{_first_input_id(each[next(iter(each.fields))])}"})
        for name in each.fields:
            for error in each[name].errors:
                items.append({"text": error, "href": f"#{_first_input_id(each[name])}"})
    return items


def _where(path: str) -> str:
    """A plain description of a content path for errors shown on another section's page."""
    section = path.split(".", 1)[0].split("[", 1)[0]
    return c.SECTION_TITLES.get(section, "The plan").split(":", 1)[0]


def _show_content_errors(
    errors: list[c.ContentError],
    page: vf.SectionPage,
    form: forms.Form | None,
    blocks: list[ListBlock],
    origins: dict[str, list[int]],
    version: PlanVersion,
) -> list[dict]:
    """Attach each content error to the field that shows it; errors about other sections become links
    to their pages."""
    elsewhere = []
    by_prefix = {block.spec.prefix: block for block in blocks}
    for error in errors:
        place = vf.locate(error.path, page, origins)
        if place is None:
            other = vf.page_for_section(error.section)
            url = reverse(
                "plans:draft_edit", kwargs={"pk": version.plan_id, "version_pk": version.pk, "section": other}
            )
            elsewhere.append({"text": f"{_where(error.path)}: {error.message}", "href": url})
            continue
        prefix, index, name = place
        if prefix == "form":
            target = form.field_for(name) if form is not None else None
            if form is not None:
                form.add_error(target, error.message)
            continue
        block = by_prefix[prefix]
        if index is None:
            block.formset._non_form_errors = block.formset.error_class(
                [*block.formset.non_form_errors(), error.message]
            )
        else:
            row = block.formset.forms[index]
            row.add_error(name if name in row.fields else None, error.message)
    return elsewhere


@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, pk: int, version_pk: int, section: str) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    version = version_of(plan_obj, version_pk)
    page = vf.PAGES.get(section)
    if page is None:
        raise Http404("No such section")
    permissions.require_case_editor(request)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, f"Version {version.number} has been {version.get_status_display().lower()}.")
        return redirect(_version_url(version))
    content = version.content
    data = request.POST if request.method == "POST" else None
    lock = vf.LockForm(data, initial={"lock_version": version.lock_version})
    form = page.form(data, initial=page.form.initial_from(content)) if page.form else None
    blocks = [ListBlock(spec, spec.formset(content, data)) for spec in page.lists]
    extra_errors: list[dict] = []
    add = request.POST.get("add") if data is not None else None

    if data is not None and add:
        # "Add another": show what was typed plus an empty row, without validating (no JavaScript).
        lock = vf.LockForm(initial={"lock_version": request.POST.get("lock_version")})
        if form is not None:
            form = page.form(initial=_raw(form))
        rebuilt = []
        for block in blocks:
            rows = [_raw(f) for f in block.formset.forms if not _deleted(f)]
            if block.spec.prefix == add:
                rows.append({})
            rebuilt.append(ListBlock(block.spec, block.spec.formset(content, None, initial=rows or [{}])))
        blocks = rebuilt
    elif data is not None:
        valid = lock.is_valid() & (form is None or form.is_valid())
        valid = all([b.formset.is_valid() for b in blocks]) and valid
        if not lock.is_valid():
            extra_errors.append({"text": "Reload the page and try again.", "href": "#main-content"})
        if valid:
            new = vf.new_content(content)
            origins: dict[str, list[int]] = {}
            if form is not None:
                form.apply(new)
            for block in blocks:
                existing = (content.get(block.spec.section) or {}).get(block.spec.key) or []
                items, origins[block.spec.prefix] = block.spec.items_from(block.formset, existing)
                new.setdefault(block.spec.section, {})[block.spec.key] = items
            try:
                services.draft_save(
                    acting_user=request.user,
                    version=version,
                    expected_lock_version=lock.cleaned_data["lock_version"],
                    content=new,
                )
            except services.ContentInvalid as error:
                extra_errors += _show_content_errors(error.errors, page, form, blocks, origins, version)
            except StaleEdit as error:
                extra_errors.append({"text": error.message, "href": "#main-content"})
            except ServiceError as error:
                extra_errors.append({"text": error.message, "href": "#main-content"})
            else:
                messages.success(request, f"{page.title} saved.")
                return redirect(_after_save(request, version, page))

    errors = _error_items(form, blocks, extra_errors) if data is not None and not add else []
    position = vf.PAGE_ORDER.index(page.code)
    return render(
        request,
        "plans/versions/section_form.html",
        {
            "page_title": f"{'Error: ' if errors else ''}{page.title}",
            "plan": plan_obj,
            "version": version,
            "caption": f"{_caption(plan_obj)} · draft of version {version.number}",
            "page": page,
            "lock": lock,
            "form": form,
            "blocks": blocks,
            "errors": errors,
            "stale": any(e["text"] == services.STALE_DRAFT for e in extra_errors),
            "previous": vf.PAGE_ORDER[position - 1] if position else None,
            "next": vf.PAGE_ORDER[position + 1] if position + 1 < len(vf.PAGE_ORDER) else None,
        },
    )


def _deleted(form: forms.Form) -> bool:
    return bool(form["DELETE"].value()) if "DELETE" in form.fields else False


def _after_save(request: HttpRequest, version: PlanVersion, page: vf.SectionPage) -> str:
    position = vf.PAGE_ORDER.index(page.code)
    kwargs = {"pk": version.plan_id, "version_pk": version.pk}
    if request.POST.get("then") == "next" and position + 1 < len(vf.PAGE_ORDER):
        return reverse("plans:draft_edit", kwargs={**kwargs, "section": vf.PAGE_ORDER[position + 1]})
    return reverse("plans:draft_summary", kwargs=kwargs)


# --- check and issue -------------------------------------------------------------------------------


class IssueForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    issued_on = GovukDateField(
        label="Date this version was issued",
        allow_future=False,
        error_messages={"required": "Enter the date this version was issued"},
    )


def _summary(
    request: HttpRequest, plan_obj: EHCPlan, version: PlanVersion, issue_form: IssueForm | None = None
) -> HttpResponse:
    audit_view(user=request.user, obj=plan_obj, summary=f"Draft of version {version.number} of the EHC plan")
    first = latest_issued(plan_obj) is None
    if issue_form is None:
        issue_form = IssueForm(
            initial={
                "lock_version": version.lock_version,
                "issued_on": plan_obj.issued_on if first else timezone.localdate(),
            }
        )
    problems = [
        {
            "text": f"{_where(e.path)}: {e.message}",
            "href": reverse(
                "plans:draft_edit",
                kwargs={
                    "pk": plan_obj.pk,
                    "version_pk": version.pk,
                    "section": vf.page_for_section(e.section),
                },
            ),
        }
        for e in c.validate_content(version.content, for_issue=True)
    ]
    return render(
        request,
        "plans/versions/summary.html",
        {
            "page_title": f"{'Error: ' if issue_form.errors else ''}Check the draft of version "
            f"{version.number}",
            "plan": plan_obj,
            "version": version,
            "caption": _caption(plan_obj),
            "sections": _sections(version, _names(version.content)),
            "problems": problems,
            "issue_form": issue_form,
            "first": first,
            "can_edit": permissions.can_edit_cases(request.user),
        },
    )


@require_http_methods(["GET"])
def draft_summary(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    version = version_of(plan_obj, version_pk)
    if version.status != VersionStatus.DRAFT:
        return redirect(_version_url(version))
    return _summary(request, plan_obj, version)


@require_POST
def version_issue(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    version = version_of(plan_obj, version_pk)
    permissions.require_case_editor(request)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.version_issue(
                acting_user=request.user,
                version=version,
                issued_on=form.cleaned_data["issued_on"],
                expected_lock_version=form.cleaned_data["lock_version"],
            )
        except services.ContentInvalid:
            form.add_error(None, "The draft is not complete yet: see the problems listed above.")
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Version {version.number} issued.")
            return redirect("plans:version", pk=pk, version_pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        return redirect(_version_url(version))
    return _summary(request, plan_obj, version, form)


@require_POST
def draft_withdraw(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    version = version_of(plan_obj, version_pk)
    permissions.require_case_editor(request)
    lock = vf.LockForm(request.POST)
    try:
        services.draft_withdraw(
            acting_user=request.user,
            version=version,
            expected_lock_version=lock.cleaned_data["lock_version"] if lock.is_valid() else None,
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_version_url(version))
    messages.success(request, f"Draft of version {version.number} withdrawn.")
    return redirect("plans:plan", pk=pk)


# --- read-only version -----------------------------------------------------------------------------


@require_http_methods(["GET"])
def version(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    version_obj = version_of(plan_obj, version_pk)
    audit_view(user=request.user, obj=plan_obj, summary=f"Version {version_obj.number} of the EHC plan")
    return render(
        request,
        "plans/versions/version.html",
        {
            "page_title": f"Version {version_obj.number} of the EHC plan",
            "plan": plan_obj,
            "version": version_obj,
            "caption": _caption(plan_obj),
            "sections": _sections(version_obj, _names(version_obj.content)),
            "can_edit": permissions.can_edit_cases(request.user),
        },
    )


# --- comparison ------------------------------------------------------------------------------------


@dataclass
class CompareRow:
    label: str
    status: str  # "same", "changed", "added", "removed"
    old: list[tuple[str, str]]
    new: list[tuple[str, str]]


@dataclass
class CompareSection:
    code: str
    title: str
    rows: list[CompareRow]
    changes: list[c.Change]


def _compare_sections(old: PlanVersion, new: PlanVersion) -> list[CompareSection]:
    names = _names(old.content, new.content)
    changes = c.diff(old.content, new.content)
    result = []
    for code in c.SECTIONS:
        before = {row.key: row for row in c.rows(old.content, code, establishment_names=names)}
        after = {row.key: row for row in c.rows(new.content, code, establishment_names=names)}
        rows = []
        for key in [*after, *(k for k in before if k not in after)]:
            b, a = before.get(key), after.get(key)
            if b is None:
                rows.append(CompareRow(a.label, "added", [], [("insert", a.value)] if a.value else []))
            elif a is None:
                rows.append(CompareRow(b.label, "removed", [("delete", b.value)] if b.value else [], []))
            elif a.value == b.value:
                rows.append(CompareRow(a.label, "same", [("equal", b.value)], [("equal", a.value)]))
            else:
                segments = c.text_diff(b.value, a.value)
                rows.append(
                    CompareRow(
                        a.label,
                        "changed",
                        [s for s in segments if s[0] != "insert"],
                        [s for s in segments if s[0] != "delete"],
                    )
                )
        section_changes = [ch for ch in changes if ch.section == code]
        result.append(CompareSection(code, c.SECTION_TITLES[code], rows, section_changes))
    return result


def _version_param(plan_obj: EHCPlan, value: str | None) -> PlanVersion | None:
    if not value:
        return None
    try:
        return version_of(plan_obj, int(value))
    except ValueError:
        raise Http404("No such version") from None


@require_http_methods(["GET"])
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan_obj = plan_for_user(request.user, pk)
    versions = [v for v in versions_of(plan_obj) if v.status != VersionStatus.WITHDRAWN]
    new = _version_param(plan_obj, request.GET.get("to")) or (
        current_draft(plan_obj) or latest_issued(plan_obj)
    )
    old = _version_param(plan_obj, request.GET.get("from"))
    if old is None and new is not None:
        old = new.based_on or next((v for v in versions if v.number < new.number), None)
    audit_view(
        user=request.user,
        obj=plan_obj,
        summary=f"Comparison of versions {getattr(old, 'number', '-')} and {getattr(new, 'number', '-')}",
    )
    sections = _compare_sections(old, new) if old is not None and new is not None else []
    return render(
        request,
        "plans/versions/compare.html",
        {
            "page_title": "Compare versions of the EHC plan",
            "plan": plan_obj,
            "caption": _caption(plan_obj),
            "versions": versions,
            "old": old,
            "new": new,
            "sections": sections,
            "changed": [s for s in sections if s.changes],
            "unchanged": [s for s in sections if not s.changes],
        },
    )
