"""Withdrawing a wallet's money to a bank account.

A personal wallet withdraws only to a bank account in its holder's own name (a stolen wallet
cannot be emptied into a mule's account); a merchant wallet to the business's registered
receiving account (payments/banks), by an owner only. The money is held (pending wallet →
bank_clearing) while a finance operator makes the bank transfer, then marked paid (posted) or
rejected (voided: back in the wallet, and no longer counted against the month's cap), as
payouts are (payments/settlement/payouts.py)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import ReasonRequired
from marketplace.validation import check_free_text
from payments.banks.errors import UnknownBank
from payments.banks.registry import bank_by_bin
from payments.banks.services import clean_holder_name
from payments.ledger.accounts import BANK_CLEARING
from payments.ledger.services import Move, Resolve, ledger_post
from payments.permissions import require_finance
from payments.vietqr.payload import clean_account_number
from payments.wallets.core import (
    cap_consume,
    cap_give_back,
    check_amount,
    check_idempotency_key,
    debit_notify,
    ledger_key,
    new_reference,
    operation_replayed,
    pin_verify,
    request_digest,
    require_can_debit,
    vnd,
    wallet_locked,
    wallet_notify,
)
from payments.wallets.errors import (
    WalletBankAccountForMerchant,
    WalletBankAccountMissing,
    WalletBankHolderMismatch,
    WalletWithdrawalNotFound,
    WalletWithdrawalResolved,
)
from payments.wallets.models import Wallet, WalletAudit, WalletOperation
from payments.wallets.selectors import wallet_spendable
from payments.wallets.transfers import debit_post, pending_of, require_available

REFERENCE_MAX = 64
NOTE_MAX = 255


def _last_digits(number: str) -> str:
    return number[-4:]


# --- the personal wallet's bank account ---------------------------------------------------------


def wallet_bank_account_set(
    *,
    user,
    bank_bin: str,
    account_number: str,
    holder_name: str,
    pin: str,
    wallet_id: int | None = None,
) -> Wallet:
    """Registers where a personal wallet's withdrawals go. Changing where money goes is what a
    thief does first: it needs the PIN, and the owner is told at once."""
    sender = wallet_spendable(user=user, wallet_id=wallet_id)
    if not sender.is_personal:
        raise WalletBankAccountForMerchant(field="wallet_id")
    bank = bank_by_bin(bank_bin)
    if bank is None:
        raise UnknownBank(field="bank_bin")
    number = clean_account_number(account_number)
    holder = clean_holder_name(holder_name)
    if holder != clean_holder_name(sender.holder_name):
        raise WalletBankHolderMismatch(field="holder_name")
    pin_verify(wallet_id=sender.pk, pin=pin)
    with transaction.atomic():
        wallet = wallet_locked(sender.pk)
        require_can_debit(wallet)
        wallet.bank_bin, wallet.bank_account_number, wallet.bank_holder_name = bank.bin, number, holder
        wallet.save(update_fields=["bank_bin", "bank_account_number", "bank_holder_name"])
        WalletAudit.objects.create(
            wallet=wallet, action="bank_account_set", reason=f"{bank.bin} …{_last_digits(number)}", actor=user
        )
        wallet_notify(
            wallet=wallet,
            key=f"bank_account:{wallet.pk}:{timezone.now().timestamp():.6f}",
            subject=_("Ví Chợ Số: tài khoản nhận tiền rút vừa được đổi"),
            body=_(
                "Tiền rút từ ví sẽ về %(bank)s, số tài khoản kết thúc bằng %(last)s. Nếu không phải bạn đổi, "
                "hãy đóng băng ví ngay trong ứng dụng."
            )
            % {"bank": bank.short_name, "last": _last_digits(number)},
        )
    return wallet


def _destination(wallet: Wallet) -> dict:
    """The bank account a withdrawal goes to, copied onto the operation: the operator pays what
    the owner saw, even if the registration changes meanwhile."""
    if wallet.is_personal:
        if not wallet.bank_account_number:
            raise WalletBankAccountMissing(field="wallet_id")
        bank_bin, number, holder = wallet.bank_bin, wallet.bank_account_number, wallet.bank_holder_name
    else:
        from payments.banks.models import BusinessBankAccount

        account = BusinessBankAccount.objects.filter(business_id=wallet.business_id).first()
        if account is None:
            raise WalletBankAccountMissing(field="wallet_id")
        bank_bin, number, holder = account.bank_bin, account.account_number, account.holder_name
    bank = bank_by_bin(bank_bin)
    return {
        "bank_bin": bank_bin,
        "bank_name": bank.short_name if bank else bank_bin,
        "account_number": number,
        "holder_name": holder,
    }


# --- withdrawing --------------------------------------------------------------------------------


def wallet_withdraw(
    *,
    user,
    amount: int,
    pin: str,
    idempotency_key: str | None = "",
    wallet_id: int | None = None,
    now: datetime | None = None,
) -> WalletOperation:
    """Holds `amount` for a bank transfer (operation PENDING) until a finance operator marks it.
    Counts against a personal wallet's month. Lock order: the wallet row → ledger accounts."""
    now = now or timezone.now()
    amount = check_amount(amount)
    key = check_idempotency_key(idempotency_key)
    wallet = wallet_spendable(user=user, wallet_id=wallet_id)
    _destination(wallet)  # refused before the PIN is asked: nothing to withdraw to
    pin_verify(wallet_id=wallet.pk, pin=pin, now=now)
    digest = request_digest(kind="withdrawal", wallet=wallet.pk, amount=amount)
    with transaction.atomic():
        wallet = wallet_locked(wallet.pk)
        require_can_debit(wallet)
        first = operation_replayed(wallet=wallet, idempotency_key=key, digest=digest)
        if first is not None:
            return first
        destination = _destination(wallet)
        require_available(wallet, amount)
        month = cap_consume(wallet=wallet, amount=amount, now=now)
        operation = WalletOperation.objects.create(
            wallet=wallet,
            kind=WalletOperation.Kind.WITHDRAWAL,
            status=WalletOperation.Status.PENDING,
            amount=amount,
            reference=new_reference(),
            idempotency_key=key,
            digest=digest,
            bank_account=destination,
            cap_month=month,
            created_by=user,
        )
        entry = debit_post(
            wallet=wallet,
            key=ledger_key(operation, "hold"),
            kind="wallet_withdrawal",
            moves=[Move(wallet.account.code, BANK_CLEARING, amount, pending=True)],
            memo=operation.reference,
            business_id=wallet.business_id,
            created_by=user,
        )
        operation.hold = pending_of(entry)
        operation.save(update_fields=["hold"])
        debit_notify(
            operation=operation,
            wallet=wallet,
            what=_("Lệnh rút %(amount)s về %(bank)s, tài khoản kết thúc bằng %(last)s, đang chờ chuyển khoản")
            % {
                "amount": vnd(amount),
                "bank": destination["bank_name"],
                "last": _last_digits(destination["account_number"]),
            },
        )
    return operation


