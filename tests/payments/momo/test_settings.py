"""MoMo is offered only when its partner code and both keys are set; development defaults point
at the local sandbox. Read from a fresh interpreter: settings are computed once, at import."""

import json
import os
import subprocess
import sys

import pytest

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps([settings.PAYMENT_PROVIDERS.get('momo'), settings.MOMO_ENDPOINT]))"
)


def settings_with(**env) -> list:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MOMO_")}
    environ |= {"DJANGO_SETTINGS_MODULE": "marketplace.settings", **env}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("empty", ["MOMO_PARTNER_CODE", "MOMO_ACCESS_KEY", "MOMO_SECRET_KEY"])
def test_momo_is_not_offered_while_a_key_is_empty(empty):
    assert settings_with(DEBUG="true", **{empty: ""})[0] is None


def test_development_defaults_offer_momo_through_the_local_sandbox():
    assert settings_with(DEBUG="true") == ["payments.momo.provider.MomoProvider", "http://127.0.0.1:8002"]
