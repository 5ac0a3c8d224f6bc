"""Where a child is educated, over time, and the episodes with no place (and why)."""

from django.db import models

from sendcase.core.models import TrackedModel
from sendcase.people.models import Child
from sendcase.settings_data.models import Establishment


class SettingCode(models.TextChoices):
    """SEN2 setting codes for a placement without a URN or UKPRN."""

    OLA = "OLA", "Other arrangements made by the local authority"
    OPA = "OPA", "Other arrangements made by parents (not elective home education)"
    EHE = "EHE", "Elective home education"
    EYP = "EYP", "Early years provider with no URN"
    OTH = "OTH", "Other"
    NEET = "NEET", "Not in education, employment or training (16-25)"
    NIEC = "NIEC", "Not in education, ceased (16-25)"
    NIEO = "NIEO", "Not in education, other"


class NoPlaceReason(models.TextChoices):
    AWAITING_PLACE = "awaiting_place", "Awaiting a place to be named or to start"
    NO_SUITABLE_PLACE = "no_suitable_place", "No suitable place available"
    PERMANENTLY_EXCLUDED = "permanently_excluded", "Permanently excluded"
    MOVED_INTO_AREA = "moved_into_area", "Moved into the area"
    MEDICAL = "medical", "Unable to attend for medical reasons"
    OTHER = "other", "Other"


class Placement(TrackedModel):
    """A period at an establishment, or with a SEN2 setting code, or with no place at all."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="placements")
    plan = models.ForeignKey(
        "plans.EHCPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    establishment = models.ForeignKey(
        Establishment, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    setting_code = models.CharField(max_length=4, choices=SettingCode.choices, blank=True)
    no_place_reason = models.CharField(max_length=30, choices=NoPlaceReason.choices, blank=True)
    sen_unit = models.BooleanField(default=False)
    resourced_provision = models.BooleanField(default=False)
    entry_on = models.DateField()
    leaving_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["child", "-entry_on"]
        indexes = [models.Index(fields=["child", "leaving_on"])]

    def __str__(self) -> str:
        where = self.establishment.name if self.establishment_id else (self.setting_code or "No place")
        return f"{where} from {self.entry_on:%-d %B %Y}"

    @property
    def is_no_place(self) -> bool:
        return bool(self.no_place_reason)
