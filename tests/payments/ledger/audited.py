"""The ledger audit as a test-suite check: after a test that wrote money, every balance still
equals its transfers and every rule holds."""

from payments.ledger.audit import ledger_audit
from payments.management.commands.payments_audit import report_lines


def assert_ledger_consistent() -> None:
    report = ledger_audit()
    assert report.ok, "\n".join(report_lines(report))


def _database_fixture(request) -> str | None:
    if "transactional_db" in request.fixturenames:
        return "transactional_db"
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        return "db"
    return None


def audit_after(request):
    """For an autouse fixture (`yield from audit_after(request)`): runs the audit when the test ends, before its database is rolled back or flushed (the
    database fixture is set up first, so it is torn down after this one)."""
    database = _database_fixture(request)
    if database is None:
        yield
        return
    request.getfixturevalue(database)
    yield
    assert_ledger_consistent()
