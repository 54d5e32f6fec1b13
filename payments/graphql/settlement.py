"""The money of orders in the API: refunds, cash on delivery, payouts and statements."""

import graphene

from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import enum_values
from marketplace.graphql.pagination import connection_args, paginate
from orders.graphql.types import OrderType
from orders.models import Order
from orders.selectors import with_order_relations
from payments.graphql.settlement_types import (
    BusinessStatementType,
    OrderSettlementType,
    PayoutBatchType,
    PayoutType,
    RefundConnection,
    RefundStatusEnum,
    RefundType,
)
from payments.permissions import may_read_money, require_finance
from payments.settlement.cod import cod_collected
from payments.settlement.models import PayoutBatch, Refund
from payments.settlement.payouts import payout_mark, payout_run
from payments.settlement.refunds import check_mark_texts, refund_create, refund_mark, refund_retry
from payments.settlement.statements import business_statement


class PayoutOutcome(graphene.Enum):
    PAID = "paid"
    FAILED = "failed"


class RefundOutcome(graphene.Enum):
    SENT = "sent"
    FAILED = "failed"


def _order(order_id: int):
    return with_order_relations(Order.objects.filter(pk=order_id)).first()


class RefundCreate(BaseMutation):
    """Hoàn tiền cho người mua (toàn bộ hoặc một phần): người bán trước khi giao hàng đi, kế toán
    nền tảng khi tiền còn giữ. Hoàn hết số còn giữ thì đơn bị huỷ."""

    class Arguments:
        order_id = graphene.ID(required=True)
        amount = graphene.Int(description="VND; bỏ trống: hoàn toàn bộ số tiền còn giữ của đơn.")
        reason = graphene.String(required=True, description="Tối đa 500 ký tự.")
        idempotency_key = graphene.String(
            description=(
                "Khoá chống lặp do ứng dụng tạo (tối đa 64 ký tự, duy nhất trong đơn): gửi lại cùng khoá "
                "và cùng số tiền, lý do trả về khoản hoàn đầu tiên; khác số tiền hoặc lý do bị từ chối "
                "(REFUND_IDEMPOTENCY_CONFLICT)."
            )
        )

    refund = graphene.Field(RefundType)
    order = graphene.Field(OrderType)

    @classmethod
    def perform(cls, info, order_id, reason, amount=None, idempotency_key=None):
        refund = refund_create(
            user=info.context.user,
            order_id=decode_id(order_id, "Order", field="order_id"),
            amount=amount,
            reason=reason,
            idempotency_key=idempotency_key or "",
        )
        # Read again: a gateway refund may have completed right after the commit.
        return {"refund": Refund.objects.get(pk=refund.pk), "order": _order(refund.order_id)}


class RefundMark(BaseMutation):
    """Kế toán ghi nhận khoản hoàn chuyển khoản đã chuyển trả (kèm mã giao dịch) hoặc không thành."""

    class Arguments:
        refund_id = graphene.ID(required=True)
        outcome = RefundOutcome(required=True)
        reference = graphene.String(
            description="Mã giao dịch ngân hàng (bắt buộc khi đã chuyển; tối đa 64 ký tự)."
        )
        note = graphene.String(description="Tối đa 500 ký tự.")

    refund = graphene.Field(RefundType)

    @classmethod
    def perform(cls, info, refund_id, outcome, reference="", note=""):
        refund = refund_mark(
            user=info.context.user,
            refund_id=decode_id(refund_id, "Refund", field="refund_id"),
            sent=getattr(outcome, "value", outcome) == RefundOutcome.SENT.value,
            reference=reference or "",
            note=note or "",
        )
        return {"refund": refund}


class RefundRetry(BaseMutation):
    """Kế toán hoàn lại tiền đến muộn khi lần hoàn trước không thành: qua cổng thanh toán lần nữa,
    hoặc bằng chuyển khoản (rồi ghi nhận đã chuyển bằng refundMark)."""

    class Arguments:
        refund_id = graphene.ID(required=True, description="Khoản hoàn tiền đến muộn không thành công.")
        by_bank_transfer = graphene.Boolean(description="Chuyển khoản trả lại thay vì qua cổng thanh toán.")

    refund = graphene.Field(RefundType, description="Khoản hoàn, đang hoàn lại.")

    @classmethod
    def perform(cls, info, refund_id, by_bank_transfer=False):
        refund = refund_retry(
            user=info.context.user,
            refund_id=decode_id(refund_id, "Refund", field="refund_id"),
            by_bank_transfer=bool(by_bank_transfer),
        )
        return {"refund": Refund.objects.get(pk=refund.pk)}


