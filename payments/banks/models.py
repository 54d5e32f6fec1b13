from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payments.banks.registry import Bank, bank_by_bin


class BusinessBankAccount(models.Model):
    """Where a business receives money: its payouts, and transfers from its printed stall QR.
    One current account per business; changing it replaces the row (who and when are kept)."""

    business = models.OneToOneField(
        "businesses.Business",
        on_delete=models.CASCADE,
        related_name="bank_account",
        verbose_name=_("người bán"),
    )
    bank_bin = models.CharField(_("mã ngân hàng (BIN)"), max_length=6)
    account_number = models.CharField(_("số tài khoản"), max_length=19)
    # Upper-case ASCII, as the bank prints it: payout files and the QR page show it unchanged.
    holder_name = models.CharField(_("chủ tài khoản"), max_length=70)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )

    class Meta:
        verbose_name = _("tài khoản ngân hàng của người bán")
        verbose_name_plural = _("tài khoản ngân hàng của người bán")
        constraints = [
            models.CheckConstraint(
                condition=Q(bank_bin__regex=r"^970[0-9]{3}$"), name="business_bank_account_bin_970"
            ),
            models.CheckConstraint(
                condition=Q(account_number__regex=r"^[0-9]{6,19}$"),
                name="business_bank_account_number_digits",
            ),
        ]

    def __str__(self):
        return f"{self.bank_bin} {self.account_number}"

    @property
    def bank(self) -> Bank | None:
        return bank_by_bin(self.bank_bin)
