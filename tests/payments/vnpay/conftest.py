import pytest

from tests.payments.vnpay.sandbox_helpers import SECRET, TMN_CODE


@pytest.fixture(autouse=True)
def _vnpay_settings(settings):
    settings.VNPAY_TMN_CODE = TMN_CODE
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_RETURN_URL = "http://testserver/payments/vnpay/return/"
    settings.VNPAY_EXPIRE_MINUTES = 15
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "vnpay": "payments.vnpay.provider.VNPayProvider",
    }


@pytest.fixture
def gateway(settings):
    """The sandbox gateway on a free port, with the settings pointing at it; its IPNs go to a
    stand-in that confirms them, so for the marketplace they are lost (reconciliation's case)."""
    from tests.payments.vnpay.sandbox_helpers import IpnReceiver, start_sandbox

    receiver = IpnReceiver("00")
    server = start_sandbox(receiver.url, retry_delays=())
    settings.VNPAY_PAY_URL, settings.VNPAY_API_URL = server.pay_url, server.api_url
    yield server
    server.stop()
    receiver.stop()
