from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexChange(models.Model):
    """One outbox row: "this object changed, re-read it and update the index".

    Written in the same transaction as the change, so the index can never miss a committed
    change, and applied later by `search.services.outbox_process`. It records what changed, not
    the new content: the processor reads the current rows, so applying a change twice or late is
    harmless."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("sản phẩm")
        BUSINESS = "business", _("người bán")
        CATEGORY = "category", _("danh mục")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    available_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("thay đổi chờ đánh chỉ mục")
        verbose_name_plural = _("thay đổi chờ đánh chỉ mục")
        indexes = [models.Index(fields=["available_at", "id"])]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
