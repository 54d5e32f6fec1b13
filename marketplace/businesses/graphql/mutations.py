import graphene

from marketplace.businesses import services
from marketplace.businesses.graphql.types import (
    BusinessKind,
    BusinessMemberRole,
    BusinessType,
    OcopCertificateType,
    OcopGroupEnum,
)
from marketplace.graphql.decisions import decision_mutation
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id
from marketplace.graphql.inputs import enum_value


class BusinessRegisterInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    kind = BusinessKind(required=True)
    tax_code = graphene.String(required=True, description="10 chữ số, hoặc 0101234565-001 cho chi nhánh.")
    representative_name = graphene.String(required=True)
    phone = graphene.String(required=True)
    email = graphene.String()
    address_line = graphene.String(required=True, description="Số nhà, thôn/xóm.")
    commune_code = graphene.String(required=True, description="Mã xã, phường (xem truy vấn communes).")


class BusinessRegister(BaseMutation):
    business = graphene.Field(BusinessType)

    class Arguments:
        input = BusinessRegisterInput(required=True)

    @classmethod
    def perform(cls, info, input):
        data = dict(input)
        data["kind"] = enum_value(data["kind"])
        return {"business": services.business_register(user=info.context.user, **data)}


def _business_decision(name: str, service, *, with_reason: bool = False, description: str):
    return decision_mutation(
        name,
        service,
        node_type="Business",
        payload_type=BusinessType,
        id_argument="business_id",
        actor="officer",
        with_reason=with_reason,
        description=description,
    )


BusinessApprove = _business_decision(
    "BusinessApprove", services.business_approve, description="Cán bộ Sở Công Thương duyệt người bán."
)
BusinessReject = _business_decision(
    "BusinessReject",
    services.business_reject,
    with_reason=True,
    description="Từ chối hồ sơ người bán, kèm lý do.",
)
BusinessSuspend = _business_decision(
    "BusinessSuspend",
    services.business_suspend,
    with_reason=True,
    description="Tạm ngừng người bán: mọi sản phẩm của họ bị ẩn ngay.",
)


class BusinessMemberAdd(BaseMutation):
    business = graphene.Field(BusinessType)

    class Arguments:
        business = graphene.ID(required=True)
        phone = graphene.String(required=True, description="Số điện thoại của người đã có tài khoản.")
        role = BusinessMemberRole()

    @classmethod
    def perform(cls, info, business, phone, role=None):
        membership = services.business_member_add(
            owner=info.context.user,
            business_id=decode_id(business, "Business", field="business"),
            phone=phone,
            role=enum_value(role) or "staff",
        )
        return {"business": membership.business}


class BusinessMemberRemove(BaseMutation):
    class Arguments:
        business = graphene.ID(required=True)
        user = graphene.ID(required=True)

    @classmethod
    def perform(cls, info, business, user):
        services.business_member_remove(
            owner=info.context.user,
            business_id=decode_id(business, "Business", field="business"),
            user_id=decode_id(user, "User", field="user"),
        )
        return {}


class OcopCertificateAdd(BaseMutation):
    certificate = graphene.Field(OcopCertificateType)

    class Arguments:
        business = graphene.ID(required=True)
        number = graphene.String(required=True, description="Số quyết định, ví dụ 1234/QĐ-UBND.")
        product_name = graphene.String(required=True)
        group = OcopGroupEnum(required=True)
        stars = graphene.Int(required=True)
        issued_on = graphene.Date(required=True)

    @classmethod
    def perform(cls, info, business, group, **data):
        certificate = services.ocop_certificate_add(
            user=info.context.user,
            business_id=decode_id(business, "Business", field="business"),
            group=enum_value(group),
            **data,
        )
        return {"certificate": certificate}


class BusinessCommissionSet(BaseMutation):
    """Cán bộ Sở Công Thương đặt mức hoa hồng riêng cho một người bán (để trống: mức chung)."""

    business = graphene.Field(BusinessType)

    class Arguments:
        id = graphene.ID(required=True)
        rate_bps = graphene.Int(description="Phần vạn của tiền hàng: 300 = 3 %. Bỏ trống để dùng mức chung.")

    @classmethod
    def perform(cls, info, id, rate_bps=None):
        business = services.business_commission_set(
            officer=info.context.user, business_id=decode_id(id, "Business"), rate_bps=rate_bps
        )
        return {"business": business}


class BusinessDeliveryFeesSet(BaseMutation):
    """Chủ cơ sở đặt phí giao hàng của mình (VND); để trống: mức chung của sàn."""

    business = graphene.Field(BusinessType)

    class Arguments:
        id = graphene.ID(required=True)
        seller_fee = graphene.Int(description="Người bán tự giao.")
        post_fee = graphene.Int(description="Gửi qua bưu điện.")

    @classmethod
    def perform(cls, info, id, seller_fee=None, post_fee=None):
        business = services.business_delivery_fees_set(
            user=info.context.user,
            business_id=decode_id(id, "Business"),
            seller_fee=seller_fee,
            post_fee=post_fee,
        )
        return {"business": business}


class BusinessMutations(graphene.ObjectType):
    business_register = BusinessRegister.Field()
    business_approve = BusinessApprove.Field()
    business_reject = BusinessReject.Field()
    business_suspend = BusinessSuspend.Field()
    business_member_add = BusinessMemberAdd.Field()
    business_member_remove = BusinessMemberRemove.Field()
    ocop_certificate_add = OcopCertificateAdd.Field()
    business_commission_set = BusinessCommissionSet.Field()
    business_delivery_fees_set = BusinessDeliveryFeesSet.Field()
