import graphene

from marketplace.businesses import services
from marketplace.businesses.graphql.types import (
    BusinessInvitationType,
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


class BusinessMemberInvite(BaseMutation):
    """Chủ cơ sở mời một số điện thoại làm nhân viên hoặc đồng chủ; người đó nhận lời thì mới
    thành thành viên. Câu trả lời như nhau dù số đó đã có tài khoản hay chưa."""

    invitation = graphene.Field(BusinessInvitationType)

    class Arguments:
        business = graphene.ID(required=True)
        phone = graphene.String(required=True, description="Số di động, ví dụ 0912 345 678.")
        role = BusinessMemberRole()

    @classmethod
    def perform(cls, info, business, phone, role=None):
        invitation = services.business_member_invite(
            owner=info.context.user,
            business_id=decode_id(business, "Business", field="business"),
            phone=phone,
            role=enum_value(role) or "staff",
        )
        return {"invitation": invitation}


def _invitation_answer(name: str, service, doc: str, *, actor: str, payload: dict):
    arguments = type("Arguments", (), {"id": graphene.ID(required=True)})

    def perform(cls, info, id):
        result = service(**{actor: info.context.user}, invitation_id=decode_id(id, "BusinessInvitation"))
        return {key: pick(result) for key, pick in payload.items()}

    fields = {key: graphene.Field(type_) for key, type_ in _ANSWER_TYPES.items() if key in payload}
    return type(
        name,
        (BaseMutation,),
        {"__doc__": doc, "Arguments": arguments, "perform": classmethod(perform), **fields},
    )


_ANSWER_TYPES = {"business": BusinessType, "invitation": BusinessInvitationType}

BusinessInvitationAccept = _invitation_answer(
    "BusinessInvitationAccept",
    services.business_invitation_accept,
    "Người được mời nhận lời và trở thành thành viên của cơ sở.",
    actor="user",
    payload={"business": lambda membership: membership.business},
)
BusinessInvitationDecline = _invitation_answer(
    "BusinessInvitationDecline",
    services.business_invitation_decline,
    "Người được mời từ chối lời mời.",
    actor="user",
    payload={"invitation": lambda invitation: invitation},
)
BusinessInvitationRevoke = _invitation_answer(
    "BusinessInvitationRevoke",
    services.business_invitation_revoke,
    "Chủ cơ sở huỷ một lời mời chưa được trả lời.",
    actor="owner",
    payload={"invitation": lambda invitation: invitation},
)


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
    business_member_invite = BusinessMemberInvite.Field()
    business_invitation_accept = BusinessInvitationAccept.Field()
    business_invitation_decline = BusinessInvitationDecline.Field()
    business_invitation_revoke = BusinessInvitationRevoke.Field()
    business_member_remove = BusinessMemberRemove.Field()
    ocop_certificate_add = OcopCertificateAdd.Field()
    business_commission_set = BusinessCommissionSet.Field()
    business_delivery_fees_set = BusinessDeliveryFeesSet.Field()
