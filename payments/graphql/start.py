"""`paymentStart(paymentGroupId)` and `paymentGroup(id)` with its attempts.

The payload is built from the provider's `PaymentStart` only, so every method fills the same
shape: VNPay a `redirectUrl`, bank transfer a `qr`, cash on delivery `instructions`. The group's
`id` and `attempts` are added to the order flow's `PaymentGroup` type from here (orders knows
nothing of payments), as businesses adds `User.memberships`."""

import graphene
from graphene_django import DjangoObjectType

from marketplace.accounts.throttle import client_address
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id, encode_id
from marketplace.graphql.loaders import loader
from orders.errors import CheckoutNotFound
from orders.graphql.types import PaymentGroupType, PaymentMethodEnum, prove_checkout, proven_checkouts
from orders.selectors import sees_whole_payment_group
from orders.services.checkout import checkout_get
from payments.attempts import PaymentAttempt
from payments.services.start import payment_group_get, payment_start
from payments.vnpay.codes import describe

PaymentAttemptStatusEnum = graphene.Enum.from_enum(
    PaymentAttempt.Status, name="PaymentAttemptStatus", description="Trạng thái một lượt trả tiền"
)


class PaymentAttemptType(DjangoObjectType):
    status = graphene.Field(PaymentAttemptStatusEnum, required=True)
    method = graphene.Field(PaymentMethodEnum, required=True)
    amount = graphene.Int(required=True, description="VND")
    result_message = graphene.String(description="Kết quả bằng lời, khi cổng đã trả lời.")

    class Meta:
        model = PaymentAttempt
        name = "PaymentAttempt"
        fields = ("reference", "status", "method", "amount", "response_code", "created_at", "settled_at")
        description = "Một lượt trả tiền (mã giao dịch gửi sang cổng thanh toán hoặc ghi trong chuyển khoản)."

    def resolve_result_message(attempt, info):
        if not attempt.response_code:
            return None
        return str(describe(attempt.response_code))


def _resolve_group_id(group, info):
    return encode_id("PaymentGroup", group.pk)


def _resolve_attempts(group, info):
    """Only who reads the whole group sees how it was paid (a seller sees only its order)."""
    if not sees_whole_payment_group(info.context.user, group, checkout_ids=proven_checkouts(info)):
        return []
    return loader(info, "PaymentGroup", _group_attempts, default=list).load(group.pk)


def _group_attempts(keys, request) -> dict[int, list[PaymentAttempt]]:
    """Every announced group's attempts in one query (a list of orders shows many groups)."""
    grouped: dict[int, list[PaymentAttempt]] = {}
    for attempt in PaymentAttempt.objects.filter(group_id__in=keys).order_by("created_at", "pk"):
        grouped.setdefault(attempt.group_id, []).append(attempt)
    return grouped


for _name, _field in {
    "id": graphene.Field(graphene.ID, required=True, resolver=_resolve_group_id),
    "attempts": graphene.Field(
        graphene.List(graphene.NonNull(PaymentAttemptType)),
        required=True,
        resolver=_resolve_attempts,
        description="Các lượt trả tiền, cũ trước; rỗng với người chỉ xem được một phần lần thanh toán.",
    ),
}.items():
    PaymentGroupType._meta.fields.setdefault(_name, _field)


class PaymentQrType(graphene.ObjectType):
    payload = graphene.String(required=True, description="Nội dung mã VietQR.")
    svg = graphene.String(required=True, description="Ảnh mã QR, tài liệu SVG.")

    def resolve_svg(qr, info):
        from payments.vietqr import qr_svg  # the bank-transfer module draws QR codes

        return qr_svg(qr.payload)


class PaymentInstructionsType(graphene.ObjectType):
    """What the buyer does next; the fields the method does not use are null."""

    redirect_url = graphene.String(description="Mở trang này để thanh toán (VNPay).")
    qr = graphene.Field(PaymentQrType, description="Quét mã này bằng ứng dụng ngân hàng (chuyển khoản).")
    instructions = graphene.String()

    @staticmethod
    def from_start(start) -> "PaymentInstructionsType":
        return PaymentInstructionsType(
            redirect_url=start.redirect_url or None,
            qr=PaymentQrType(payload=start.qr_payload) if start.qr_payload else None,
            instructions=start.instructions or None,
        )


def _prove(info, checkout_token) -> None:
    if checkout_token:
        try:
            prove_checkout(
                info, checkout_get(user=info.context.user, token=checkout_token, allow_completed=True)
            )
        except CheckoutNotFound:
            pass


class PaymentStartMutation(BaseMutation):
    """Bắt đầu (hoặc bắt đầu lại) thanh toán một lần thanh toán đang chờ trả tiền."""

    payment = graphene.Field(PaymentInstructionsType)
    payment_group = graphene.Field(PaymentGroupType)

    class Meta:
        name = "PaymentStart"

    class Arguments:
        payment_group_id = graphene.ID(required=True, description="PaymentGroup.id")
        checkout_token = graphene.ID(description="Người mua chưa đăng nhập: token của giỏ đã đặt.")

    @classmethod
    def perform(cls, info, payment_group_id, checkout_token=None):
        group_id = decode_id(payment_group_id, "PaymentGroup", field="payment_group_id")
        _prove(info, checkout_token)
        group, start = payment_start(
            user=info.context.user,
            group_id=group_id,
            checkout_ids=proven_checkouts(info),
            payer_ip=client_address(info.context),
        )
        return {"payment": PaymentInstructionsType.from_start(start), "payment_group": group}


class PaymentStartQueries(graphene.ObjectType):
    payment_group = graphene.Field(
        PaymentGroupType,
        id=graphene.ID(required=True),
        checkout_token=graphene.ID(description="Người mua chưa đăng nhập: token của giỏ đã đặt."),
        description="Một lần thanh toán với trạng thái và các lượt trả tiền; null nếu bạn không được xem.",
    )

    def resolve_payment_group(root, info, id, checkout_token=None):
        group_id = decode_id(id, "PaymentGroup")
        _prove(info, checkout_token)
        return payment_group_get(
            user=info.context.user, group_id=group_id, checkout_ids=proven_checkouts(info)
        )


class PaymentStartMutations(graphene.ObjectType):
    payment_start = PaymentStartMutation.Field()
