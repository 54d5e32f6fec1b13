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
