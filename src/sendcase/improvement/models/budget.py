from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from sendcase.core.models import TrackedModel

from .. import rules


class BudgetLine(TrackedModel):
    """The money planned for one line of one workstream in one financial year (April to March)."""

    workstream = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts")
    planned = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    forecast = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    objective = models.ForeignKey(
        "improvement.Objective", null=True, blank=True, on_delete=models.PROTECT, related_name="budget_lines"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-financial_year", "workstream", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "workstream", "title"], name="improvement_budget_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workstream}: {self.title} ({self.year_label})"

    @property
    def year_label(self) -> str:
        return rules.financial_year_label(self.financial_year)

    def position(self, as_of: dt.date, actuals: dict[dt.date, Decimal] | None = None) -> rules.BudgetPosition:
        if actuals is None:
            actuals = {a.month: a.amount for a in self.actuals.all()}
        return rules.budget_position(
            planned=self.planned,
            actuals=actuals,
            start_year=self.financial_year,
            as_of=as_of,
            forecast=self.forecast,
        )


class BudgetActual(TrackedModel):
    """What was spent on a line in one month (the month's first day)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="actuals")
    month = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["line", "month"], name="improvement_actual_month")]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.amount}"
