"""The payments app's tables, one module per topic (Django finds them through this one)."""

from payments.attempts import PaymentAttempt
from payments.banks.models import BusinessBankAccount
from payments.banktransfer.models import BankTransaction
from payments.ledger.models import JournalEntry, LedgerAccount, Transfer
from payments.settlement.models import OrderSettlement, Payout, PayoutBatch, Refund
from payments.wallets.models import Wallet, WalletAudit, WalletMonthlyUsage, WalletOperation

__all__ = [
    "BankTransaction",
    "BusinessBankAccount",
    "JournalEntry",
    "LedgerAccount",
    "OrderSettlement",
    "PaymentAttempt",
    "Payout",
    "PayoutBatch",
    "Refund",
    "Transfer",
    "Wallet",
    "WalletAudit",
    "WalletMonthlyUsage",
    "WalletOperation",
]
