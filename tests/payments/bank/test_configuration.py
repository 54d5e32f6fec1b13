"""Bank transfer is offered only with a collection account, like VNPay only with its keys."""

import os
import subprocess
import sys

import pytest

from orders.errors import PaymentMethodUnavailable
from tests.payments.helpers import awaiting_group

PROBE = (
    "import django; django.setup(); from django.conf import settings; "
    "print('bank_transfer' in settings.PAYMENT_PROVIDERS, settings.BANK_COLLECTION_NAME)"
)


def _settings_with(**env) -> str:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings", **env}
    for name in ("BANK_COLLECTION_BIN", "BANK_COLLECTION_ACCOUNT", "BANK_COLLECTION_NAME"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_development_has_a_demo_collection_account_so_the_demo_pays_by_transfer():
    assert _settings_with(DEBUG="true") == "True CHO SO DEMO KHONG CHUYEN TIEN"


@pytest.mark.parametrize("empty", ["BANK_COLLECTION_BIN", "BANK_COLLECTION_ACCOUNT", "BANK_COLLECTION_NAME"])
def test_any_empty_collection_setting_withdraws_the_method(empty):
    assert _settings_with(DEBUG="true", **{empty: ""}).startswith("False")


def test_production_offers_it_only_once_configured():
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.vn"}
    assert _settings_with(**production).startswith("False")
    configured = {
        "BANK_COLLECTION_BIN": "970436",
        "BANK_COLLECTION_ACCOUNT": "0011002233445",
        "BANK_COLLECTION_NAME": "CONG TY CHO SO",
    }
    assert _settings_with(**production, **configured) == "True CONG TY CHO SO"


@pytest.mark.django_db
def test_checkout_refuses_bank_transfer_when_it_is_not_offered(settings):
    settings.PAYMENT_PROVIDERS = {k: v for k, v in settings.PAYMENT_PROVIDERS.items() if k != "bank_transfer"}
    with pytest.raises(PaymentMethodUnavailable):
        awaiting_group(method="bank_transfer")
