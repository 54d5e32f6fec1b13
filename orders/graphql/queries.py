import graphene

from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import enum_values
from marketplace.graphql.pagination import connection_args, paginate
from orders import selectors
from orders.errors import CheckoutNotFound
from orders.graphql.types import (
    CheckoutType,
    OrderCountableConnection,
    OrderStatusEnum,
    OrderType,
    prove_checkout,
    proven_checkouts,
)
from orders.services.checkout import checkout_get


class OrderFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(OrderStatusEnum))
    business = graphene.ID(description="Một người bán (người bán thuộc nhiều cơ sở, cán bộ).")
    number = graphene.String(description="Mã đơn, ví dụ DH2611220001.")


class OrderQueries(graphene.ObjectType):
    checkout = graphene.Field(
        CheckoutType, token=graphene.ID(required=True, description="checkout.token (mã bí mật của giỏ).")
    )
    orders = graphene.Field(
        graphene.NonNull(OrderCountableConnection),
        filter=OrderFilterInput(),
        description=(
            "Người mua: đơn của mình; người bán: đơn của cơ sở; cán bộ: mọi đơn (chỉ xem); "
            "kế toán nền tảng: mọi đơn (để hoàn tiền)."
        ),
        **connection_args(),
    )
    order = graphene.Field(
        OrderType,
        id=graphene.ID(required=True),
        checkout_token=graphene.ID(description="Người mua chưa đăng nhập: token của giỏ đã đặt đơn này."),
    )

    def resolve_checkout(root, info, token):
        return prove_checkout(info, checkout_get(user=info.context.user, token=token, allow_completed=True))

    def resolve_orders(root, info, filter=None, first=None, after=None):
        filter = filter or {}
        business = filter.get("business")
        queryset = selectors.order_list(
            user=info.context.user,
            statuses=enum_values(filter.get("status")),
            business_id=decode_id(business, "Business", field="business") if business else None,
            number=filter.get("number"),
        )
        return paginate(queryset, OrderCountableConnection, first=first, after=after)

    def resolve_order(root, info, id, checkout_token=None):
        order_id = decode_id(id, "Order")
        if checkout_token:
            try:
                prove_checkout(
                    info, checkout_get(user=info.context.user, token=checkout_token, allow_completed=True)
                )
            except CheckoutNotFound:
                return None
        return selectors.order_get(
            user=info.context.user, order_id=order_id, checkout_ids=proven_checkouts(info)
        )
