"""Template tags that render Django forms as GOV.UK Design System components.

`{% govuk_error_summary form %}` and `{% govuk_field form.name %}` choose the component from the widget,
so every form in the service looks and behaves the same way and passes the same accessibility checks.
"""

from __future__ import annotations

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..forms import GovukDateWidget

register = template.Library()


def _component_for(widget: forms.Widget) -> str:
    if isinstance(widget, GovukDateWidget):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def _first_input_id(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    base = bound.auto_id
    if isinstance(widget, GovukDateWidget):
        return f"{base}_0"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{base}_0"
    return base


@register.simple_tag
def govuk_field(bound: forms.BoundField, classes: str = "", hint: str = "", heading: bool = False) -> str:
    component = _component_for(bound.field.widget)
    widget = bound.field.widget
    input_type = getattr(widget, "input_type", "text")
    value = bound.value()
    if isinstance(widget, forms.PasswordInput) and not widget.render_value:
        # Never write a typed password back into the page.
        value = None
    if isinstance(widget, GovukDateWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        value = [("" if p is None else p) for p in parts]
    options = []
    if component in ("radios", "checkboxes", "select"):
        selected = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in selected if v is not None}
        for index, (option_value, option_label) in enumerate(bound.field.choices):
            option_value = "" if option_value is None else str(getattr(option_value, "value", option_value))
            if component != "select" and option_value == "":
                continue
            options.append(
                {
                    "value": option_value,
                    "label": option_label,
                    "checked": option_value in selected,
                    "id": f"{bound.auto_id}_{len(options)}" if component != "select" else "",
                    "index": index,
                }
            )
    context = {
        "field": bound,
        "id": bound.auto_id,
        "name": bound.html_name,
        "label": bound.label,
        "hint": hint or bound.help_text,
        "errors": bound.errors,
        "value": "" if value is None else value,
        "input_type": input_type,
        "options": options,
        "classes": classes,
        "heading": heading,
        "required": bound.field.required,
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "inputmode": widget.attrs.get("inputmode", ""),
        "spellcheck": widget.attrs.get("spellcheck", ""),
        "rows": widget.attrs.get("rows", 5),
        "accept": widget.attrs.get("accept", ""),
    }
    return mark_safe(render_to_string(f"components/fields/{component}.html", context))  # noqa: S308


@register.simple_tag
def govuk_error_summary(*forms_: forms.Form) -> str:
    items = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            first_field = next(iter(form.fields), None)
            href = f"#{form[first_field].auto_id}" if first_field else "#main-content"
            items.append({"text": error, "href": href})
        for name, field in form.fields.items():
            bound = form[name]
            for error in bound.errors:
                items.append({"text": error, "href": f"#{_first_input_id(bound)}"})
            del field
    if not items:
        return ""
    return mark_safe(render_to_string("components/error_summary.html", {"items": items}))  # noqa: S308


@register.inclusion_tag("components/tag.html")
def status_tag(status: str, text: str = "") -> dict:
    """A coloured tag for a deadline or case status."""
    colours = {
        "on_time": "govuk-tag--green",
        "late": "govuk-tag--red",
        "due": "govuk-tag--blue",
        "overdue": "govuk-tag--red",
        "excepted": "govuk-tag--yellow",
        "open": "govuk-tag--blue",
        "closed": "govuk-tag--grey",
        "unallocated": "govuk-tag--orange",
        "over_threshold": "govuk-tag--red",
    }
    labels = {
        "on_time": "On time",
        "late": "Late",
        "due": "Due",
        "overdue": "Overdue",
        "excepted": "Exception",
    }
    return {"classes": colours.get(status, "govuk-tag--grey"), "text": text or labels.get(status, status)}


@register.filter
def days_phrase(days: int | None) -> str:
    """'3 days left', 'due today', '4 days late' from a signed count of days left."""
    if days is None:
        return ""
    if days == 0:
        return "due today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    late = -days
    return f"{late} day{'s' if late != 1 else ''} late"
