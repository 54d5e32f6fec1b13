"""GraphQL for banks and each business's receiving account: `banks`, `Business.bankAccount`,
`businessBankAccountSet`."""

import base64

import graphene
from graphene_django import DjangoObjectType

from marketplace.businesses.graphql.types import BusinessType
from marketplace.businesses.permissions import member_business_ids
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id
from marketplace.graphql.loaders import loader
from payments.banks import selectors
from payments.banks.models import BusinessBankAccount
from payments.banks.registry import all_banks, bank_by_bin
from payments.banks.services import business_bank_account_set
from payments.banks.shop_qr import shop_qr_url
from payments.vietqr import build_payload, qr_png, qr_svg


class BankType(graphene.ObjectType):
    bin = graphene.String(required=True, description="Mã BIN 6 chữ số của NAPAS (970…).")
    code = graphene.String(required=True)
    short_name = graphene.String(required=True)
    full_name = graphene.String(required=True)

    class Meta:
        name = "Bank"
        description = "Một ngân hàng Việt Nam nhận chuyển khoản VietQR (NAPAS 247)."


class BusinessBankAccountType(DjangoObjectType):
    bank = graphene.Field(BankType, required=True)
    qr_payload = graphene.String(required=True, description="Mã VietQR tĩnh (người chuyển tự nhập số tiền).")
    qr_svg = graphene.String(required=True, description="Ảnh mã QR tĩnh, tài liệu SVG.")
    qr_png = graphene.String(required=True, description="Ảnh mã QR tĩnh, PNG mã hoá base64.")
    print_url = graphene.String(
        description="Đường dẫn trang in mã QR khổ A5, dùng được 15 phút; chỉ thành viên của người bán thấy."
    )

    class Meta:
        model = BusinessBankAccount
        name = "BusinessBankAccount"
        fields = ("bank_bin", "account_number", "holder_name", "updated_at")

    def resolve_bank(self, info):
        bank = bank_by_bin(self.bank_bin)
        return bank or BankType(bin=self.bank_bin, code="", short_name=self.bank_bin, full_name="")

    def resolve_qr_payload(self, info):
        return build_payload(bank_bin=self.bank_bin, account_number=self.account_number)

    def resolve_qr_svg(self, info):
        return qr_svg(build_payload(bank_bin=self.bank_bin, account_number=self.account_number))

    def resolve_qr_png(self, info):
        png = qr_png(build_payload(bank_bin=self.bank_bin, account_number=self.account_number))
        return base64.b64encode(png).decode("ascii")

    def resolve_print_url(self, info):
        user = info.context.user
        if self.business_id not in member_business_ids(user):
            return None
        return info.context.build_absolute_uri(shop_qr_url(business_id=self.business_id, user=user))


def _bank_accounts(keys, request):
    return selectors.bank_accounts_of(keys)


def resolve_business_bank_account(business, info):
    """Members, finance operators and officers; null for anyone else (and when none is set)."""
    if not selectors.can_read_bank_account(info.context.user, business.pk):
        return None
    return loader(info, "Business", _bank_accounts).load(business.pk)


def _extend_business_type() -> None:
    # The businesses app knows nothing of payments; like `User.memberships`, the field is added
    # by the app above it before the schema is built.
    if "bank_account" in BusinessType._meta.fields:
        raise ValueError("Business.bank_account is already defined")
    BusinessType._meta.fields["bank_account"] = graphene.Field(
        BusinessBankAccountType,
        resolver=resolve_business_bank_account,
        description="Tài khoản nhận tiền; chỉ thành viên của người bán, kế toán nền tảng và cán bộ thấy.",
    )


_extend_business_type()


class BusinessBankAccountSet(BaseMutation):
    """Chủ cơ sở đăng ký (hoặc thay) tài khoản ngân hàng nhận tiền của người bán."""

    bank_account = graphene.Field(BusinessBankAccountType)

    class Arguments:
        business = graphene.ID(required=True)
        bank_bin = graphene.String(required=True, description="BIN của ngân hàng, từ danh sách `banks`.")
        account_number = graphene.String(required=True)
        holder_name = graphene.String(required=True, description="Tên chủ tài khoản như ngân hàng in.")

    @classmethod
    def perform(cls, info, *, business, bank_bin, account_number, holder_name):
        account = business_bank_account_set(
            user=info.context.user,
            business_id=decode_id(business, "Business", field="business"),
            bank_bin=bank_bin,
            account_number=account_number,
            holder_name=holder_name,
        )
        return {"bank_account": account}


class BankQueries(graphene.ObjectType):
    banks = graphene.List(
        graphene.NonNull(BankType), required=True, description="Các ngân hàng nhận chuyển khoản VietQR."
    )

    def resolve_banks(root, info):
        return list(all_banks())


class BankMutations(graphene.ObjectType):
    business_bank_account_set = BusinessBankAccountSet.Field()
