import pytest

from orders.notifications import MemoryBackend
from tests.orders.helpers import PrepaidTestProvider
from tests.payments.ledger.audited import audit_after


@pytest.fixture(autouse=True)
def _payments_settings(settings):
    settings.ORDER_NOTIFICATION_BACKENDS = ["orders.notifications.MemoryBackend"]
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "vnpay": "tests.orders.helpers.PrepaidTestProvider",
    }
    settings.DELIVERY_FEE_SELLER = 15_000
    settings.DELIVERY_FEE_POST = 30_000
    settings.ORDER_COMMISSION_RATE_BPS = 300
    MemoryBackend.outbox.clear()
    PrepaidTestProvider.refunded.clear()
    yield
    MemoryBackend.outbox.clear()


@pytest.fixture(autouse=True)
def ledger_audited(request):
    """Every payments test ends with the ledger audit: each balance equals its transfers, all
    accounts sum to zero, no flag broken, no hold resolved twice."""
    yield from audit_after(request)
