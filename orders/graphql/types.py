import graphene
from graphene_django import DjangoObjectType

from catalog.graphql.images import ProductImageType
from catalog.graphql.types import ProductVariantType
from catalog.selectors import product_visible_to
from marketplace.businesses.graphql.types import BusinessType, announce_businesses, can_see_private
from marketplace.businesses.selectors import business_visible_to
from marketplace.graphql.ids import encode_id
from marketplace.graphql.loaders import announce, loader
from marketplace.graphql.pagination import CountableConnection
from marketplace.regions.graphql.types import CommuneType, ProvinceType
from orders import selectors
from orders.models import Checkout, DeliveryMethod, Order, OrderEvent, OrderLine, PaymentGroup, PaymentMethod
from orders.selectors import checkout_summary


def proven_checkouts(info) -> set[int]:
    """Carts whose secret token this request presented: their orders are the holder's to read."""
    proven = getattr(info.context, "_proven_checkouts", None)
    if proven is None:
        proven = info.context._proven_checkouts = set()
    return proven


def prove_checkout(info, checkout):
    if checkout is not None:
        proven_checkouts(info).add(checkout.pk)
    return checkout


DeliveryMethodEnum = graphene.Enum.from_enum(
    DeliveryMethod, name="DeliveryMethod", description="Cách giao hàng"
)
PaymentMethodEnum = graphene.Enum.from_enum(
    PaymentMethod, name="PaymentMethod", description="Cách thanh toán"
)
OrderStatusEnum = graphene.Enum.from_enum(Order.Status, name="OrderStatus", description="Trạng thái đơn hàng")
PaymentGroupStatusEnum = graphene.Enum.from_enum(PaymentGroup.Status, name="PaymentGroupStatus")


class ShippingAddressType(graphene.ObjectType):
    recipient_name = graphene.String(required=True)
    recipient_phone = graphene.String(required=True, description="E.164, +84…")
    province = graphene.Field(ProvinceType)
    commune = graphene.Field(CommuneType)
    street_line = graphene.String(required=True)


def _address(holder):
    return holder if holder.commune_id else None


class CheckoutLineType(graphene.ObjectType):
    id = graphene.ID(required=True)
    variant = graphene.Field(
        ProductVariantType,
        description="Null khi sản phẩm không còn bán (người bán bị tạm ngừng, sản phẩm bị ẩn).",
    )
    product_name = graphene.String(required=True)
    product_slug = graphene.String(required=True)
    thumbnail = graphene.Field(ProductImageType)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Int(required=True, description="Giá hiện tại (VND), giá sẽ tính khi đặt hàng.")
    previous_unit_price = graphene.Int(
        description="Giá người mua đã thấy trước đó, khi giá vừa đổi; null nếu không đổi."
    )
    line_total = graphene.Int(required=True)

    def resolve_id(line, info):
        return encode_id("CheckoutLine", line.pk)

    def resolve_variant(line, info):
        # The same rule as node(id:) for the variant: a product no longer on sale is not shown.
        product = line.variant.product
        if product.is_public or product_visible_to(info.context.user).filter(pk=product.pk).exists():
            return line.variant
        return None

    def resolve_product_name(line, info):
        return line.variant.product.name

    def resolve_product_slug(line, info):
        return line.variant.product.slug

    def resolve_thumbnail(line, info):
        images = line.variant.product.images.all()
        return images[0] if images else None

    def resolve_unit_price(line, info):
        return line.variant.price

    def resolve_previous_unit_price(line, info):
        if line.unit_price != line.variant.price:  # changed since the buyer last saw the cart
            return line.unit_price
        return line.previous_unit_price  # changed, completion refused, not yet acted on

    def resolve_line_total(line, info):
        return line.variant.price * line.quantity


class DeliveryOptionType(graphene.ObjectType):
    method = graphene.Field(DeliveryMethodEnum, required=True)
    fee = graphene.Int(required=True, description="VND")


