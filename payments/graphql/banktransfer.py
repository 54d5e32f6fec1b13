"""GraphQL for incoming bank transfers: the operator's queue (`bankTransactions`), the statement
import (`bankStatementImport`) and resolving a queued credit (`bankTransferMatch`)."""

import graphene
from django.core.files import File
from graphene_django import DjangoObjectType
from graphene_file_upload.scalars import Upload

from marketplace.errors import Required
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.guard import DEADLINE_ATTRIBUTE
from marketplace.graphql.ids import decode_id, encode_id
from marketplace.graphql.inputs import enum_value, enum_values
from marketplace.graphql.pagination import CountableConnection, connection_args, paginate
from payments.banktransfer import selectors
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import bank_transfer_close, bank_transfer_match
from payments.banktransfer.statement import bank_statement_import
from payments.permissions import is_finance_operator, may_read_money, require_finance

IMPORT_ANSWER_SECONDS = 1.5

BankTransactionStatus = graphene.Enum.from_enum(
    BankTransaction.Status, name="BankTransactionStatus", description="Trạng thái khoản tiền chuyển đến"
)
BankTransactionSource = graphene.Enum.from_enum(BankTransaction.Source, name="BankTransactionSource")


class BankTransactionType(DjangoObjectType):
    id = graphene.ID(required=True)
    payer_bank_bin = graphene.String(description="Chỉ kế toán nền tảng thấy.")
    payer_account_number = graphene.String(description="Chỉ kế toán nền tảng thấy.")
    payer_name = graphene.String(description="Chỉ kế toán nền tảng thấy.")
    status = graphene.Field(BankTransactionStatus, required=True)
    source = graphene.Field(BankTransactionSource, required=True)
    amount = graphene.BigInt(required=True, description="VND.")
    in_queue = graphene.Boolean(required=True, description="Còn chờ kế toán xử lý.")
    description = graphene.String(
        required=True, description="Nội dung chuyển khoản; cán bộ chỉ thấy mã thanh toán đọc được trong đó."
    )
    amount_due = graphene.BigInt(
        description="Số tiền phải trả của khoản thanh toán có mã trong nội dung (VND)."
    )
    payment_group_number = graphene.String(description="Lần thanh toán (TT…) của mã đó.")
    refund_id = graphene.ID(
        description="LATE: khoản hoàn đang giữ cho người chuyển; chuyển trả rồi ghi nhận bằng refundMark."
    )
    refund_status = graphene.String(description="LATE: trạng thái khoản hoàn (pending · succeeded · failed).")

    class Meta:
        model = BankTransaction
        name = "BankTransaction"
        fields = (
            "bank_transaction_id",
            "amount",
            "description",
            "credited_at",
            "source",
            "status",
            "reference",
            "outcome",
            "payer_bank_bin",
            "payer_account_number",
            "payer_name",
            "resolved_at",
            "note",
            "created_at",
        )

    def resolve_id(self, info):
        return encode_id("BankTransaction", self.pk)

    def resolve_description(self, info):
        # Banks start the description with the payer's name and often account: officers, who
        # are not shown the payer, read only the payment reference found in it.
        return self.description if is_finance_operator(info.context.user) else self.reference

    def resolve_in_queue(self, info):
        return self.in_queue

    # The payer's bank details serve refunds, which finance operators make; officers read the
    # queue without them.
    def resolve_payer_bank_bin(self, info):
        return self.payer_bank_bin if is_finance_operator(info.context.user) else None

    def resolve_payer_account_number(self, info):
        return self.payer_account_number if is_finance_operator(info.context.user) else None

    def resolve_payer_name(self, info):
        return self.payer_name if is_finance_operator(info.context.user) else None

    def resolve_refund_id(self, info):
        refund = self.late_refund
        return encode_id("Refund", refund.pk) if refund is not None else None

    def resolve_refund_status(self, info):
        refund = self.late_refund
        return refund.status if refund is not None else None

    def resolve_amount_due(self, info):
        return self.attempt.amount if self.attempt_id else None

    def resolve_payment_group_number(self, info):
        return self.attempt.group.number if self.attempt_id else None


class BankTransactionConnection(CountableConnection):
    class Meta:
        node = BankTransactionType


