"""GraphQL types of the money of orders: settlement, refunds, payouts, statements; and the
`Order.settlement` / `Order.refunds` fields payments adds to the order flow's type."""

import graphene
from django.urls import reverse
from graphene_django import DjangoObjectType

from marketplace.businesses.graphql.types import BusinessType, can_see_private
from marketplace.graphql.ids import encode_id
from marketplace.graphql.loaders import loader
from marketplace.graphql.pagination import CountableConnection
from orders.graphql.types import order_type_extend
from payments.attempts import PaymentAttempt
from payments.permissions import is_finance_operator, may_read_money
from payments.settlement.exports import payout_batch_total
from payments.settlement.models import OrderSettlement, Payout, PayoutBatch, Refund


def _absolute(info, path: str) -> str:
    """Download links are absolute when a request is at hand, like `printUrl` and `redirectUrl`."""
    request = getattr(info, "context", None) if info is not None else None
    return request.build_absolute_uri(path) if hasattr(request, "build_absolute_uri") else path


RefundStatusEnum = graphene.Enum.from_enum(Refund.Status, name="RefundStatus")
PayoutStatusEnum = graphene.Enum.from_enum(Payout.Status, name="PayoutStatus")
SettlementSourceEnum = graphene.Enum.from_enum(OrderSettlement.Source, name="SettlementSource")


class OrderSettlementType(DjangoObjectType):
    """What the order's sale left escrow as (Decree 117/2025 withholding included)."""

    source = graphene.Field(SettlementSourceEnum, required=True)
    goods_base = graphene.Int(required=True, description="Tiền hàng giữ lại sau hoàn tiền (VND).")
    delivery_base = graphene.Int(required=True, description="Phí giao giữ lại (VND).")
    gross = graphene.Int(required=True)
    commission = graphene.Int(required=True)
    vat_withheld = graphene.Int(required=True, description="Thuế GTGT sàn khấu trừ (VND).")
    pit_withheld = graphene.Int(required=True, description="Thuế TNCN sàn khấu trừ (VND).")
    seller_net = graphene.Int(required=True)

    class Meta:
        model = OrderSettlement
        name = "OrderSettlement"
        fields = ("withheld", "released_at")

    def resolve_gross(settlement, info):
        return settlement.gross


class RefundPayerAccountType(graphene.ObjectType):
    bank_bin = graphene.String(required=True)
    account_number = graphene.String(required=True)
    name = graphene.String(required=True)


class RefundType(DjangoObjectType):
    id = graphene.ID(required=True)
    amount = graphene.Int(required=True)
    status = graphene.Field(RefundStatusEnum, required=True)
    order_number = graphene.String()
    late = graphene.Boolean(required=True, description="Hoàn tiền đến muộn (không thuộc đơn nào).")
    attempt_reference = graphene.String(description="Mã giao dịch của tiền đến muộn được hoàn.")
    conflict = graphene.String(description="Cổng thanh toán báo ngược với ghi nhận tay (kế toán).")
    note = graphene.String(description="Ghi chú của kế toán.")
    payer_account = graphene.Field(
        RefundPayerAccountType,
        description="Tài khoản người chuyển, để chuyển trả (hoàn chuyển khoản; chỉ kế toán nền tảng).",
    )

    class Meta:
        model = Refund
        name = "Refund"
        fields = ("full", "method", "reason", "reference", "created_at", "resolved_at")

    def resolve_id(refund, info):
        return encode_id("Refund", refund.pk)

    def resolve_order_number(refund, info):
        return refund.order.number if refund.order_id else None

    def resolve_late(refund, info):
        return refund.order_id is None

    def resolve_attempt_reference(refund, info):
        return refund.attempt.reference if refund.attempt_id else None

    def resolve_conflict(refund, info):
        return refund.conflict or None if is_finance_operator(info.context.user) else None

    def resolve_note(refund, info):
        return refund.note or None if may_read_money(info.context.user) else None

    def resolve_payer_account(refund, info):
        if refund.method != "bank_transfer" or not is_finance_operator(info.context.user):
            return None
        from payments.banktransfer.selectors import payer_account_for

        attempt = refund.attempt if refund.attempt_id else paid_attempt_of(refund.order)
        account = payer_account_for(attempt) if attempt is not None else None
        if account is None:
            return None
        return RefundPayerAccountType(
            bank_bin=account.bank_bin, account_number=account.account_number, name=account.name
        )


