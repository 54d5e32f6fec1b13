"""The payments app's tables, one module per topic (Django finds them through this one)."""

from payments.attempts import PaymentAttempt
from payments.banks.models import BusinessBankAccount
from payments.banktransfer.models import BankTransaction
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer

__all__ = [
    "BankTransaction",
    "BusinessBankAccount",
    "JournalEntry",
    "LedgerAccount",
    "PaymentAttempt",
    "Transfer",
]
