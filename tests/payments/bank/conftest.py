import pytest

COLLECTION_BIN = "970436"
COLLECTION_ACCOUNT = "0011002233445"
COLLECTION_NAME = "CONG TY CHO SO TUYEN QUANG"
WEBHOOK_SECRET = "bank-webhook-test-secret"


@pytest.fixture(autouse=True)
def _bank_settings(settings):
    settings.BANK_COLLECTION_BIN = COLLECTION_BIN
    settings.BANK_COLLECTION_ACCOUNT = COLLECTION_ACCOUNT
    settings.BANK_COLLECTION_NAME = COLLECTION_NAME
    settings.BANK_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PAYMENT_PROVIDERS = {
        **settings.PAYMENT_PROVIDERS,
        "bank_transfer": "payments.banktransfer.provider.BankTransferProvider",
    }
