"""Transfers between wallets, their cooling-off holds, and withdrawals to a bank account:
`walletTransferPreview`, `walletTransfer`, `walletTransferCancel`, `walletBankAccount`,
`walletBankAccountSet`, `walletWithdraw`, and the finance operators' `walletWithdrawals`,
`withdrawalMark`. Thin: each field calls one service (payments/wallets/{transfers,holds,
withdrawals}.py) and reports its errors as data."""

import graphene

from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id, encode_id
from marketplace.graphql.inputs import enum_value, enum_values
from marketplace.graphql.pagination import CountableConnection, connection_args, paginate
from payments.banks.registry import bank_by_bin
from payments.graphql.wallet_types import WalletOperationStatusEnum, WalletOperationType, WalletType
from payments.wallets.core import mask_phone
from payments.wallets.errors import WalletNotFound
from payments.wallets.holds import hold_warning, wallet_transfer_cancel
from payments.wallets.models import WalletOperation
from payments.wallets.selectors import wallet_spendable
from payments.wallets.transfers import wallet_transfer, wallet_transfer_preview
from payments.wallets.withdrawals import (
    wallet_bank_account_set,
    wallet_withdraw,
    withdrawal_mark,
    withdrawals_for_finance,
)

OPERATION = "WalletOperation"


def _wallet_id(wallet_id) -> int | None:
    return decode_id(wallet_id, "Wallet", field="wallet_id") if wallet_id else None


def _operation_id(operation_id) -> int:
    return decode_id(operation_id, OPERATION, field="operation_id")


class WalletTransferPreviewType(graphene.ObjectType):
    recipient_name = graphene.String(required=True, description="Tên người nhận, đã che bớt (Nguyễn V. A.).")
    recipient_phone = graphene.String(required=True, description="Số điện thoại người nhận, đã che bớt.")
    will_be_held = graphene.Boolean(required=True, description="Lệnh chuyển sẽ bị tạm giữ một thời gian.")
    hold_reason = graphene.String(description="Vì sao bị tạm giữ.")
    hold_until = graphene.DateTime(description="Tạm giữ đến lúc này (ước tính nếu chuyển ngay bây giờ).")
    monthly_left = graphene.BigInt(description="Còn được chi trong tháng (VND); trống với ví người bán.")
    available = graphene.BigInt(required=True, description="Số dư dùng được ngay (VND).")
    warnings = graphene.List(graphene.NonNull(graphene.String), required=True)

    class Meta:
        name = "WalletTransferPreview"


class WalletBankAccountType(graphene.ObjectType):
    bank_bin = graphene.String(required=True)
    bank_name = graphene.String(required=True)
    account_number = graphene.String(required=True)
    holder_name = graphene.String(required=True)

    class Meta:
        name = "WalletBankAccount"
        description = "Tài khoản ngân hàng nhận tiền rút của ví cá nhân (đứng tên chủ ví)."

    @staticmethod
    def of(wallet):
        if not wallet.bank_account_number:
            return None
        bank = bank_by_bin(wallet.bank_bin)
        return WalletBankAccountType(
            bank_bin=wallet.bank_bin,
            bank_name=bank.short_name if bank else wallet.bank_bin,
            account_number=wallet.bank_account_number,
            holder_name=wallet.bank_holder_name,
        )


class WalletWithdrawalType(graphene.ObjectType):
    """A withdrawal as the finance operator works it: the bank account to pay, copied when the
    owner asked."""

    id = graphene.ID(required=True, description="Mã lệnh (operationId của withdrawalMark).")
    reference = graphene.String(required=True)
    amount = graphene.BigInt(required=True)
    status = WalletOperationStatusEnum(required=True)
    wallet_holder_name = graphene.String(required=True)
    wallet_phone = graphene.String(required=True, description="Đã che bớt.")
    bank_bin = graphene.String(required=True)
    bank_name = graphene.String(required=True)
    account_number = graphene.String(required=True)
    account_holder_name = graphene.String(required=True)
    bank_reference = graphene.String(description="Mã giao dịch ngân hàng khi đã chuyển.")
    note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    settled_at = graphene.DateTime()

    class Meta:
        name = "WalletWithdrawal"

    def resolve_id(self, info):
        return encode_id(OPERATION, self.pk)

    def resolve_wallet_holder_name(self, info):
        return self.wallet.holder_name

    def resolve_wallet_phone(self, info):
        return mask_phone(self.wallet.phone)

    def resolve_bank_bin(self, info):
        return self.bank_account.get("bank_bin", "")

    def resolve_bank_name(self, info):
        return self.bank_account.get("bank_name", "")

    def resolve_account_number(self, info):
        return self.bank_account.get("account_number", "")

    def resolve_account_holder_name(self, info):
        return self.bank_account.get("holder_name", "")

    def resolve_bank_reference(self, info):
        return self.bank_account.get("bank_reference")


