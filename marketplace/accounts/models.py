import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, phone, password, **extra):
        from marketplace.accounts.phone import normalize_phone

        email = extra.pop("email", None)
        user = self.model(phone=normalize_phone(phone), email=self.normalize_email(email) or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone, password=None, **extra):
        extra.setdefault("role", User.Role.BUYER)
        return self._create(phone, password, **extra)

    def create_superuser(self, phone, password=None, **extra):
        extra.update(role=User.Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
        return self._create(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Buyer by default; seller staff through business memberships; the trade
    department's officers and platform admins by role."""

    class Role(models.TextChoices):
        BUYER = "buyer", _("Người mua")
        TRADE_OFFICER = "trade_officer", _("Cán bộ Sở Công Thương")
        PLATFORM_ADMIN = "platform_admin", _("Quản trị nền tảng")
        # Moves money (refunds, payouts); the trade officer only reads it.
        FINANCE = "finance", _("Kế toán nền tảng")

    phone = models.CharField(_("số điện thoại"), max_length=16, unique=True, help_text="E.164, +84…")
    email = models.EmailField(_("e-mail"), blank=True, null=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.BUYER)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("vào được trang quản trị"), default=False)
    date_joined = models.DateTimeField(_("ngày tham gia"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.phone

    @property
    def is_trade_officer(self) -> bool:
        return self.is_active and self.role in (self.Role.TRADE_OFFICER, self.Role.PLATFORM_ADMIN)

    @property
    def is_finance_operator(self) -> bool:
        """Who operates the platform's money: the finance role and platform admins."""
        return self.is_active and (self.role == self.Role.FINANCE or self.is_platform_admin)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and (self.role == self.Role.PLATFORM_ADMIN or self.is_superuser)


class ThrottleCounter(models.Model):
    """A sign-in failure count shared by every server process (the embedded default store; a
    Redis cache can hold them instead, see `LOGIN_THROTTLE_STORE`). `key` is a hash: it never
    shows which e-mail or phone number was tried."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("bộ đếm đăng nhập sai")
        verbose_name_plural = _("bộ đếm đăng nhập sai")


class TokenFamily(models.Model):
    """One sign-in on one device: every refresh token handed out since, each replacing the last.
    Revoking the family signs that device out; its access tokens stop working too."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="token_families")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phiên đăng nhập")
        verbose_name_plural = _("phiên đăng nhập")


class RefreshToken(models.Model):
    """A refresh token is good for one use: `used_at` is set when it buys the next pair, and a
    second use means it was copied, so the whole family is revoked."""

    jti = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(TokenFamily, on_delete=models.CASCADE, related_name="refresh_tokens")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã làm mới")
        verbose_name_plural = _("mã làm mới")


class PhoneCode(models.Model):
    """A one-time code sent by SMS to prove its requester holds a phone (opening a wallet,
    resetting its PIN, unfreezing it). Only a keyed hash of the code is stored; it is good for
    one use, a few tries and a few minutes (`marketplace.accounts.otp`)."""

    class Purpose(models.TextChoices):
        WALLET_OPEN = "wallet_open", _("Mở ví")
        PIN_RESET = "pin_reset", _("Đặt lại mã PIN ví")
        WALLET_UNFREEZE = "wallet_unfreeze", _("Mở đóng băng ví")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="phone_codes", verbose_name=_("người yêu cầu")
    )
    phone = models.CharField(_("số điện thoại"), max_length=16)
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices)
    # What the code unlocks (e.g. `wallet:12`): a code asked for one wallet opens no other.
    subject = models.CharField(_("đối tượng"), max_length=40, blank=True)
    code_hash = models.CharField(_("mã (đã băm)"), max_length=64)
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("mã OTP")
        verbose_name_plural = _("mã OTP")
        indexes = [models.Index(fields=["user", "purpose", "created_at"], name="phone_code_recent")]
