"""The wallet as a payment method of the order flow (PAYMENT_PROVIDERS["wallet"]).

Prepaid: the group waits until its buyer pays it with `walletPay` (the PIN confirms it), so
`start` only says so. Refunds go back to the paying wallet inside the platform: the hold is
posted as soon as it is "sent" (`refund_send` answers success at once, after the hold's
commit), the escrow release on completion is the payments base class's."""

from __future__ import annotations

from django.utils.translation import gettext as _

from payments.providers import PaymentProvider, PaymentStart, RefundOutcome


class WalletProvider(PaymentProvider):
    prepaid = True
    # Not a gateway, but the refund is made by the platform itself, at once: the settlement
    # module dispatches it like a gateway's (so no operator has to mark it by hand).
    refunds_by_gateway = True

    def start(self, group) -> PaymentStart:
        return PaymentStart(
            instructions=_(
                "Trả bằng Ví Chợ Số: xác nhận thanh toán %(amount)s đ bằng mã PIN ví (walletPay). "
                "Nạp thêm tiền vào ví qua VNPay nếu số dư chưa đủ."
            )
            % {"amount": f"{group.amount:,}".replace(",", ".")}
        )

    def refund_send(self, refund) -> RefundOutcome:
        from payments.wallets.refund import wallet_refund_of

        operation = wallet_refund_of(refund)
        return RefundOutcome(succeeded=True, reference=operation.reference if operation else "")