class CodCollected(BaseMutation):
    """Người bán ghi nhận đã thu tiền mặt khi giao; hoa hồng và thuế trừ vào số dư của người bán."""

    class Arguments:
        order_id = graphene.ID(required=True)
        amount = graphene.Int(required=True, description="Đúng bằng tổng tiền của đơn (VND).")

    settlement = graphene.Field(OrderSettlementType)

    @classmethod
    def perform(cls, info, order_id, amount):
        settlement = cod_collected(
            user=info.context.user, order_id=decode_id(order_id, "Order", field="order_id"), amount=amount
        )
        return {"settlement": settlement}


class PayoutRunMutation(BaseMutation):
    """Kế toán chạy đợt chi trả: mỗi người bán có số dư dương và tài khoản ngân hàng một khoản."""

    batch = graphene.Field(PayoutBatchType, description="Null khi không ai đến hạn chi trả.")
    skipped_business_ids = graphene.List(
        graphene.NonNull(graphene.ID), description="Người bán đến hạn nhưng chưa chi trả."
    )
    skipped_reasons = graphene.List(graphene.NonNull(graphene.String), description="Vì sao, cùng thứ tự.")

    class Meta:
        name = "PayoutRun"

    @classmethod
    def perform(cls, info):
        from marketplace.graphql.ids import encode_id

        run = payout_run(user=info.context.user)
        return {
            "batch": run.batch,
            "skipped_business_ids": [encode_id("Business", pk) for pk, _ in run.skipped],
            "skipped_reasons": [str(reason) for _, reason in run.skipped],
        }


class PayoutMarkMutation(BaseMutation):
    """Kế toán ghi nhận khoản chi trả đã chuyển (kèm mã giao dịch) hoặc không thành công."""

    class Arguments:
        payout_id = graphene.ID(required=True)
        outcome = PayoutOutcome(required=True)
        reference = graphene.String(
            description="Mã giao dịch ngân hàng (bắt buộc khi đã chuyển; tối đa 64 ký tự)."
        )
        note = graphene.String(description="Tối đa 500 ký tự.")

    payout = graphene.Field(PayoutType)

    class Meta:
        name = "PayoutMark"

    @classmethod
    def perform(cls, info, payout_id, outcome, reference="", note=""):
        check_mark_texts(reference=(reference or "").strip(), note=(note or "").strip())
        payout = payout_mark(
            user=info.context.user,
            payout_id=decode_id(payout_id, "Payout", field="payout_id"),
            paid=getattr(outcome, "value", outcome) == PayoutOutcome.PAID.value,
            reference=reference or "",
            note=note or "",
        )
        return {"payout": payout}


class SettlementQueries(graphene.ObjectType):
    business_statement = graphene.Field(
        BusinessStatementType,
        business_id=graphene.ID(required=True),
        date_from=graphene.Date(required=True, name="from"),
        date_to=graphene.Date(required=True, name="to"),
        description="Sao kê của người bán (thành viên, cán bộ, kế toán nền tảng).",
    )
    payout_batch = graphene.Field(PayoutBatchType, id=graphene.ID(required=True))
    refunds = graphene.Field(
        RefundConnection,
        required=True,
        status=graphene.List(graphene.NonNull(RefundStatusEnum)),
        late=graphene.Boolean(description="true: chỉ tiền đến muộn; false: chỉ hoàn tiền của đơn."),
        description="Các khoản hoàn tiền, mới nhất trước (kế toán nền tảng và cán bộ xem).",
        **connection_args(),
    )

    def resolve_refunds(root, info, status=None, late=None, first=None, after=None):
        user = info.context.user
        if not may_read_money(user):
            require_finance(user)  # raises the right refusal for who is asking
        rows = Refund.objects.select_related("order", "attempt").order_by("-created_at", "-pk")
        if statuses := enum_values(status):
            rows = rows.filter(status__in=statuses)
        if late is not None:
            rows = rows.filter(order__isnull=late)
        return paginate(rows, RefundConnection, first=first, after=after)

    def resolve_business_statement(root, info, business_id, date_from, date_to):
        statement = business_statement(
            user=info.context.user,
            business_id=decode_id(business_id, "Business", field="business_id"),
            date_from=date_from,
            date_to=date_to,
        )
        return BusinessStatementType.of(statement, info)

    def resolve_payout_batch(root, info, id):
        require_finance(info.context.user)
        return PayoutBatch.objects.filter(pk=decode_id(id, "PayoutBatch")).first()


class SettlementMutations(graphene.ObjectType):
    refund_create = RefundCreate.Field()
    refund_mark = RefundMark.Field()
    refund_retry = RefundRetry.Field()
    cod_collected = CodCollected.Field()
    payout_run = PayoutRunMutation.Field()
    payout_mark = PayoutMarkMutation.Field()
