"""The payments app's tables, one module per topic (Django finds them through this one)."""

from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer

__all__ = ["JournalEntry", "LedgerAccount", "PaymentAttempt", "Transfer"]
