from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.text import search_text


class Business(models.Model):
    """A seller: enterprise, cooperative (HTX), cooperative group or household business."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
        HOUSEHOLD = "household", _("Hộ kinh doanh")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Bị từ chối")
        SUSPENDED = "suspended", _("Tạm ngừng")

    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại hình"), max_length=20, choices=Kind.choices)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True)
    representative_name = models.CharField(_("người đại diện"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=16)
    email = models.EmailField(_("e-mail"), blank=True)
    address_line = models.CharField(_("địa chỉ"), max_length=255)
    commune = models.ForeignKey(
        "regions.Commune", on_delete=models.PROTECT, related_name="businesses", verbose_name=_("xã, phường")
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    status_reason = models.TextField(_("lý do"), blank=True)
    # Set at registration when the commune or the tax office is outside MARKETPLACE_PROVINCE_CODE
    # and BUSINESS_OUT_OF_PROVINCE is "flag": the officer checks it before approving.
    outside_province = models.BooleanField(_("ngoài tỉnh"), default=False)
    outside_province_note = models.CharField(_("vì sao ngoài tỉnh"), max_length=255, blank=True)
    # Lower-case, diacritics folded: lets the database filter match "mien dong" to "Miến dong".
    search_text = models.TextField(_("chữ để tìm"), default="", editable=False)
    # Basis points (300 = 3 %) of each order's goods subtotal; empty means the platform default
    # (ORDER_COMMISSION_RATE_BPS). Set only by trade officers.
    commission_rate_bps = models.PositiveIntegerField(_("hoa hồng (phần vạn)"), null=True, blank=True)
    # The seller's own delivery fees per order (VND); empty means the platform default.
    delivery_fee_seller = models.BigIntegerField(_("phí người bán tự giao (VND)"), null=True, blank=True)
    delivery_fee_post = models.BigIntegerField(_("phí gửi bưu điện (VND)"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    approved_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="BusinessMember",
        related_name="businesses",
        verbose_name=_("thành viên"),
    )

    class Meta:
        verbose_name = _("người bán")
        verbose_name_plural = _("người bán")
        ordering = ["name", "id"]
        permissions = [("decide_business", _("Duyệt, từ chối, tạm ngừng người bán"))]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["commune", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate_bps__isnull=True) | Q(commission_rate_bps__lte=10_000),
                name="business_commission_at_most_100_percent",
            ),
            models.CheckConstraint(
                condition=Q(delivery_fee_seller__isnull=True) | Q(delivery_fee_seller__gte=0),
                name="business_delivery_fee_seller_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(delivery_fee_post__isnull=True) | Q(delivery_fee_post__gte=0),
                name="business_delivery_fee_post_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name, self.tax_code)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class BusinessMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Chủ")
        STAFF = "staff", _("Nhân viên")

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người bán")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(_("ngày thêm"), auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [models.UniqueConstraint(fields=["business", "user"], name="business_member_unique")]

    def __str__(self):
        return f"{self.user} @ {self.business} ({self.role})"


class BusinessInvitation(models.Model):
    """An owner's invitation to a phone number. Membership starts only when the person holding
    that number accepts; until then the owner learns nothing about them, not even whether the
    number has an account."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ trả lời")
        ACCEPTED = "accepted", _("Đã nhận lời")
        DECLINED = "declined", _("Đã từ chối")
        REVOKED = "revoked", _("Đã huỷ")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="invitations")
    phone = models.CharField(_("số điện thoại"), max_length=16, help_text="E.164, +84…")
    role = models.CharField(
        _("vai trò"), max_length=8, choices=BusinessMember.Role.choices, default=BusinessMember.Role.STAFF
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời thành viên")
        verbose_name_plural = _("lời mời thành viên")
        indexes = [models.Index(fields=["phone", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "phone"],
                condition=Q(status="pending"),
                name="business_invitation_one_pending_per_phone",
            )
        ]

    def __str__(self):
        return f"{self.phone} → {self.business} ({self.role})"


class BusinessEvent(models.Model):
    """Audit trail: every status or membership change, with who did it and when."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Đăng ký")
        APPROVED = "approved", _("Được duyệt")
        REJECTED = "rejected", _("Bị từ chối")
        SUSPENDED = "suspended", _("Bị tạm ngừng")
        MEMBER_INVITED = "member_invited", _("Mời thành viên")
        MEMBER_ADDED = "member_added", _("Thêm thành viên")
        MEMBER_REMOVED = "member_removed", _("Xoá thành viên")
        CERTIFICATE_ADDED = "certificate_added", _("Thêm chứng nhận OCOP")
        COMMISSION_CHANGED = "commission_changed", _("Đổi mức hoa hồng")
        DELIVERY_FEES_CHANGED = "delivery_fees_changed", _("Đổi phí giao hàng")

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="events", verbose_name=_("người bán")
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=12, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sự kiện")
        verbose_name_plural = _("nhật ký người bán")


class OcopGroup(models.TextChoices):
    FOOD = "food", _("Thực phẩm")
    DRINKS = "drinks", _("Đồ uống")
    HERBS = "herbs", _("Dược liệu và sản phẩm từ dược liệu")
    HANDICRAFTS = "handicrafts", _("Thủ công mỹ nghệ")
    ORNAMENTALS = "ornamentals", _("Sinh vật cảnh")
    TOURISM = "tourism", _("Dịch vụ du lịch cộng đồng")


class OcopCertificate(models.Model):
    """A provincial OCOP decision (e.g. `1234/QĐ-UBND`), 3–5 stars, valid 36 months."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="ocop_certificates", verbose_name=_("người bán")
    )
    number = models.CharField(_("số quyết định"), max_length=40)
    product_name = models.CharField(_("sản phẩm được chứng nhận"), max_length=200)
    group = models.CharField(_("nhóm OCOP"), max_length=12, choices=OcopGroup.choices)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    issued_on = models.DateField(_("ngày cấp"))
    expires_on = models.DateField(_("ngày hết hạn"))

    class Meta:
        verbose_name = _("chứng nhận OCOP")
        verbose_name_plural = _("chứng nhận OCOP")
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="ocop_stars_3_to_5"),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")), name="ocop_expiry_after_issue"
            ),
            models.UniqueConstraint(
                fields=["business", "number", "product_name"], name="ocop_certificate_unique"
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.stars}★)"