def paid_attempt_of(order):
    return PaymentAttempt.objects.filter(
        group_id=order.payment_group_id, status=PaymentAttempt.Status.PAID
    ).first()


class RefundConnection(CountableConnection):
    class Meta:
        node = RefundType


class PayoutType(DjangoObjectType):
    id = graphene.ID(required=True)
    amount = graphene.Int(required=True)
    status = graphene.Field(PayoutStatusEnum, required=True)
    business = graphene.Field(BusinessType, required=True)

    class Meta:
        model = Payout
        name = "Payout"
        fields = (
            "bank_bin",
            "bank_account_number",
            "bank_account_name",
            "reference",
            "note",
            "created_at",
            "resolved_at",
        )

    def resolve_id(payout, info):
        return encode_id("Payout", payout.pk)


class PayoutBatchType(DjangoObjectType):
    id = graphene.ID(required=True)
    payouts = graphene.List(graphene.NonNull(PayoutType), required=True)
    total = graphene.Int(
        required=True, description="Tổng các khoản còn đang chuyển (chưa ghi nhận đã chuyển hay thất bại)."
    )
    csv_url = graphene.String(
        required=True, description="Tệp chuyển khoản (CSV) cho ngân hàng: chỉ các khoản còn đang chuyển."
    )

    class Meta:
        model = PayoutBatch
        name = "PayoutBatch"
        fields = ("created_at",)

    def resolve_id(batch, info):
        return encode_id("PayoutBatch", batch.pk)

    def resolve_payouts(batch, info):
        return batch.payouts.select_related("business").order_by("pk")

    def resolve_total(batch, info):
        return payout_batch_total(batch)

    def resolve_csv_url(batch, info):
        return _absolute(info, reverse("payout-batch-csv", args=[batch.pk]))


class StatementLineType(graphene.ObjectType):
    at = graphene.DateTime(required=True)
    kind = graphene.String(required=True, description="release, cod, payout, refund")
    kind_label = graphene.String(required=True, description="Tên nghiệp vụ bằng tiếng Việt.")
    reference = graphene.String(required=True, description="Khoá bút toán trên sổ cái.")
    order_number = graphene.String(required=True)
    description = graphene.String(required=True)
    credit = graphene.Int(required=True)
    debit = graphene.Int(required=True)
    balance = graphene.Int(required=True)


class StatementOrderType(graphene.ObjectType):
    order_number = graphene.String(required=True)
    released_at = graphene.DateTime(required=True)
    gross = graphene.Int(required=True)
    commission = graphene.Int(required=True)
    withheld = graphene.Int(required=True, description="Thuế GTGT + TNCN khấu trừ (VND).")
    seller_net = graphene.Int(required=True)

    @staticmethod
    def of(settlement: OrderSettlement) -> "StatementOrderType":
        return StatementOrderType(
            order_number=settlement.order.number,
            released_at=settlement.released_at,
            gross=settlement.gross,
            commission=settlement.commission,
            withheld=settlement.withheld_total,
            seller_net=settlement.seller_net,
        )


