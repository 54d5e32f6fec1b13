import pytest

from tests.payments.momo.sandbox_helpers import ACCESS_KEY, PARTNER_CODE, SECRET_KEY


@pytest.fixture(autouse=True)
def _momo_settings(settings):
    settings.ROOT_URLCONF = "tests.payments.momo.urls"
    settings.MOMO_PARTNER_CODE = PARTNER_CODE
    settings.MOMO_ACCESS_KEY = ACCESS_KEY
    settings.MOMO_SECRET_KEY = SECRET_KEY
    settings.MOMO_REDIRECT_URL = "http://testserver/payments/momo/return/"
    settings.MOMO_IPN_URL = "http://testserver/payments/momo/ipn/"
    settings.MOMO_EXPIRE_MINUTES = 15
    settings.PAYMENT_PROVIDERS = {**settings.PAYMENT_PROVIDERS, "momo": "payments.momo.provider.MomoProvider"}


@pytest.fixture
def gateway(settings):
    """The sandbox gateway on a free port, with MOMO_ENDPOINT pointing at it; its IPNs go to the
    request's ipnUrl (testserver: unreachable), so for the marketplace they are lost unless a
    test sends them itself."""
    from tests.payments.momo.sandbox_helpers import start_sandbox

    server = start_sandbox(retry_delays=())
    settings.MOMO_ENDPOINT = server.url
    yield server
    server.stop()
