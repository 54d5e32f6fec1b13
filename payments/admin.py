"""The payments app's back office, one module per topic (Django finds them through this one)."""

import payments.banktransfer.admin  # noqa: F401  (bank transactions, receiving accounts)
import payments.ledger.admin  # noqa: F401
import payments.settlement.admin  # noqa: F401
import payments.wallets.admin  # noqa: F401  (wallets, their operations and audit)
