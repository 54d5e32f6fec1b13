"""The ledger audit: recomputes every account's four totals from its transfers and checks the
rules the ledger promises, reporting every difference rather than stopping at the first.

What it recomputes, per account, with the semantics of `ledger_post`:
- posted totals: the amounts of `posted` and `post_pending` transfers (a post carries the amount
  actually posted);
- pending totals: the amounts of `pending` transfers not yet resolved (a resolved hold no longer
  counts, whether it was posted in part, in full, or voided).

Read-only and lock-free. On PostgreSQL every query of the audit reads one snapshot (a
REPEATABLE READ, READ ONLY transaction), so it can run while entries are written: each is seen
whole or not at all. (Called inside a transaction already begun, it reads in that one.)"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum

from payments.ledger.models import JournalEntry, LedgerAccount, Transfer

P = Transfer.Phase
COLUMNS = ("debits_posted", "credits_posted", "debits_pending", "credits_pending")
_FLAGS = ("debits_must_not_exceed_credits", "credits_must_not_exceed_debits")


@dataclass(frozen=True)
class AccountDifference:
    code: str
    column: str
    recorded: int
    recomputed: int


@dataclass
class AuditReport:
    accounts: int = 0
    entries: int = 0
    transfers: int = 0
    # Σ(credits_posted − debits_posted) and Σ(credits_pending − debits_pending) over all accounts.
    posted_sum: int = 0
    pending_sum: int = 0
    differences: list[AccountDifference] = field(default_factory=list)
    broken_flags: list[str] = field(default_factory=list)  # account codes
    resolved_twice: list[int] = field(default_factory=list)  # pending transfer ids
    bad_resolutions: list[int] = field(default_factory=list)  # resolution transfer ids
    repeated_keys: list[str] = field(default_factory=list)
    empty_entries: list[str] = field(default_factory=list)  # keys of entries without transfers

    @property
    def ok(self) -> bool:
        return not (
            self.posted_sum
            or self.pending_sum
            or self.differences
            or self.broken_flags
            or self.resolved_twice
            or self.bad_resolutions
            or self.repeated_keys
            or self.empty_entries
        )


def _recomputed_totals() -> dict[int, list[int]]:
    """Four totals per account id, from the transfers, in two grouped queries."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    posted = Q(phase__in=[P.POSTED, P.POST_PENDING])
    held = Q(phase=P.PENDING, resolution__isnull=True)
    for side, (posted_col, pending_col) in (("debit_account_id", (0, 2)), ("credit_account_id", (1, 3))):
        rows = (
            Transfer.objects.order_by()
            .values(side)
            .annotate(posted=Sum("amount", filter=posted), pending=Sum("amount", filter=held))
        )
        for row in rows:
            totals[row[side]][posted_col] = row["posted"] or 0
            totals[row[side]][pending_col] = row["pending"] or 0
    return totals


def _flag_broken(account: LedgerAccount) -> bool:
    if account.debits_must_not_exceed_credits:
        return account.debits_posted + account.debits_pending > account.credits_posted
    if account.credits_must_not_exceed_debits:
        return account.credits_posted + account.credits_pending > account.debits_posted
    return False


def ledger_audit(
    *,
    on_total: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> AuditReport:
    """Checks the whole ledger. `on_total(n)` is told the number of accounts, `progress(k)` each
    time k more have been compared (for a progress bar)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return _audit(on_total, progress)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _audit(on_total, progress)


def _audit(on_total, progress) -> AuditReport:
    report = AuditReport()
    totals = _recomputed_totals()
    report.accounts = LedgerAccount.objects.count()
    if on_total:
        on_total(report.accounts)
    done = 0
    accounts = LedgerAccount.objects.order_by("pk").only("code", *COLUMNS, *_FLAGS)
    for account in accounts.iterator(chunk_size=2000):
        expected = totals.pop(account.pk, [0, 0, 0, 0])
        for column, recomputed in zip(COLUMNS, expected):
            recorded = getattr(account, column)
            if recorded != recomputed:
                report.differences.append(AccountDifference(account.code, column, recorded, recomputed))
        report.posted_sum += account.credits_posted - account.debits_posted
        report.pending_sum += account.credits_pending - account.debits_pending
        if _flag_broken(account):
            report.broken_flags.append(account.code)
        done += 1
        if progress and done % 500 == 0:
            progress(500)
    if progress and done % 500:
        progress(done % 500)

    report.entries = JournalEntry.objects.count()
    report.transfers = Transfer.objects.count()
    # The unique constraints make these impossible; the audit says so instead of assuming it.
    report.repeated_keys = list(
        JournalEntry.objects.order_by()
        .values("key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    report.resolved_twice = list(
        Transfer.objects.order_by()
        .filter(pending__isnull=False)
        .values("pending_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("pending_id", flat=True)
    )
    report.bad_resolutions = list(
        Transfer.objects.filter(pending__isnull=False)
        .filter(
            ~Q(pending__phase=P.PENDING)
            | ~Q(debit_account=F("pending__debit_account"))
            | ~Q(credit_account=F("pending__credit_account"))
            | Q(phase=P.VOID_PENDING) & ~Q(amount=F("pending__amount"))
            | Q(phase=P.POST_PENDING, amount__gt=F("pending__amount"))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report.empty_entries = list(
        JournalEntry.objects.filter(transfers__isnull=True).order_by("pk").values_list("key", flat=True)
    )
    return report
