"""Tags for the improvement pages: RAG and risk-band tags, money."""

from __future__ import annotations

from decimal import Decimal

from django import template

from .. import rules

register = template.Library()

RAG_CLASSES = {
    rules.GREEN: "govuk-tag--green",
    rules.AMBER: "govuk-tag--yellow",
    rules.RED: "govuk-tag--red",
    rules.NONE: "govuk-tag--grey",
}


@register.inclusion_tag("components/tag.html")
def rag_tag(rating: str, text: str = "") -> dict:
    """A GOV.UK tag for a RAG rating: the word is always shown, so colour is never the only cue."""
    return {
        "classes": RAG_CLASSES.get(rating, "govuk-tag--grey"),
        "text": text or rules.RAG_LABELS.get(rating, rating),
    }


@register.inclusion_tag("components/tag.html")
def band_tag(score: int) -> dict:
    band = rules.risk_band(score)
    return {"classes": RAG_CLASSES[band.rag], "text": f"{score} {band.label}"}


@register.filter
def money(value: Decimal | int | None) -> str:
    """£1,234 (whole pounds; pence shown only when there are some); negative as -£1,234."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    text = f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"
    return f"{sign}£{text}"


@register.filter
def signed_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + money(value)
