import graphene

from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import enum_value
from orders.graphql.types import (
    CheckoutType,
    DeliveryMethodEnum,
    OrderType,
    PaymentGroupType,
    PaymentMethodEnum,
    proven_checkouts,
)
from orders.selectors import payment_start_of, with_order_relations
from orders.services import checkout as checkout_services
from orders.services import lifecycle
from orders.services.complete import checkout_complete


class CheckoutLineInput(graphene.InputObjectType):
    variant = graphene.ID(required=True, description="ProductVariant ID.")
    quantity = graphene.Int(required=True, description="checkoutLinesUpdate: 0 bỏ dòng này.")


def _lines(lines) -> list[tuple[int, int]]:
    return [(decode_id(line.variant, "ProductVariant", field="variant"), line.quantity) for line in lines]


class CheckoutPayload(BaseMutation):
    checkout = graphene.Field(CheckoutType)

    class Meta:
        abstract = True


class CheckoutCreate(CheckoutPayload):
    """Tạo giỏ hàng (người đã đăng nhập: thêm vào giỏ đang mở của mình)."""

    class Arguments:
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)
        email = graphene.String()

    @classmethod
    def perform(cls, info, lines, email=None):
        checkout = checkout_services.checkout_create(
            user=info.context.user, lines=_lines(lines), email=(email or "").strip()
        )
        return {"checkout": checkout}


class CheckoutLinesAdd(CheckoutPayload):
    """Thêm hàng; thêm lại cùng loại hàng thì cộng dồn số lượng."""

    class Arguments:
        token = graphene.ID(required=True, description="checkout.token")
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    @classmethod
    def perform(cls, info, token, lines):
        return {
            "checkout": checkout_services.checkout_lines_add(
                user=info.context.user, token=token, lines=_lines(lines)
            )
        }


class CheckoutLinesUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.ID(required=True, description="checkout.token")
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    @classmethod
    def perform(cls, info, token, lines):
        checkout = checkout_services.checkout_lines_update(
            user=info.context.user, token=token, lines=_lines(lines)
        )
        return {"checkout": checkout}


class CheckoutLinesDelete(CheckoutPayload):
    class Arguments:
        token = graphene.ID(required=True, description="checkout.token")
        line_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    @classmethod
    def perform(cls, info, token, line_ids):
        checkout = checkout_services.checkout_lines_delete(
            user=info.context.user,
            token=token,
            line_ids=[decode_id(line, "CheckoutLine", field="line_ids") for line in line_ids],
        )
        return {"checkout": checkout}


class ShippingAddressInput(graphene.InputObjectType):
    recipient_name = graphene.String(required=True)
    recipient_phone = graphene.String(required=True, description="Số di động, ví dụ 0912 345 678.")
    province_code = graphene.String(required=True, description="Mã tỉnh, ví dụ 08 (Tuyên Quang).")
    commune_code = graphene.String(required=True, description="Mã xã, phường (truy vấn communes).")
    street_line = graphene.String(required=True, description="Số nhà, đường, thôn/xóm.")


class CheckoutShippingAddressUpdate(CheckoutPayload):
    class Arguments:
        token = graphene.ID(required=True, description="checkout.token")
        address = ShippingAddressInput(required=True)

    @classmethod
    def perform(cls, info, token, address):
        checkout = checkout_services.checkout_shipping_address_update(
            user=info.context.user, token=token, **dict(address)
        )
        return {"checkout": checkout}


class CheckoutDeliveryMethodUpdate(CheckoutPayload):
    """Chọn cách giao cho phần hàng của một người bán."""

    class Arguments:
        token = graphene.ID(required=True, description="checkout.token")
        business = graphene.ID(required=True)
        method = DeliveryMethodEnum(required=True)

    @classmethod
    def perform(cls, info, token, business, method):
        checkout = checkout_services.checkout_delivery_method_update(
            user=info.context.user,
            token=token,
            business_id=decode_id(business, "Business", field="business"),
            method=enum_value(method),
        )
        return {"checkout": checkout}


class PaymentStartType(graphene.ObjectType):
    redirect_url = graphene.String(description="Mở trang này để thanh toán (VNPay, ví).")
    qr_payload = graphene.String(description="Nội dung mã VietQR để quét.")
    instructions = graphene.String()


class CheckoutComplete(BaseMutation):
    """Đặt hàng: mỗi người bán một đơn, người mua thanh toán một lần. Gọi lại trả về đúng các
    đơn đã tạo (bấm hai lần không sinh đơn thứ hai)."""

    payment_group = graphene.Field(PaymentGroupType)
    orders = graphene.List(graphene.NonNull(OrderType))
    payment = graphene.Field(PaymentStartType)

    class Arguments:
        token = graphene.ID(required=True, description="checkout.token")
        payment_method = PaymentMethodEnum(required=True)

    @classmethod
    def perform(cls, info, token, payment_method):
        group = checkout_complete(
            user=info.context.user, token=token, payment_method=enum_value(payment_method)
        )
        proven_checkouts(info).add(group.checkout_id)  # the caller presented this cart's token
        orders = with_order_relations(group.orders.order_by("pk"))
        return {"payment_group": group, "orders": orders, "payment": payment_start_of(group)}


class OrderActionPayload(BaseMutation):
    order = graphene.Field(OrderType)

    class Meta:
        abstract = True


def _order_action(name: str, service, doc: str, **extra_arguments):
    arguments = type("Arguments", (), {"id": graphene.ID(required=True), **extra_arguments})

    def perform(cls, info, id, **extra):
        return {"order": service(user=info.context.user, order_id=decode_id(id, "Order"), **extra)}

    return type(
        name, (OrderActionPayload,), {"__doc__": doc, "Arguments": arguments, "perform": classmethod(perform)}
    )


OrderConfirm = _order_action("OrderConfirm", lifecycle.order_confirm, "Người bán xác nhận đơn.")
OrderShip = _order_action(
    "OrderShip",
    lifecycle.order_ship,
    "Người bán giao cho đơn vị vận chuyển (đơn gửi bưu điện cần mã vận đơn).",
    carrier=graphene.String(),
    tracking_number=graphene.String(),
)
OrderDeliver = _order_action("OrderDeliver", lifecycle.order_deliver, "Người bán báo đã giao tới người mua.")
OrderComplete = _order_action("OrderComplete", lifecycle.order_complete, "Người mua xác nhận đã nhận hàng.")
OrderCancel = _order_action(
    "OrderCancel",
    lifecycle.order_cancel,
    "Người mua huỷ trước khi người bán xác nhận; người bán huỷ kèm lý do trước khi giao.",
    reason=graphene.String(),
)


class OrderMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_complete = CheckoutComplete.Field()
    order_confirm = OrderConfirm.Field()
    order_ship = OrderShip.Field()
    order_deliver = OrderDeliver.Field()
    order_complete = OrderComplete.Field()
    order_cancel = OrderCancel.Field()