def withdrawal_mark(
    *, user, operation_id: int, paid: bool, reference: str | None = "", note: str | None = ""
) -> WalletOperation:
    """The finance operator records a withdrawal's bank transfer: paid (with the bank's
    reference; the hold posts) or rejected (with a reason; the hold is voided, the money is back
    in the wallet and the month's cap given back). Audited; the owner is told."""
    require_finance(user)
    reference, note = (reference or "").strip(), (note or "").strip()
    check_free_text("reference", reference, REFERENCE_MAX)
    check_free_text("note", note, NOTE_MAX)
    if paid and not reference:
        raise ReasonRequired(_("Hãy ghi mã giao dịch ngân hàng của lệnh rút đã chuyển."), field="reference")
    if not paid and not note:
        raise ReasonRequired(
            _("Hãy ghi lý do từ chối lệnh rút (chủ ví sẽ đọc được, ví dụ: sai số tài khoản)."), field="note"
        )
    wallet_id = (
        WalletOperation.objects.filter(pk=operation_id, kind=WalletOperation.Kind.WITHDRAWAL)
        .values_list("wallet_id", flat=True)
        .first()
    )
    if wallet_id is None:
        raise WalletWithdrawalNotFound(field="operation_id")
    with transaction.atomic():
        wallet = wallet_locked(wallet_id, field="operation_id")
        operation = WalletOperation.objects.select_for_update(of=("self",)).get(pk=operation_id)
        if operation.status != WalletOperation.Status.PENDING:
            raise WalletWithdrawalResolved(field="operation_id")
        ledger_post(
            key=ledger_key(operation, "paid" if paid else "rejected"),
            kind="wallet_withdrawal",
            resolves=[Resolve(operation.hold_id, post=paid)],
            memo=(reference or note)[:255],
            business_id=wallet.business_id,
            created_by=user,
        )
        if paid:
            operation.status = WalletOperation.Status.COMPLETED
            operation.bank_account = {**operation.bank_account, "bank_reference": reference}
        else:
            cap_give_back(operation=operation)
            operation.status = WalletOperation.Status.REJECTED
        operation.note = note
        operation.settled_at = timezone.now()
        operation.save(update_fields=["status", "bank_account", "note", "settled_at"])
        WalletAudit.objects.create(
            wallet=wallet,
            action="withdrawal_paid" if paid else "withdrawal_rejected",
            reason=f"{operation.reference}: {reference or '-'} {note}".strip()[:500],
            actor=user,
        )
        if paid:
            body = _("Lệnh rút %(amount)s, mã %(reference)s, đã được chuyển về tài khoản ngân hàng của bạn.")
        else:
            body = _(
                "Lệnh rút %(amount)s, mã %(reference)s, bị từ chối (%(note)s); tiền đã trở lại ví của bạn."
            )
        wallet_notify(
            wallet=wallet,
            key=f"withdrawal:{operation.pk}:{operation.status}",
            subject=_("Ví Chợ Số: lệnh rút %(amount)s") % {"amount": vnd(operation.amount)},
            body=body % {"amount": vnd(operation.amount), "reference": operation.reference, "note": note},
        )
    return operation


def withdrawals_for_finance(*, user, statuses: list[str] | None = None):
    """The withdrawals the finance operators work through, oldest waiting first."""
    require_finance(user)
    rows = WalletOperation.objects.filter(kind=WalletOperation.Kind.WITHDRAWAL).select_related("wallet")
    if statuses:
        rows = rows.filter(status__in=statuses)
    return rows.order_by("created_at", "pk")
