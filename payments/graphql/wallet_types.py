"""The wallet in the API: `Wallet` and `WalletOperation`, shared by the wallet modules.

A wallet is shown only to whoever may read it (its owner; a merchant wallet's members); the
other party of a transfer is only ever shown masked (`Nguyễn V. A.`, `09xx xxx 678`)."""

import graphene
from django.conf import settings
from graphene_django import DjangoObjectType

from payments.wallets.core import cap_left, mask_name, mask_phone, may_read_wallet
from payments.wallets.models import Wallet, WalletOperation

# Named: graphene would call all three `Kind`/`Status` after the model's inner classes.
WalletKindEnum = graphene.Enum.from_enum(
    Wallet.Kind, name="WalletKind", description="Ví cá nhân hoặc ví người bán."
)
WalletOperationKindEnum = graphene.Enum.from_enum(
    WalletOperation.Kind, name="WalletOperationKind", description="Loại giao dịch ví."
)
WalletOperationStatusEnum = graphene.Enum.from_enum(
    WalletOperation.Status, name="WalletOperationStatus", description="Trạng thái giao dịch ví."
)


def _viewing_wallet_id(operation: WalletOperation, info) -> int | None:
    """The wallet the operation is shown from: set on the operation by the selector that read
    it (`viewing_wallet_id`, as the statement does), else on the request by the resolver that
    lists operations (`info.context.wallet_viewing_id`)."""
    viewing = getattr(operation, "viewing_wallet_id", None)
    return viewing if viewing is not None else getattr(info.context, "wallet_viewing_id", None)


def _other_party(operation: WalletOperation, info) -> Wallet | None:
    """The other wallet of a transfer as seen from the wallet being viewed: the sender for its
    recipient, the recipient for everyone else."""
    if operation.counterparty_id is None:
        return None
    if operation.counterparty_id == _viewing_wallet_id(operation, info):
        return operation.wallet
    return operation.counterparty


class WalletType(DjangoObjectType):
    kind = WalletKindEnum(required=True)
    verified = graphene.Boolean(required=True, description="Đã xác minh số điện thoại bằng OTP.")
    phone_masked = graphene.String(required=True)
    # BigInt: a merchant wallet's balance passes Int's 2^31 (about 2,1 billion đồng).
    balance = graphene.BigInt(required=True, description="Số dư (VND), kể cả tiền đang tạm giữ để chuyển đi.")
    available = graphene.BigInt(required=True, description="Số dư dùng được ngay (VND).")
    held_out = graphene.BigInt(required=True, description="Tiền đang tạm giữ để chuyển hoặc rút đi (VND).")
    incoming_held = graphene.BigInt(
        required=True, description="Tiền người khác chuyển đến đang tạm giữ (VND)."
    )
    pin_set = graphene.Boolean(required=True)
    pin_locked_until = graphene.DateTime()
    frozen = graphene.Boolean(required=True)
    frozen_by_operator = graphene.Boolean(required=True)
    monthly_cap = graphene.Int(description="Hạn mức chi mỗi tháng (VND); trống với ví người bán.")
    monthly_left = graphene.Int(description="Còn được chi trong tháng này (VND); trống với ví người bán.")

    class Meta:
        model = Wallet
        name = "Wallet"
        interfaces = (graphene.relay.Node,)
        fields = ("id", "holder_name", "id_number_last4", "frozen_reason", "created_at")

    @classmethod
    def get_node(cls, info, id):
        wallet = Wallet.objects.select_related("account").filter(pk=id).first()
        return wallet if wallet is not None and may_read_wallet(info.context.user, wallet) else None

    def resolve_verified(self, info):
        return self.status == Wallet.Status.ACTIVE

    def resolve_phone_masked(self, info):
        return mask_phone(self.phone)

    def resolve_balance(self, info):
        return self.account.credits_posted - self.account.debits_posted

    def resolve_available(self, info):
        return self.account.available

    def resolve_held_out(self, info):
        return self.account.debits_pending

    def resolve_incoming_held(self, info):
        return self.account.credits_pending

    def resolve_pin_set(self, info):
        return bool(self.pin_hash)

    def resolve_frozen(self, info):
        return self.is_frozen

    def resolve_monthly_cap(self, info):
        return settings.WALLET_MONTHLY_CAP if self.is_personal else None

    def resolve_monthly_left(self, info):
        return cap_left(self)


class WalletOperationType(DjangoObjectType):
    kind = WalletOperationKindEnum(required=True)
    status = WalletOperationStatusEnum(required=True)
    counterparty_name = graphene.String(description="Người nhận hoặc người chuyển, đã che bớt.")
    counterparty_phone = graphene.String(description="Số điện thoại bên kia, đã che bớt.")
    incoming = graphene.Boolean(required=True, description="Tiền vào ví đang xem (chuyển đến).")

    class Meta:
        model = WalletOperation
        name = "WalletOperation"
        interfaces = (graphene.relay.Node,)
        fields = (
            "id",
            "amount",
            "reference",
            "hold_until",
            "hold_reason",
            "note",
            "created_at",
            "settled_at",
        )

    @classmethod
    def get_node(cls, info, id):
        """For whoever reads its wallet, or (a transfer) the recipient's wallet, seen from there."""
        operation = WalletOperation.objects.select_related("wallet", "counterparty").filter(pk=id).first()
        if operation is None:
            return None
        user = info.context.user
        if may_read_wallet(user, operation.wallet):
            operation.viewing_wallet_id = operation.wallet_id
        elif operation.counterparty is not None and may_read_wallet(user, operation.counterparty):
            operation.viewing_wallet_id = operation.counterparty_id
        else:
            return None
        return operation

    def resolve_counterparty_name(self, info):
        other = _other_party(self, info)
        return mask_name(other.holder_name) if other else None

    def resolve_counterparty_phone(self, info):
        other = _other_party(self, info)
        return mask_phone(other.phone) if other else None

    def resolve_incoming(self, info):
        return self.counterparty_id is not None and self.counterparty_id == _viewing_wallet_id(self, info)
