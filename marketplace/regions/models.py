"""Vietnam's two-level administrative units since 1 July 2025: province → commune (xã, phường,
đặc khu). Official statistics-office codes are the keys, because many communes share a name.
The abolished districts are kept only as an optional reporting dimension."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("mã"), max_length=2, primary_key=True)
    name = models.CharField(_("tên"), max_length=64)
    kind = models.CharField(_("loại"), max_length=32, help_text=_("tỉnh / thành phố trung ương"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self):
        return self.name


class LegacyDistrict(models.Model):
    """A district (huyện, thành phố thuộc tỉnh) as it was before 1 July 2025."""

    code = models.CharField(_("mã"), max_length=3, primary_key=True)
    name = models.CharField(_("tên"), max_length=64)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="legacy_districts", verbose_name=_("tỉnh, thành phố")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("huyện cũ (trước 7/2025)")
        verbose_name_plural = _("huyện cũ (trước 7/2025)")

    def __str__(self):
        return self.name


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Xã")
        WARD = "phuong", _("Phường")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    name = models.CharField(_("tên"), max_length=64)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("tỉnh, thành phố")
    )
    legacy_district = models.ForeignKey(
        LegacyDistrict,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
        verbose_name=_("huyện cũ"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self):
        return self.name
