"""Payouts: a settlement run pays each business whose payable (after COD debts are netted) has
reached PAYOUT_MINIMUM_AMOUNT to its registered bank account. The money is held in transit
(`payout:<id>:hold`, pending `business → payouts_in_transit`) until the operator, having made
the bank transfers from the run's CSV file, marks each payout paid (posted, and moved on to the
bank account it left) or failed (voided: back to the payable)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.businesses.models import Business
from marketplace.errors import ReasonRequired
from payments.ledger.accounts import BANK_CLEARING, PAYOUTS_IN_TRANSIT, accounts_ensure, business_account_code
from payments.ledger.models import LedgerAccount, Transfer
from payments.ledger.services import Move, Resolve, ledger_post
from payments.permissions import require_finance
from payments.settlement.errors import PayoutAlreadyResolved, PayoutNotFound
from payments.settlement.models import Payout, PayoutBatch

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Destination:
    bank_bin: str
    account_number: str
    holder_name: str


def payout_destinations(business_ids: list[int]) -> dict[int, Destination]:
    """The receiving accounts businesses registered (payments.banks); none before it exists."""
    try:
        model = apps.get_model("payments", "BusinessBankAccount")
    except LookupError:
        return {}
    return {
        row.business_id: Destination(row.bank_bin, row.account_number, row.holder_name)
        for row in model.objects.filter(business_id__in=business_ids)
    }


@dataclass
class PayoutRun:
    batch: PayoutBatch | None
    payouts: list[Payout] = field(default_factory=list)
    # Businesses owed money that were not paid, and why (no bank account, one in transit).
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _due_business_ids() -> list[int]:
    return list(
        LedgerAccount.objects.filter(kind=LedgerAccount.Kind.BUSINESS, business__isnull=False)
        .annotate(free=F("credits_posted") - F("debits_posted") - F("debits_pending"))
        .filter(free__gte=max(settings.PAYOUT_MINIMUM_AMOUNT, 1))
        .order_by("business_id")
        .values_list("business_id", flat=True)
    )


def _pay_one(batch: PayoutBatch, business_id: int, destination: Destination) -> Payout | None:
    """One business in its own transaction. Its payable and the in-transit account are locked
    (primary-key order, as `ledger_post` does) before the amount is read, so a release, a COD
    debt or another run changing the payable meanwhile is seen or waits."""
    payable = business_account_code(business_id)
    with transaction.atomic():
        accounts = {
            a.code: a
            for a in LedgerAccount.objects.select_for_update()
            .filter(code__in=[payable, PAYOUTS_IN_TRANSIT])
            .order_by("pk")
        }
        amount = accounts[payable].available
        if amount < max(settings.PAYOUT_MINIMUM_AMOUNT, 1):
            return None
        if Payout.objects.filter(business_id=business_id, status=Payout.Status.PENDING).exists():
            return None
        payout = Payout.objects.create(
            batch=batch,
            business_id=business_id,
            amount=amount,
            bank_bin=destination.bank_bin,
            bank_account_number=destination.account_number,
            bank_account_name=destination.holder_name,
        )
        entry = ledger_post(
            key=f"payout:{payout.pk}:hold",
            kind="payout",
            moves=[Move(payable, PAYOUTS_IN_TRANSIT, amount, pending=True)],
            memo=f"CT{batch.pk}",
            business_id=business_id,
            created_by=batch.created_by,
        )
        payout.hold = Transfer.objects.get(entry=entry, phase=Transfer.Phase.PENDING)
        payout.save(update_fields=["hold"])
    return payout


def payout_run(*, user=None, progress: Callable[[int, int], None] | None = None) -> PayoutRun:
    """Pays every business owed at least PAYOUT_MINIMUM_AMOUNT that has a bank account, no
    payout in transit and is not suspended. `user` None is the scheduled job; a person must be a finance operator.
    Returns the batch (None when nobody was due) and who was skipped."""
    if user is not None:
        require_finance(user)
    accounts_ensure([PAYOUTS_IN_TRANSIT])
    due = _due_business_ids()
    destinations = payout_destinations(due)
    in_transit = set(
        Payout.objects.filter(business_id__in=due, status=Payout.Status.PENDING).values_list(
            "business_id", flat=True
        )
    )
    # The trade department suspends a seller over a complaint or suspected fraud: its money is
    # held (not lost) until it is reinstated.
    suspended = set(
        Business.objects.filter(pk__in=due, status=Business.Status.SUSPENDED).values_list("pk", flat=True)
    )
    run = PayoutRun(batch=None)
    for done, business_id in enumerate(due, start=1):
        if business_id in suspended:
            run.skipped.append((business_id, _("người bán đang bị tạm ngừng: giữ tiền đến khi được mở lại")))
        elif business_id not in destinations:
            run.skipped.append((business_id, _("chưa đăng ký tài khoản ngân hàng")))
        elif business_id in in_transit:
            run.skipped.append((business_id, _("còn một khoản chi trả đang chuyển")))
        else:
            if run.batch is None:
                run.batch = PayoutBatch.objects.create(created_by=user)
            payout = _pay_one(run.batch, business_id, destinations[business_id])
            if payout is not None:
                run.payouts.append(payout)
        if progress is not None:
            progress(done, len(due))
    if run.batch is not None and not run.payouts:
        run.batch.delete()  # raced by another run that paid them all: an empty file helps nobody
        run.batch = None
    logger.info("Payout run: %d payouts, %d skipped", len(run.payouts), len(run.skipped))
    return run


def payout_mark(*, user, payout_id: int, paid: bool, reference: str = "", note: str = "") -> Payout:
    """The operator records a payout's bank transfer: paid (with the bank's reference) or
    failed (the money returns to the business's payable)."""
    require_finance(user)
    reference, note = (reference or "").strip(), (note or "").strip()
    if paid and not reference:
        raise ReasonRequired(_("Hãy ghi mã giao dịch ngân hàng của khoản chi trả."), field="reference")
    with transaction.atomic():
        payout = Payout.objects.select_for_update().filter(pk=payout_id).first()
        if payout is None:
            raise PayoutNotFound(field="payout_id")
        if payout.status != Payout.Status.PENDING:
            raise PayoutAlreadyResolved(field="payout_id")
        if paid:
            resolves = [Resolve(payout.hold_id, post=True)]
            moves = [Move(PAYOUTS_IN_TRANSIT, BANK_CLEARING, payout.amount)]
        else:
            resolves, moves = [Resolve(payout.hold_id, post=False)], []
        ledger_post(
            key=f"payout:{payout.pk}:{'paid' if paid else 'failed'}",
            kind="payout",
            moves=moves,
            resolves=resolves,
            memo=(reference or note)[:255],
            business_id=payout.business_id,
            created_by=user,
        )
        payout.status = Payout.Status.PAID if paid else Payout.Status.FAILED
        payout.reference, payout.note = reference[:64], note
        payout.resolved_by, payout.resolved_at = user, timezone.now()
        payout.save(update_fields=["status", "reference", "note", "resolved_by", "resolved_at"])
    return payout