class CheckoutSellerGroupType(graphene.ObjectType):
    """One seller's part of the cart; it becomes one order."""

    business = graphene.Field(
        BusinessType, description="Null khi người bán không còn hiển thị (bị tạm ngừng sau khi thêm vào giỏ)."
    )
    lines = graphene.List(graphene.NonNull(CheckoutLineType), required=True)
    subtotal = graphene.Int(required=True)
    delivery_method = graphene.Field(DeliveryMethodEnum, required=True)
    delivery_fee = graphene.Int(
        required=True, description="Phí giao hiện tại (VND), phí sẽ tính khi đặt hàng."
    )
    previous_delivery_fee = graphene.Int(
        description="Phí giao người mua đã thấy trước đó, khi người bán vừa đổi phí; null nếu không đổi."
    )
    delivery_options = graphene.List(graphene.NonNull(DeliveryOptionType), required=True)
    total = graphene.Int(required=True)

    def resolve_previous_delivery_fee(group, info):
        if group.quoted_fee is not None and group.quoted_fee != group.delivery_fee:
            return group.quoted_fee  # changed since the buyer last acted on the cart
        return group.previous_fee  # changed, completion refused, not yet acted on

    def resolve_business(group, info):
        business = group.business
        if business.is_approved or business_visible_to(info.context.user).filter(pk=business.pk).exists():
            return business
        return None

    def resolve_delivery_options(group, info):
        return [DeliveryOptionType(method=method, fee=fee) for method, fee in group.delivery_options]


class CheckoutType(graphene.ObjectType):
    token = graphene.ID(
        required=True,
        description="Mã bí mật của giỏ hàng: giữ lại để quay lại giỏ; truyền vào checkout(token:) và các mutation giỏ hàng.",
    )
    email = graphene.String()
    seller_groups = graphene.List(graphene.NonNull(CheckoutSellerGroupType), required=True)
    quantity = graphene.Int(required=True, description="Số món trong giỏ.")
    subtotal = graphene.Int(required=True)
    delivery_total = graphene.Int(required=True)
    total = graphene.Int(required=True)
    price_changed = graphene.Boolean(
        required=True, description="Một số giá đã đổi từ lần trước; xem previousUnitPrice."
    )
    shipping_address = graphene.Field(ShippingAddressType)
    is_completed = graphene.Boolean(required=True)
    payment_group = graphene.Field(
        lambda: PaymentGroupType,
        description="Sau khi đặt: các đơn hàng, để người mua chưa đăng nhập theo dõi.",
    )

    @staticmethod
    def summary(checkout):
        if not hasattr(checkout, "_summary"):
            checkout._summary = checkout_summary(checkout)
        return checkout._summary

    class Meta:
        name = "Checkout"
        interfaces = (graphene.relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        """By global ID, only its signed-in owner reads a cart (a visitor's cart needs the token)."""
        return selectors.checkout_of_user(user=info.context.user, checkout_id=int(id))

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, Checkout)

    def resolve_token(checkout, info):
        return str(checkout.token)

    def resolve_seller_groups(checkout, info):
        groups = CheckoutType.summary(checkout).groups
        announce_businesses(info, [group.business.pk for group in groups])
        return groups

    def resolve_quantity(checkout, info):
        return sum(line.quantity for line in CheckoutType.summary(checkout).lines)

    def resolve_subtotal(checkout, info):
        return CheckoutType.summary(checkout).subtotal

    def resolve_delivery_total(checkout, info):
        return CheckoutType.summary(checkout).delivery_total

    def resolve_total(checkout, info):
        return CheckoutType.summary(checkout).total

    def resolve_price_changed(checkout, info):
        return CheckoutType.summary(checkout).price_changed

    def resolve_shipping_address(checkout, info):
        return _address(checkout)

    def resolve_is_completed(checkout, info):
        return checkout.completed_at is not None

    def resolve_payment_group(checkout, info):
        return PaymentGroup.objects.filter(checkout=checkout).first() if checkout.completed_at else None


class OrderLineType(DjangoObjectType):
    class Meta:
        model = OrderLine
        name = "OrderLine"
        fields = ("product_name", "variant_name", "sku", "unit", "unit_price", "quantity", "line_total")

    unit_price = graphene.Int(required=True)
    line_total = graphene.Int(required=True)


class OrderEventType(DjangoObjectType):
    from_status = graphene.Field(OrderStatusEnum)
    to_status = graphene.Field(OrderStatusEnum, required=True)
    actor_name = graphene.String(description="Người thực hiện; null: hệ thống.")

    class Meta:
        model = OrderEvent
        name = "OrderEvent"
        fields = ("from_status", "to_status", "note", "created_at")

    def resolve_from_status(event, info):
        return event.from_status or None

    def resolve_actor_name(event, info):
        return (event.actor.full_name or event.actor.get_role_display()) if event.actor else None


