"""The payments app's tables, one module per topic (Django finds them through this one)."""

from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.settlement.models import OrderSettlement, Payout, PayoutBatch, Refund

__all__ = [
    "JournalEntry",
    "LedgerAccount",
    "OrderSettlement",
    "PaymentAttempt",
    "Payout",
    "PayoutBatch",
    "Refund",
    "Transfer",
]
