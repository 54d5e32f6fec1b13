import pytest

from orders.notifications import MemoryBackend
from tests.orders.helpers import PrepaidTestProvider


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