class PaymentGroupType(DjangoObjectType):
    status = graphene.Field(PaymentGroupStatusEnum, required=True)
    method = graphene.Field(PaymentMethodEnum, required=True)
    amount = graphene.Int(
        description="Số tiền người mua trả một lần (VND); để trống với ai chỉ xem được một phần đơn "
        "của lần thanh toán (người bán không biết người mua trả bao nhiêu cho người bán khác)."
    )
    orders = graphene.List(graphene.NonNull(lambda: OrderType), required=True)

    class Meta:
        model = PaymentGroup
        name = "PaymentGroup"
        fields = ("number", "status", "method", "amount", "expires_at", "paid_at", "created_at")

    def resolve_orders(group, info):
        orders = loader(info, "PaymentGroup", _group_orders, default=list).load(group.pk)
        announce_businesses(info, [order.business_id for order in orders])
        return orders

    def resolve_amount(group, info):
        # The amount minus a seller's own order total would tell what the buyer spent elsewhere.
        if selectors.sees_whole_payment_group(info.context.user, group, checkout_ids=proven_checkouts(info)):
            return group.amount
        return None


def _group_orders(keys, request):
    return selectors.orders_of_payment_groups(
        user=request.user, group_ids=keys, checkout_ids=getattr(request, "_proven_checkouts", ())
    )


class OrderType(DjangoObjectType):
    status = graphene.Field(OrderStatusEnum, required=True)
    payment_method = graphene.Field(PaymentMethodEnum, required=True)
    delivery_method = graphene.Field(DeliveryMethodEnum, required=True)
    subtotal = graphene.Int(required=True)
    delivery_fee = graphene.Int(required=True)
    total = graphene.Int(required=True)
    commission_rate_bps = graphene.Int(description="Chỉ người bán và cán bộ thấy.")
    commission = graphene.Int(
        description=(
            "Hoa hồng ước tính lúc đặt, trên toàn bộ tiền hàng (VND). Số thực trừ, sau hoàn tiền: "
            "`settlement.commission`. Chỉ người bán và cán bộ thấy."
        )
    )
    seller_net = graphene.Int(
        description=(
            "Ước tính lúc đặt: tổng tiền trừ hoa hồng, chưa trừ thuế khấu trừ và hoàn tiền (VND). "
            "Số người bán thực nhận vào số dư: `settlement.sellerNet` (khi đơn đã đối soát). "
            "Chỉ người bán và cán bộ thấy."
        )
    )
    business = graphene.Field(BusinessType, required=True)
    payment_group = graphene.Field(PaymentGroupType, required=True)
    shipping_address = graphene.Field(ShippingAddressType)
    lines = graphene.List(graphene.NonNull(OrderLineType), required=True)
    events = graphene.List(graphene.NonNull(OrderEventType), required=True)

    class Meta:
        model = Order
        name = "Order"
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "number",
            "status",
            "carrier",
            "tracking_number",
            "cancel_reason",
            "paid_at",
            "created_at",
            "updated_at",
        )

    @classmethod
    def get_node(cls, info, id):
        user = info.context.user
        return selectors.order_get(user=user, order_id=int(id), checkout_ids=proven_checkouts(info))

    # Lines, events, seller and group come from orders.selectors.with_order_relations.
    def resolve_lines(order, info):
        return order.lines.all()

    def resolve_events(order, info):
        return order.events.all()

    def resolve_shipping_address(order, info):
        return _address(order)

    def resolve_commission_rate_bps(order, info):
        return order.commission_rate_bps if can_see_private(info, order.business) else None

    def resolve_commission(order, info):
        return order.commission if can_see_private(info, order.business) else None

    def resolve_seller_net(order, info):
        return order.seller_net if can_see_private(info, order.business) else None


def order_type_extend(**fields: graphene.Field) -> None:
    """Adds fields to `Order` for apps above orders (payments adds `settlement` and `refunds`),
    so orders never imports them. Call at import time of that app's GraphQL module, which the
    root schema imports before it is built; each field brings its own `resolver`. List rows are
    announced as "Order" keys for their loaders."""
    for name, field in fields.items():
        if name in OrderType._meta.fields:
            raise ValueError(f"Order.{name} is already defined")
        OrderType._meta.fields[name] = field


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = OrderType

    def resolve_edges(self, info):
        announce_businesses(info, [edge.node.business_id for edge in self.edges])
        announce(info, "PaymentGroup", [edge.node.payment_group_id for edge in self.edges])
        announce(info, "Order", [edge.node.pk for edge in self.edges])
        return self.edges
