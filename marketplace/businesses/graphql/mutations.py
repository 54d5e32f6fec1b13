import graphene

from marketplace.businesses import services
from marketplace.businesses.graphql.types import BusinessKind, BusinessMemberRole, BusinessType, OcopCertificateType, OcopGroupEnum
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


class BusinessApprove(BaseMutation):
    business = graphene.Field(BusinessType)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform(cls, info, id):
        return {"business": services.business_approve(officer=info.context.user, business_id=decode_id(id, "Business"))}


class BusinessReject(BaseMutation):
    business = graphene.Field(BusinessType)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    @classmethod
    def perform(cls, info, id, reason):
        business = services.business_reject(
            officer=info.context.user, business_id=decode_id(id, "Business"), reason=reason
        )
        return {"business": business}


class BusinessSuspend(BaseMutation):
    business = graphene.Field(BusinessType)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    @classmethod
    def perform(cls, info, id, reason):
        business = services.business_suspend(
            officer=info.context.user, business_id=decode_id(id, "Business"), reason=reason
        )
        return {"business": business}


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


class BusinessMutations(graphene.ObjectType):
    business_register = BusinessRegister.Field()
    business_approve = BusinessApprove.Field()
    business_reject = BusinessReject.Field()
    business_suspend = BusinessSuspend.Field()
    business_member_add = BusinessMemberAdd.Field()
    business_member_remove = BusinessMemberRemove.Field()
    ocop_certificate_add = OcopCertificateAdd.Field()
