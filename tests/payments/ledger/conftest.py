import pytest

from tests.payments.ledger.audited import audit_after


@pytest.fixture(autouse=True)
def ledger_audited(request):
    """Every ledger test ends with the whole ledger audited. A test that corrupts the ledger on
    purpose overrides this fixture."""
    yield from audit_after(request)
