"""A wallet's statement in the API: `walletStatement`, lines newest first with the balance after
each, the period's opening and closing balance, and links to the .csv/.xlsx files.

Shown to whoever may read the wallet (its owner; a merchant wallet's members); anyone else is
told WALLET_NOT_FOUND, as for a wallet that does not exist."""

import graphene
from django.urls import reverse

from marketplace.graphql.ids import decode_id
from marketplace.graphql.pagination import (
    CountableConnection,
    connection_args,
    connection_from_page,
    page_window,
)
from payments.graphql.wallet_types import (
    WalletOperationKindEnum,
    WalletOperationStatusEnum,
    WalletOperationType,
    WalletType,
)
from payments.wallets.statement import (
    WalletStatement,
    statement_count_queryset,
    statement_lines,
    statement_page_queryset,
    wallet_statement,
)


class WalletStatementLineType(graphene.ObjectType):
    at = graphene.DateTime(required=True, description="Thời điểm ghi sổ.")
    amount = graphene.BigInt(required=True, description="Số tiền (VND): dương là tiền vào ví, âm là tiền ra.")
    balance = graphene.BigInt(
        required=True, description="Số dư sau dòng này (VND); dòng đang giữ không làm đổi số dư."
    )
    held = graphene.Boolean(required=True, description="Tiền đang giữ, chưa ghi vào số dư.")
    kind = WalletOperationKindEnum(description="Loại giao dịch; trống với điều chỉnh khác.")
    kind_label = graphene.String(required=True, description="Loại giao dịch bằng tiếng Việt.")
    status = WalletOperationStatusEnum(required=True)
    status_label = graphene.String(required=True, description="Trạng thái bằng tiếng Việt.")
    reference = graphene.String(required=True, description="Mã giao dịch (VI…) hoặc mã đơn.")
    description = graphene.String(required=True)
    counterparty_name = graphene.String(description="Bên kia của giao dịch chuyển tiền, đã che bớt.")
    counterparty_phone = graphene.String(description="Số điện thoại bên kia, đã che bớt.")
    note = graphene.String(required=True, description="Lời nhắn của người chuyển.")
    operation = graphene.Field(WalletOperationType, description="Giao dịch ví của dòng này, nếu có.")

    class Meta:
        name = "WalletStatementLine"

    def resolve_counterparty_name(line, info):
        return line.counterparty_name or None

    def resolve_counterparty_phone(line, info):
        return line.counterparty_phone or None


class WalletStatementLineConnection(CountableConnection):
    class Meta:
        node = WalletStatementLineType


class WalletStatementType(graphene.ObjectType):
    wallet = graphene.Field(WalletType, required=True)
    date_from = graphene.Date(description="Ngày đầu kỳ (giờ Việt Nam); trống: từ khi mở ví.")
    date_to = graphene.Date(description="Ngày cuối kỳ (giờ Việt Nam); trống: đến nay.")
    opening_balance = graphene.BigInt(required=True, description="Số dư đầu kỳ (VND).")
    credits = graphene.BigInt(required=True, description="Tổng tiền vào ví trong kỳ (VND).")
    debits = graphene.BigInt(required=True, description="Tổng tiền ra khỏi ví trong kỳ (VND).")
    closing_balance = graphene.BigInt(
        required=True, description="Số dư cuối kỳ (VND) = đầu kỳ + tiền vào − tiền ra."
    )
    lines = graphene.Field(
        graphene.NonNull(WalletStatementLineConnection), description="Các dòng, mới nhất trước."
    )
    csv_url = graphene.String(description="Tải sao kê .csv của kỳ (cần đăng nhập); trống khi không chọn kỳ.")
    xlsx_url = graphene.String(
        description="Tải sao kê .xlsx của kỳ (cần đăng nhập); trống khi không chọn kỳ."
    )

    class Meta:
        name = "WalletStatement"


class WalletStatementPeriodInput(graphene.InputObjectType):
    date_from = graphene.Date(required=True, name="from", description="Ngày đầu kỳ, giờ Việt Nam.")
    date_to = graphene.Date(required=True, name="to", description="Ngày cuối kỳ (tính cả ngày này).")


def _file_url(info, statement: WalletStatement, fmt: str) -> str | None:
    if statement.date_from is None:
        return None
    path = reverse("payments:wallet-statement-file", args=[statement.wallet.pk, fmt])
    query = f"?from={statement.date_from.isoformat()}&to={statement.date_to.isoformat()}"
    request = getattr(info, "context", None)
    return (request.build_absolute_uri(path) if hasattr(request, "build_absolute_uri") else path) + query


class WalletStatementQueries(graphene.ObjectType):
    wallet_statement = graphene.Field(
        WalletStatementType,
        wallet_id=graphene.ID(description="Mã ví; bỏ trống: ví cá nhân của bạn."),
        period=WalletStatementPeriodInput(description="Kỳ sao kê (tối đa 366 ngày); bỏ trống: toàn bộ."),
        description="Sao kê ví: chủ ví, và thành viên của người bán với ví người bán.",
        **connection_args(),
    )

    def resolve_wallet_statement(root, info, wallet_id=None, period=None, first=None, after=None):
        statement = wallet_statement(
            user=info.context.user,
            wallet_id=None if wallet_id is None else decode_id(wallet_id, "Wallet", field="wallet_id"),
            date_from=period.date_from if period else None,
            date_to=period.date_to if period else None,
        )
        offset, limit = page_window(first=first, after=after)
        rows = list(statement_page_queryset(statement)[offset : offset + limit + 1])
        lines = connection_from_page(
            WalletStatementLineConnection,
            statement_lines(statement, rows[:limit]),
            offset=offset,
            has_next=len(rows) > limit,
        )
        lines.iterable = statement_count_queryset(statement)
        return WalletStatementType(
            wallet=statement.wallet,
            date_from=statement.date_from,
            date_to=statement.date_to,
            opening_balance=statement.opening,
            credits=statement.credits,
            debits=statement.debits,
            closing_balance=statement.closing,
            lines=lines,
            csv_url=_file_url(info, statement, "csv"),
            xlsx_url=_file_url(info, statement, "xlsx"),
        )


class WalletStatementMutations(graphene.ObjectType):
    pass
