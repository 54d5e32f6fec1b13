import pytest

from tests.payments.settlement.helpers import GatewayTestProvider


@pytest.fixture(autouse=True)
def _settlement_settings(settings):
    settings.PAYMENT_PROVIDERS = {
        "cod": "payments.providers.CashOnDelivery",
        "vnpay": "tests.payments.settlement.helpers.GatewayTestProvider",
        "bank_transfer": "tests.payments.settlement.helpers.ManualTestProvider",
    }
    settings.TAX_WITHHOLDING_KINDS = ["household", "cooperative_group"]
    settings.TAX_WITHHOLDING_GOODS_VAT_BPS = 100
    settings.TAX_WITHHOLDING_GOODS_PIT_BPS = 50
    settings.TAX_WITHHOLDING_TRANSPORT_VAT_BPS = 300
    settings.TAX_WITHHOLDING_TRANSPORT_PIT_BPS = 150
    settings.PAYOUT_MINIMUM_AMOUNT = 10_000
    GatewayTestProvider.answer = "ok"
    GatewayTestProvider.sent = []
    yield