class BankTransferQueries(graphene.ObjectType):
    bank_transactions = graphene.Field(
        BankTransactionConnection,
        required=True,
        status=graphene.List(graphene.NonNull(BankTransactionStatus)),
        in_queue=graphene.Boolean(
            description="Chỉ các khoản chuyển thiếu, thừa, chưa khớp, trả trùng, hoặc đến muộn chưa hoàn xong."
        ),
        description="Tiền chuyển đến tài khoản thu của sàn (kế toán nền tảng và cán bộ xem).",
        **connection_args(),
    )

    def resolve_bank_transactions(root, info, status=None, in_queue=None, first=None, after=None):
        user = info.context.user
        if not may_read_money(user):
            require_finance(user)  # raises the right refusal for who is asking
        return paginate(
            selectors.bank_transactions(statuses=enum_values(status), in_queue=bool(in_queue)),
            BankTransactionConnection,
            first=first,
            after=after,
        )


class StatementRowResult(graphene.ObjectType):
    line = graphene.Int(required=True, description="Dòng trong tệp (dòng tiêu đề là 1).")
    bank_transaction_id = graphene.String(required=True)
    result = graphene.String(required=True, description="recorded · duplicate · conflict · invalid · skipped")
    code = graphene.String(description="Mã lỗi của dòng, nếu có.")
    message = graphene.String(description="Vì sao dòng không được ghi nhận.")
    transaction = graphene.Field(BankTransactionType)


class BankStatementImport(BaseMutation):
    """Kế toán nhập tệp sao kê CSV của tài khoản thu; mỗi giao dịch ghi nhận một lần."""

    # Null when the file as a whole was refused (see errors).
    rows = graphene.List(
        graphene.NonNull(StatementRowResult), description="Một kết quả cho mỗi dòng giao dịch."
    )
    recorded = graphene.Int(description="Số dòng ghi nhận mới.")
    duplicates = graphene.Int(description="Số dòng đã ghi nhận từ trước (nhập lại).")
    rejected = graphene.Int(description="Số dòng sai hoặc trùng mã với số tiền khác.")
    skipped = graphene.Int(description="Số dòng chưa xử lý vì hết thời gian; nhập lại tệp để xử lý tiếp.")

    class Arguments:
        file = Upload(description="Required. Tệp CSV UTF-8, gửi dạng multipart.")

    @classmethod
    def perform(cls, info, *, file=None):
        if not isinstance(file, File):
            raise Required(field="file")
        deadline = getattr(info.context, DEADLINE_ATTRIBUTE, None)
        # Stop early enough that the answer (one result per row) still fits in the time limit.
        stop_at = None if deadline is None else deadline - IMPORT_ANSWER_SECONDS
        results = bank_statement_import(user=info.context.user, upload=file, stop_at=stop_at)
        return {
            "rows": results,
            "recorded": sum(r.result == "recorded" for r in results),
            "duplicates": sum(r.result == "duplicate" for r in results),
            "rejected": sum(r.result in ("conflict", "invalid") for r in results),
            "skipped": sum(r.result == "skipped" for r in results),
        }


class BankTransferAction(graphene.Enum):
    MATCH = "match"
    RETURN = "returned"
    IGNORE = "ignored"


class BankTransferMatch(BaseMutation):
    """Kế toán xử lý một khoản trong hàng chờ: khớp với một khoản thanh toán đúng số tiền, trả
    lại người chuyển, hoặc bỏ qua (không phải tiền hàng), kèm ghi chú."""

    transaction = graphene.Field(BankTransactionType)

    class Arguments:
        transaction = graphene.ID(required=True)
        action = BankTransferAction(required=True)
        reference = graphene.String(description="MATCH: mã thanh toán (TT…) của lượt chuyển khoản.")
        payment_group_number = graphene.String(description="MATCH: hoặc số của lần thanh toán (TT…).")
        note = graphene.String(description="RETURN, IGNORE: lý do, bắt buộc; MATCH: ghi chú nếu cần.")

    @classmethod
    def perform(cls, info, *, transaction, action, reference=None, payment_group_number=None, note=None):
        user = info.context.user
        pk = decode_id(transaction, "BankTransaction", field="transaction")
        action = enum_value(action)
        if action == BankTransferAction.MATCH.value:
            row = bank_transfer_match(
                user=user,
                bank_transaction_id=pk,
                reference=reference,
                group_number=payment_group_number,
                note=note or "",
            )
        else:
            row = bank_transfer_close(user=user, bank_transaction_id=pk, status=action, note=note or "")
        return {"transaction": row}


class BankTransferMutations(graphene.ObjectType):
    bank_statement_import = BankStatementImport.Field()
    bank_transfer_match = BankTransferMatch.Field()
