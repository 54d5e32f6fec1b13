"""`walletTopUp` (money in through VNPay) and `walletPay` (a payment group paid from the wallet).
Thin: one service each, errors as data."""

import graphene

from marketplace.accounts.throttle import client_address
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id
from orders.graphql.types import PaymentGroupType
from payments.graphql.wallet_types import WalletOperationType
from payments.wallets.pay import wallet_pay
from payments.wallets.topup import wallet_top_up

IDEMPOTENCY_KEY_HELP = (
    "Khoá chống lặp do ứng dụng tạo (tối đa 64 ký tự, duy nhất trong ví): gửi lại cùng khoá và cùng "
    "nội dung trả về giao dịch đầu tiên; cùng khoá khác nội dung bị từ chối (WALLET_IDEMPOTENCY_CONFLICT)."
)


class WalletTopUp(BaseMutation):
    """Nạp tiền vào ví cá nhân qua VNPay: mở trang `redirectUrl` để trả; tiền vào ví khi VNPay
    xác nhận (giao dịch chuyển từ Đang xử lý sang Thành công)."""

    operation = graphene.Field(WalletOperationType)
    redirect_url = graphene.String(description="Trang VNPay để trả; trống khi lần nạp đã kết thúc.")

    class Meta:
        name = "WalletTopUp"

    class Arguments:
        amount = graphene.Int(required=True, description="VND, từ 1 đến hạn mức một giao dịch.")
        idempotency_key = graphene.String(description=IDEMPOTENCY_KEY_HELP)

    @classmethod
    def perform(cls, info, amount, idempotency_key=None):
        operation, url = wallet_top_up(
            user=info.context.user,
            amount=amount,
            idempotency_key=idempotency_key or "",
            payer_ip=client_address(info.context),
        )
        return {"operation": operation, "redirect_url": url or None}


class WalletPay(BaseMutation):
    """Trả một lần thanh toán (phương thức Ví Chợ Số) bằng ví cá nhân, xác nhận bằng mã PIN."""

    operation = graphene.Field(WalletOperationType)
    payment_group = graphene.Field(PaymentGroupType)

    class Meta:
        name = "WalletPay"

    class Arguments:
        payment_group_id = graphene.ID(required=True, description="PaymentGroup.id")
        pin = graphene.String(required=True, description="Mã PIN ví, 6 chữ số.")
        idempotency_key = graphene.String(description=IDEMPOTENCY_KEY_HELP)

    @classmethod
    def perform(cls, info, payment_group_id, pin, idempotency_key=None):
        operation = wallet_pay(
            user=info.context.user,
            group_id=decode_id(payment_group_id, "PaymentGroup", field="payment_group_id"),
            pin=pin,
            idempotency_key=idempotency_key or "",
        )
        return {
            "operation": operation,
            # The group the service locked and paid (a replay loads it once).
            "payment_group": operation.payment_group,
        }


class WalletMoneyQueries(graphene.ObjectType):
    pass


class WalletMoneyMutations(graphene.ObjectType):
    wallet_top_up = WalletTopUp.Field()
    wallet_pay = WalletPay.Field()