class WalletWithdrawalConnection(CountableConnection):
    class Meta:
        node = WalletWithdrawalType


class WithdrawalOutcome(graphene.Enum):
    PAID = "paid"
    REJECTED = "rejected"


def _operation_payload(operation: WalletOperation) -> dict:
    return {"operation": operation, "operation_id": encode_id(OPERATION, operation.pk)}


class WalletTransfer(BaseMutation):
    """Chuyển tiền cho ví cá nhân của một số điện thoại, xác nhận bằng mã PIN. Lần đầu chuyển số tiền
    lớn cho người mới, hoặc chuyển nhiều lần liên tiếp, lệnh bị tạm giữ (held) và có thể huỷ."""

    class Arguments:
        phone = graphene.String(required=True, description="Số điện thoại người nhận (0912 345 678).")
        amount = graphene.Int(required=True, description="VND.")
        pin = graphene.String(required=True)
        idempotency_key = graphene.String(
            description="Khoá chống lặp do ứng dụng tạo (tối đa 64 ký tự): gửi lại cùng khoá trả về lệnh đầu."
        )
        note = graphene.String(description="Lời nhắn cho người nhận, tối đa 255 ký tự.")
        wallet_id = graphene.ID(description="Ví người bán chuyển đi (chủ cơ sở); bỏ trống: ví cá nhân.")

    operation = graphene.Field(WalletOperationType)
    operation_id = graphene.ID(description="Mã lệnh, để huỷ khi đang tạm giữ (walletTransferCancel).")
    held = graphene.Boolean(description="Lệnh đang bị tạm giữ.")
    warning = graphene.String(description="Cảnh báo khi lệnh bị tạm giữ, nêu người nhận (đã che bớt).")

    @classmethod
    def perform(cls, info, phone, amount, pin, idempotency_key=None, note=None, wallet_id=None):
        operation = wallet_transfer(
            user=info.context.user,
            phone=phone,
            amount=amount,
            pin=pin,
            idempotency_key=idempotency_key,
            note=note,
            wallet_id=_wallet_id(wallet_id),
        )
        held = operation.status == WalletOperation.Status.HELD
        warning = (
            hold_warning(
                amount=operation.amount,
                recipient=operation.counterparty,
                until=operation.hold_until,
                reason=operation.hold_reason,
            )
            if held
            else None
        )
        return {**_operation_payload(operation), "held": held, "warning": warning}


class WalletTransferCancel(BaseMutation):
    """Người chuyển huỷ lệnh chuyển đang tạm giữ (tiền trở lại ví, hạn mức tháng được trả lại);
    kế toán nền tảng huỷ được với lý do."""

    class Arguments:
        operation_id = graphene.ID(required=True)
        reason = graphene.String(description="Bắt buộc khi kế toán huỷ; tối đa 500 ký tự.")

    operation = graphene.Field(WalletOperationType)
    operation_id = graphene.ID()

    @classmethod
    def perform(cls, info, operation_id, reason=None):
        operation = wallet_transfer_cancel(
            user=info.context.user, operation_id=_operation_id(operation_id), reason=reason
        )
        return _operation_payload(operation)


class WalletBankAccountSet(BaseMutation):
    """Đăng ký tài khoản ngân hàng nhận tiền rút của ví cá nhân: đứng tên chủ ví, xác nhận bằng PIN."""

    class Arguments:
        bank_bin = graphene.String(required=True, description="Mã BIN ngân hàng (970…), xem `banks`.")
        account_number = graphene.String(required=True)
        holder_name = graphene.String(required=True, description="Tên chủ tài khoản, trùng tên chủ ví.")
        pin = graphene.String(required=True)

    wallet = graphene.Field(WalletType)
    bank_account = graphene.Field(WalletBankAccountType)

    @classmethod
    def perform(cls, info, bank_bin, account_number, holder_name, pin):
        wallet = wallet_bank_account_set(
            user=info.context.user,
            bank_bin=bank_bin,
            account_number=account_number,
            holder_name=holder_name,
            pin=pin,
        )
        return {"wallet": wallet, "bank_account": WalletBankAccountType.of(wallet)}


