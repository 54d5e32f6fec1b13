"""Bank transfer by VietQR: the buyer scans a dynamic QR (the platform's collection account,
the exact amount, our reference as the purpose) in any Vietnamese bank's app. Nothing is paid
until the credit arrives and matches (statement import or the bank's notification)."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from orders.models import PaymentGroup, PaymentMethod
from payments.attempts import PaymentAttempt
from payments.banks.registry import bank_by_bin
from payments.banktransfer.errors import BankTransferNotConfigured
from payments.errors import PaymentGroupNotPayable
from payments.providers import PaymentProvider, PaymentStart
from payments.vietqr import build_payload


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def collection_account() -> tuple[str, str, str]:
    bank_bin, account, name = (
        settings.BANK_COLLECTION_BIN,
        settings.BANK_COLLECTION_ACCOUNT,
        settings.BANK_COLLECTION_NAME,
    )
    if not (bank_bin and account and name):
        raise BankTransferNotConfigured()
    return bank_bin, account, name


def transfer_instructions(attempt: PaymentAttempt) -> str:
    bank_bin, account, name = collection_account()
    bank = bank_by_bin(bank_bin)
    return _(
        "Quét mã VietQR bằng ứng dụng ngân hàng, hoặc chuyển khoản đến: ngân hàng %(bank)s, "
        "số tài khoản %(account)s, chủ tài khoản %(name)s. Số tiền: đúng %(amount)s. "
        "Nội dung chuyển khoản: %(reference)s (ghi đúng mã này, không thêm bớt). "
        "Đơn hàng được xác nhận khi tiền về; chuyển thiếu hoặc thừa sẽ được trả lại."
    ) % {
        "bank": bank.short_name if bank else bank_bin,
        "account": account,
        "name": name,
        "amount": _vnd(attempt.amount),
        "reference": attempt.reference,
    }


def transfer_payload(attempt: PaymentAttempt) -> str:
    bank_bin, account, _name = collection_account()
    return build_payload(
        bank_bin=bank_bin, account_number=account, amount=attempt.amount, purpose=attempt.reference
    )


class BankTransferProvider(PaymentProvider):
    """Escrow release and refunds come from the payments base class. There is no gateway to
    refund through (`refunds_by_gateway` stays False): the finance operator transfers the money
    back to the payer (`payer_account_for`) and records it with `refundMark`."""

    prepaid = True

    def start(self, group) -> PaymentStart:
        """Reuses the group's open bank-transfer attempt: a buyer who reloads the page sees the
        same QR, so two transfers for one bill are rare (a second one is queued, not booked)."""
        from payments.services.attempts import attempt_create

        collection_account()
        # The group row lock makes two simultaneous starts (a double click, two tabs) share one
        # attempt; nothing slow happens under it (no gateway call).
        with transaction.atomic():
            group = PaymentGroup.objects.select_for_update().get(pk=group.pk)
            if group.status != PaymentGroup.Status.AWAITING_PAYMENT:
                raise PaymentGroupNotPayable()
            attempt = (
                group.attempts.filter(
                    method=PaymentMethod.BANK_TRANSFER,
                    status=PaymentAttempt.Status.PENDING,
                    amount=group.amount,
                )
                .order_by("pk")
                .first()
            ) or attempt_create(group=group, method=PaymentMethod.BANK_TRANSFER)
        return PaymentStart(qr_payload=transfer_payload(attempt), instructions=transfer_instructions(attempt))
