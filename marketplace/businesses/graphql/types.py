import graphene
from graphene_django import DjangoObjectType

from marketplace.businesses.models import Business, BusinessEvent, BusinessMember, OcopCertificate, OcopGroup
from marketplace.businesses.permissions import member_business_ids
from marketplace.graphql.ids import encode_id
from marketplace.graphql.pagination import CountableConnection
from marketplace.regions.graphql.types import CommuneType

BusinessKind = graphene.Enum.from_enum(Business.Kind, name="BusinessKind", description="Loại hình người bán")
BusinessStatus = graphene.Enum.from_enum(
    Business.Status, name="BusinessStatus", description="Trạng thái duyệt người bán"
)
OcopGroupEnum = graphene.Enum.from_enum(OcopGroup, name="OcopGroup", description="Nhóm sản phẩm OCOP")
BusinessMemberRole = graphene.Enum.from_enum(BusinessMember.Role, name="BusinessMemberRole")
BusinessEventKind = graphene.Enum.from_enum(BusinessEvent.Kind, name="BusinessEventKind")


def can_see_private(info, business: Business) -> bool:
    """Officers and the business's own members see its audit trail and review notes."""
    user = info.context.user
    return user.is_authenticated and (user.is_trade_officer or business.pk in member_business_ids(user))


class OcopCertificateType(DjangoObjectType):
    # A global ID like every other type, so productCreate(ocopCertificate:) takes what this returns.
    id = graphene.ID(required=True)
    group = graphene.Field(OcopGroupEnum, required=True)

    class Meta:
        model = OcopCertificate
        name = "OcopCertificate"
        fields = ("id", "number", "product_name", "group", "stars", "issued_on", "expires_on")

    def resolve_id(self, info):
        return encode_id("OcopCertificate", self.pk)


class BusinessEventType(DjangoObjectType):
    kind = graphene.Field(BusinessEventKind, required=True)
    actor_name = graphene.String()

    class Meta:
        model = BusinessEvent
        name = "BusinessEvent"
        fields = ("kind", "from_status", "to_status", "note", "created_at")

    def resolve_actor_name(self, info):
        # Never the phone number: members and officers see each other's names only.
        return (self.actor.full_name or self.actor.get_role_display()) if self.actor else None


class BusinessMemberType(graphene.ObjectType):
    """A person working for the seller, as its owners and officers see them."""

    user_id = graphene.ID(required=True, description="Pass to businessMemberRemove(user:).")
    full_name = graphene.String(required=True)
    phone = graphene.String(required=True, description="E.164, +84…")
    role = graphene.Field(BusinessMemberRole, required=True)

    def resolve_user_id(self, info):
        return encode_id("User", self.user_id)

    def resolve_full_name(self, info):
        return self.user.full_name

    def resolve_phone(self, info):
        return self.user.phone


class BusinessType(DjangoObjectType):
    kind = graphene.Field(BusinessKind, required=True)
    status = graphene.Field(BusinessStatus, required=True)
    commune = graphene.Field(CommuneType, required=True)
    product_count = graphene.Int(required=True, description="Số sản phẩm đang bán (đã duyệt).")
    status_reason = graphene.String(description="Lý do từ chối/tạm ngừng; chỉ cán bộ và người bán thấy.")
    events = graphene.List(graphene.NonNull(BusinessEventType), description="Chỉ cán bộ và người bán thấy.")
    members = graphene.List(graphene.NonNull(BusinessMemberType), description="Chỉ cán bộ và người bán thấy.")
    commission_rate_bps = graphene.Int(
        description="Hoa hồng đang áp dụng, phần vạn (300 = 3 %); chỉ cán bộ và người bán thấy."
    )

    outside_province = graphene.String(
        description="Vì sao người bán có vẻ ở ngoài tỉnh (xã, phường hoặc cơ quan thuế); null nếu trong tỉnh. "
        "Chỉ cán bộ và người bán thấy."
    )

    class Meta:
        model = Business
        name = "Business"
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "name",
            "kind",
            "status",
            "tax_code",
            "representative_name",
            "phone",
            "email",
            "address_line",
            "commune",
            "approved_at",
            "created_at",
            "ocop_certificates",
        )

    @classmethod
    def get_node(cls, info, id):
        from marketplace.businesses.selectors import business_get

        return business_get(user=info.context.user, business_id=id)

    def resolve_product_count(self, info):
        annotated = getattr(self, "product_count_value", None)
        if annotated is not None:
            return annotated
        return self.products.filter(is_public=True).count()

    def resolve_status_reason(self, info):
        return self.status_reason if can_see_private(info, self) else None

    def resolve_outside_province(self, info):
        if not (self.outside_province and can_see_private(info, self)):
            return None
        return self.outside_province_note

    def resolve_commission_rate_bps(self, info):
        from orders.pricing import commission_rate_bps

        return commission_rate_bps(self) if can_see_private(info, self) else None

    def resolve_members(self, info):
        if not can_see_private(info, self):
            return None
        return list(self.memberships.select_related("user").order_by("created_at", "id"))

    def resolve_events(self, info):
        from marketplace.businesses.selectors import business_events

        return list(business_events(business_id=self.pk)) if can_see_private(info, self) else None


class BusinessCountableConnection(CountableConnection):
    class Meta:
        node = BusinessType
