"""GraphQL for opening wallets, their PIN and freezing them: `wallet`, `walletOpen`,
`walletVerifyPhone`, `walletOtpSend`, `walletPinSet`, `walletPinChange`, `walletFreeze`,
`walletUnfreeze`, `walletOpenMerchant`. Each mutation calls one service."""

import graphene

from marketplace.accounts.models import PhoneCode
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id
from marketplace.validation import check_free_text
from payments.graphql.wallet_types import WalletType
from payments.wallets.core import may_read_wallet
from payments.wallets.freeze import wallet_freeze, wallet_unfreeze
from payments.wallets.identity import wallet_open, wallet_otp_send, wallet_verify_phone
from payments.wallets.merchant import wallet_open_merchant
from payments.wallets.models import Wallet
from payments.wallets.pin import wallet_pin_change, wallet_pin_set
from payments.wallets.selectors import wallet_own

WalletOtpPurposeEnum = graphene.Enum.from_enum(
    PhoneCode.Purpose, name="WalletOtpPurpose", description="Mã OTP dùng để làm gì."
)
# Codes and PINs are 6 digits; anything much longer is refused before it reaches a hash.
SECRET_MAX = 32


def _wallet_id(value, field: str = "wallet_id") -> int | None:
    return decode_id(value, "Wallet", field=field) if value else None


def _short(value, field: str) -> str | None:
    if value is None:
        return None
    check_free_text(field, value, SECRET_MAX)
    return value


class WalletOpen(BaseMutation):
    """Mở ví cá nhân trên số điện thoại của tài khoản; mã OTP được gửi đến số đó."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        full_name = graphene.String(required=True, description="Họ và tên như trên CCCD.")
        id_number = graphene.String(required=True, description="Số CCCD 12 chữ số.")
        birth_date = graphene.Date(required=True)

    @classmethod
    def perform(cls, info, *, full_name, id_number, birth_date):
        wallet = wallet_open(
            user=info.context.user,
            full_name=full_name,
            id_number=_short(id_number, "id_number"),
            birth_date=birth_date,
        )
        return {"wallet": wallet}


class WalletVerifyPhone(BaseMutation):
    """Nhập mã OTP đã gửi khi mở ví: ví được kích hoạt."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        code = graphene.String(required=True)

    @classmethod
    def perform(cls, info, *, code):
        return {"wallet": wallet_verify_phone(user=info.context.user, code=_short(code, "code"))}


class WalletOtpSend(BaseMutation):
    """Gửi mã OTP mới đến số điện thoại của ví (đặt lại PIN, mở đóng băng, hoặc gửi lại mã mở ví)."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        purpose = WalletOtpPurposeEnum(required=True)
        wallet_id = graphene.ID(description="Ví người bán; trống: ví cá nhân của bạn.")

    @classmethod
    def perform(cls, info, *, purpose, wallet_id=None):
        wallet = wallet_otp_send(
            user=info.context.user,
            purpose=getattr(purpose, "value", purpose),
            wallet_id=_wallet_id(wallet_id),
        )
        return {"wallet": wallet}


class WalletPinSet(BaseMutation):
    """Đặt mã PIN 6 chữ số lần đầu (sau khi xác minh số điện thoại)."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        pin = graphene.String(required=True)
        wallet_id = graphene.ID(description="Ví người bán; trống: ví cá nhân của bạn.")

    @classmethod
    def perform(cls, info, *, pin, wallet_id=None):
        wallet = wallet_pin_set(
            user=info.context.user, pin=_short(pin, "pin"), wallet_id=_wallet_id(wallet_id)
        )
        return {"wallet": wallet}


class WalletPinChange(BaseMutation):
    """Đổi mã PIN bằng mã PIN cũ hoặc mã OTP (walletOtpSend với PIN_RESET)."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        new_pin = graphene.String(required=True)
        old_pin = graphene.String()
        otp_code = graphene.String()
        wallet_id = graphene.ID(description="Ví người bán; trống: ví cá nhân của bạn.")

    @classmethod
    def perform(cls, info, *, new_pin, old_pin=None, otp_code=None, wallet_id=None):
        wallet = wallet_pin_change(
            user=info.context.user,
            new_pin=_short(new_pin, "new_pin"),
            old_pin=_short(old_pin, "old_pin"),
            otp_code=_short(otp_code, "otp_code"),
            wallet_id=_wallet_id(wallet_id),
        )
        return {"wallet": wallet}


class WalletFreeze(BaseMutation):
    """Chủ ví đóng băng ví ngay (mất điện thoại); kế toán nền tảng đóng băng ví bất kỳ, phải ghi lý do."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        wallet_id = graphene.ID(description="Trống: ví cá nhân của bạn.")
        reason = graphene.String()

    @classmethod
    def perform(cls, info, *, wallet_id=None, reason=None):
        wallet = wallet_freeze(user=info.context.user, wallet_id=_wallet_id(wallet_id), reason=reason or "")
        return {"wallet": wallet if may_read_wallet(info.context.user, wallet) else None}


class WalletUnfreeze(BaseMutation):
    """Mở đóng băng: ví chủ ví tự khoá cần mã PIN và mã OTP; ví nhân viên khoá chỉ nhân viên mở, có lý do."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        wallet_id = graphene.ID(description="Trống: ví cá nhân của bạn.")
        reason = graphene.String()
        pin = graphene.String()
        otp_code = graphene.String()

    @classmethod
    def perform(cls, info, *, wallet_id=None, reason=None, pin=None, otp_code=None):
        wallet = wallet_unfreeze(
            user=info.context.user,
            wallet_id=_wallet_id(wallet_id),
            reason=reason or "",
            pin=_short(pin, "pin"),
            otp_code=_short(otp_code, "otp_code"),
        )
        return {"wallet": wallet if may_read_wallet(info.context.user, wallet) else None}


class WalletOpenMerchant(BaseMutation):
    """Chủ cơ sở mở ví người bán cho người bán đã được duyệt."""

    wallet = graphene.Field(WalletType)

    class Arguments:
        business_id = graphene.ID(required=True)

    @classmethod
    def perform(cls, info, *, business_id):
        wallet = wallet_open_merchant(
            user=info.context.user, business_id=decode_id(business_id, "Business", field="business_id")
        )
        return {"wallet": wallet}


class WalletIdentityQueries(graphene.ObjectType):
    wallet = graphene.Field(
        WalletType,
        business_id=graphene.ID(description="Ví người bán của cơ sở này; trống: ví cá nhân của bạn."),
        description="Ví của bạn (trống nếu chưa mở), hoặc ví người bán của một cơ sở bạn là thành viên.",
    )

    def resolve_wallet(root, info, business_id=None):
        user = info.context.user
        if not business_id:
            return wallet_own(user)
        pk = decode_id(business_id, "Business", field="business_id")
        wallet = Wallet.objects.select_related("account").filter(business_id=pk).first()
        return wallet if wallet is not None and may_read_wallet(user, wallet) else None


class WalletIdentityMutations(graphene.ObjectType):
    wallet_open = WalletOpen.Field()
    wallet_verify_phone = WalletVerifyPhone.Field()
    wallet_otp_send = WalletOtpSend.Field()
    wallet_pin_set = WalletPinSet.Field()
    wallet_pin_change = WalletPinChange.Field()
    wallet_freeze = WalletFreeze.Field()
    wallet_unfreeze = WalletUnfreeze.Field()
    wallet_open_merchant = WalletOpenMerchant.Field()
