"""Localities and establishments (schools and settings)."""

from django.db import models

from sendcase.core.models import TrackedModel

from .codes import EstablishmentType, Phase


class Locality(models.Model):
    """An area of the authority that teams and children are organised by."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class Establishment(TrackedModel):
    """A school, college or setting, identified by its URN (schools) or UKPRN (post-16 providers)."""

    urn = models.PositiveIntegerField(null=True, blank=True, unique=True)
    ukprn = models.PositiveIntegerField(null=True, blank=True, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=EstablishmentType.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.NOT_APPLICABLE)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.SET_NULL)
    la_code = models.CharField(max_length=3, blank=True, help_text="Old three-digit local authority code.")
    postcode = models.CharField(max_length=8, blank=True)
    has_sen_unit = models.BooleanField(default=False)
    has_resourced_provision = models.BooleanField(default=False)
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        ident = f"URN {self.urn}" if self.urn else (f"UKPRN {self.ukprn}" if self.ukprn else "no URN")
        return f"{self.name} ({ident})"