class WalletWithdraw(BaseMutation):
    """Rút tiền từ ví về tài khoản ngân hàng đã đăng ký: lệnh chờ kế toán chuyển khoản (PENDING).
    Ví người bán: chỉ chủ cơ sở."""

    class Arguments:
        amount = graphene.Int(required=True, description="VND.")
        pin = graphene.String(required=True)
        idempotency_key = graphene.String(
            description="Khoá chống lặp do ứng dụng tạo (tối đa 64 ký tự): gửi lại cùng khoá trả về lệnh đầu."
        )
        wallet_id = graphene.ID(description="Ví người bán (chủ cơ sở); bỏ trống: ví cá nhân.")

    operation = graphene.Field(WalletOperationType)
    operation_id = graphene.ID()

    @classmethod
    def perform(cls, info, amount, pin, idempotency_key=None, wallet_id=None):
        operation = wallet_withdraw(
            user=info.context.user,
            amount=amount,
            pin=pin,
            idempotency_key=idempotency_key,
            wallet_id=_wallet_id(wallet_id),
        )
        return _operation_payload(operation)


class WithdrawalMark(BaseMutation):
    """Kế toán ghi nhận lệnh rút đã chuyển khoản (kèm mã giao dịch) hoặc từ chối (kèm lý do; tiền
    trở lại ví)."""

    class Arguments:
        operation_id = graphene.ID(required=True)
        outcome = WithdrawalOutcome(required=True)
        reference = graphene.String(description="Mã giao dịch ngân hàng (bắt buộc khi đã chuyển; tối đa 64).")
        note = graphene.String(description="Lý do (bắt buộc khi từ chối; tối đa 255 ký tự).")

    withdrawal = graphene.Field(WalletWithdrawalType)

    @classmethod
    def perform(cls, info, operation_id, outcome, reference=None, note=None):
        operation = withdrawal_mark(
            user=info.context.user,
            operation_id=_operation_id(operation_id),
            paid=enum_value(outcome) == WithdrawalOutcome.PAID.value,
            reference=reference,
            note=note,
        )
        return {"withdrawal": operation}


class WalletTransfersQueries(graphene.ObjectType):
    wallet_transfer_preview = graphene.Field(
        WalletTransferPreviewType,
        phone=graphene.String(required=True),
        amount=graphene.Int(required=True),
        wallet_id=graphene.ID(description="Ví người bán chuyển đi; bỏ trống: ví cá nhân."),
        description=(
            "Xem trước lệnh chuyển: người nhận (đã che bớt), có bị tạm giữ không, hạn mức còn lại. "
            "Giới hạn số lần tra cứu mỗi giờ."
        ),
    )
    wallet_bank_account = graphene.Field(
        WalletBankAccountType, description="Tài khoản ngân hàng nhận tiền rút của ví cá nhân của bạn."
    )
    wallet_withdrawals = graphene.Field(
        WalletWithdrawalConnection,
        required=True,
        status=graphene.List(graphene.NonNull(WalletOperationStatusEnum)),
        description="Các lệnh rút tiền ví, cũ nhất trước (kế toán nền tảng).",
        **connection_args(),
    )

    def resolve_wallet_transfer_preview(root, info, phone, amount, wallet_id=None):
        return wallet_transfer_preview(
            user=info.context.user, phone=phone, amount=amount, wallet_id=_wallet_id(wallet_id)
        )

    def resolve_wallet_bank_account(root, info):
        try:
            wallet = wallet_spendable(user=info.context.user, wallet_id=None)
        except WalletNotFound:
            return None  # no wallet yet
        return WalletBankAccountType.of(wallet)

    def resolve_wallet_withdrawals(root, info, status=None, first=None, after=None):
        rows = withdrawals_for_finance(user=info.context.user, statuses=enum_values(status))
        return paginate(rows, WalletWithdrawalConnection, first=first, after=after)


class WalletTransfersMutations(graphene.ObjectType):
    wallet_transfer = WalletTransfer.Field()
    wallet_transfer_cancel = WalletTransferCancel.Field()
    wallet_bank_account_set = WalletBankAccountSet.Field()
    wallet_withdraw = WalletWithdraw.Field()
    withdrawal_mark = WithdrawalMark.Field()