class BusinessStatementType(graphene.ObjectType):
    business = graphene.Field(BusinessType, required=True)
    date_from = graphene.Date(required=True)
    date_to = graphene.Date(required=True)
    opening_balance = graphene.Int(required=True)
    closing_balance = graphene.Int(required=True)
    gross = graphene.Int(required=True, description="Tiền hàng và phí giao của các đơn giải ngân trong kỳ.")
    commission = graphene.Int(required=True)
    withheld = graphene.Int(required=True)
    refunds = graphene.Int(
        required=True,
        description="Hoàn cho người mua trước khi đối soát — không tính vào số dư (chỉ để tham khảo).",
    )
    cod_netting = graphene.Int(
        required=True,
        description="Trong commission và withheld: phần của đơn COD, người bán nợ sàn (chỉ để tham khảo).",
    )
    cod_cash_kept = graphene.Int(required=True, description="Tiền mặt người bán đã tự thu của đơn COD (trừ).")
    refunds_from_payable = graphene.Int(required=True, description="Hoàn tiền trừ vào số dư (trừ).")
    payouts = graphene.Int(required=True, description="Chi trả về tài khoản ngân hàng trong kỳ (trừ).")
    payouts_returned = graphene.Int(
        required=True, description="Chi trả không thành công, trả lại số dư (cộng)."
    )
    other_credits = graphene.Int(required=True, description="Điều chỉnh khác ghi có (cộng).")
    other_debits = graphene.Int(required=True, description="Điều chỉnh khác ghi nợ (trừ).")
    lines = graphene.List(graphene.NonNull(StatementLineType), required=True)
    orders = graphene.List(graphene.NonNull(StatementOrderType), required=True)
    xlsx_url = graphene.String(required=True)
    csv_url = graphene.String(required=True)

    @staticmethod
    def of(statement, info=None) -> "BusinessStatementType":
        query = f"?from={statement.date_from.isoformat()}&to={statement.date_to.isoformat()}"
        url = _absolute(info, reverse("business-statement-file", args=[statement.business.pk, "xlsx"]))
        return BusinessStatementType(
            business=statement.business,
            date_from=statement.date_from,
            date_to=statement.date_to,
            opening_balance=statement.opening,
            closing_balance=statement.closing,
            gross=statement.gross,
            commission=statement.commission,
            withheld=statement.withheld,
            refunds=statement.refunds,
            cod_netting=statement.cod_netting,
            cod_cash_kept=statement.cod_cash_kept,
            refunds_from_payable=statement.refunds_from_payable,
            payouts=statement.payouts,
            payouts_returned=statement.payouts_returned,
            other_credits=statement.other_credits,
            other_debits=statement.other_debits,
            lines=[StatementLineType(**vars(line), kind_label=line.kind_label) for line in statement.lines],
            orders=[StatementOrderType.of(s) for s in statement.orders],
            xlsx_url=url + query,
            csv_url=_absolute(info, reverse("business-statement-file", args=[statement.business.pk, "csv"]))
            + query,
        )


def _settlements(keys, request):
    return {s.order_id: s for s in OrderSettlement.objects.filter(order_id__in=keys)}


def _refunds(keys, request):
    found: dict[int, list] = {}
    for refund in Refund.objects.filter(order_id__in=keys).select_related("order", "attempt").order_by("pk"):
        found.setdefault(refund.order_id, []).append(refund)
    return found


def resolve_settlement(order, info):
    # Commission and withholding are between the seller and the platform: never the buyer's.
    user = info.context.user
    if not (can_see_private(info, order.business) or is_finance_operator(user)):
        return None
    return loader(info, "Order", _settlements).load(order.pk)


def resolve_refunds(order, info):
    return loader(info, "Order", _refunds, default=list).load(order.pk)


order_type_extend(
    settlement=graphene.Field(
        OrderSettlementType,
        resolver=resolve_settlement,
        description="Quyết toán khi giải ngân; chỉ người bán, cán bộ và kế toán nền tảng thấy.",
    ),
    refunds=graphene.Field(
        graphene.List(graphene.NonNull(RefundType)),
        required=True,
        resolver=resolve_refunds,
        description="Các lần hoàn tiền của đơn.",
    ),
)
