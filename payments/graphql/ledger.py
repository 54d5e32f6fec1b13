"""The ledger for the platform's finance operators and trade officers: accounts with their
balances and entries with their transfers, read-only. Everyone else is refused
(NOT_AUTHENTICATED, PERMISSION_DENIED); `node(id:)` answers them null."""

import graphene
from graphene_django import DjangoObjectType

from marketplace.graphql.ids import encode_id
from marketplace.graphql.inputs import enum_value
from marketplace.graphql.pagination import CountableConnection, connection_args, paginate
from payments.ledger import selectors
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer

LedgerAccountKindEnum = graphene.Enum.from_enum(
    LedgerAccount.Kind, name="LedgerAccountKind", description="Loại tài khoản sổ cái"
)
LedgerTransferPhaseEnum = graphene.Enum.from_enum(
    Transfer.Phase, name="LedgerTransferPhase", description="Giai đoạn của một chuyển khoản sổ cái"
)


class LedgerAccountType(DjangoObjectType):
    kind = graphene.Field(LedgerAccountKindEnum, required=True)
    balance = graphene.BigInt(required=True, description="Số dư đã ghi sổ (VND): ghi có − ghi nợ.")
    available = graphene.BigInt(required=True, description="Số dư trừ các khoản đang giữ để chuyển đi (VND).")
    debits_posted = graphene.BigInt(required=True)
    credits_posted = graphene.BigInt(required=True)
    debits_pending = graphene.BigInt(required=True, description="Đang giữ để chuyển đi (VND).")
    credits_pending = graphene.BigInt(required=True, description="Đang giữ để chuyển đến (VND).")
    debits_must_not_exceed_credits = graphene.Boolean(required=True, description="Không được âm.")
    credits_must_not_exceed_debits = graphene.Boolean(required=True, description="Không được dương.")
    business_id = graphene.ID(description="Người bán của tài khoản phải trả (mã toàn cục Business).")

    class Meta:
        model = LedgerAccount
        name = "LedgerAccount"
        interfaces = (graphene.relay.Node,)
        fields = ("id", "code", "name", "created_at")

    @classmethod
    def get_node(cls, info, id):
        return selectors.ledger_account_get(user=info.context.user, account_id=int(id))

    def resolve_business_id(account, info):
        return encode_id("Business", account.business_id) if account.business_id else None


class LedgerTransferType(graphene.ObjectType):
    id = graphene.ID(required=True)
    debit_account = graphene.Field(LedgerAccountType, required=True)
    credit_account = graphene.Field(LedgerAccountType, required=True)
    amount = graphene.BigInt(required=True)
    phase = graphene.Field(LedgerTransferPhaseEnum, required=True)
    pending_id = graphene.ID(description="Chuyển khoản tạm giữ mà dòng này ghi sổ hoặc huỷ.")
    created_at = graphene.DateTime(required=True)

    def resolve_pending_id(transfer, info):
        return transfer.pending_id


class LedgerEntryType(DjangoObjectType):
    transfers = graphene.List(graphene.NonNull(LedgerTransferType), required=True)
    business_id = graphene.ID(description="Người bán liên quan (mã toàn cục Business), nếu có.")

    class Meta:
        model = JournalEntry
        name = "LedgerEntry"
        interfaces = (graphene.relay.Node,)
        fields = ("id", "key", "kind", "memo", "order_number", "created_at")

    @classmethod
    def get_node(cls, info, id):
        return selectors.ledger_entry_get(user=info.context.user, entry_id=int(id))

    def resolve_transfers(entry, info):
        return entry.transfers.all()  # prefetched with both accounts by the selector

    def resolve_business_id(entry, info):
        return encode_id("Business", entry.business_id) if entry.business_id else None


class LedgerAccountCountableConnection(CountableConnection):
    class Meta:
        node = LedgerAccountType


class LedgerEntryCountableConnection(CountableConnection):
    class Meta:
        node = LedgerEntryType


class LedgerQueries(graphene.ObjectType):
    ledger_accounts = graphene.Field(
        graphene.NonNull(LedgerAccountCountableConnection),
        kind=LedgerAccountKindEnum(),
        search=graphene.String(description="Một phần mã hoặc tên tài khoản."),
        description="Kế toán nền tảng và cán bộ Sở Công Thương: mọi tài khoản sổ cái với số dư.",
        **connection_args(),
    )
    ledger_entries = graphene.Field(
        graphene.NonNull(LedgerEntryCountableConnection),
        account_code=graphene.String(description="Chỉ các bút toán chạm tới tài khoản này, ví dụ escrow."),
        order_number=graphene.String(description="Mã đơn hoặc mã lần thanh toán, ví dụ DH2612010001."),
        kind=graphene.String(description="Loại nghiệp vụ: payment, release, refund, cod, payout…"),
        description="Kế toán nền tảng và cán bộ Sở Công Thương: các bút toán mới nhất trước, kèm chuyển khoản.",
        **connection_args(),
    )

    def resolve_ledger_accounts(root, info, kind=None, search=None, first=None, after=None):
        queryset = selectors.ledger_account_list(user=info.context.user, kind=enum_value(kind), search=search)
        return paginate(queryset, LedgerAccountCountableConnection, first=first, after=after)

    def resolve_ledger_entries(
        root, info, account_code=None, order_number=None, kind=None, first=None, after=None
    ):
        queryset = selectors.ledger_entry_list(
            user=info.context.user, account_code=account_code, order_number=order_number, kind=kind
        )
        return paginate(queryset, LedgerEntryCountableConnection, first=first, after=after)
