"""The finance operator resolves queued credits: match only at the exact amount, otherwise
return to the payer or ignore with a note. Officers read the queue, never resolve it."""

from datetime import UTC, datetime

import pytest

from marketplace.graphql.ids import encode_id
from orders.models import PaymentGroup
from payments.banktransfer.models import BankTransaction
from payments.banktransfer.services import bank_transaction_record
from payments.ledger.models import LedgerAccount
from tests.factories import OfficerFactory, UserFactory
from tests.payments.bank.helpers import bank_group, finance_operator

pytestmark = pytest.mark.django_db
S = BankTransaction.Status

MATCH = """
mutation($t: ID!, $action: BankTransferAction!, $ref: String, $group: String, $note: String) {
  bankTransferMatch(transaction: $t, action: $action, reference: $ref, paymentGroupNumber: $group, note: $note) {
    transaction { status reference note inQueue }
    errors { field code }
  }
}"""
QUEUE = "{ bankTransactions(inQueue: true, first: 10) { totalCount edges { node { bankTransactionId status } } } }"
SHORT_QUEUE = (
    "{ bankTransactions(status: [SHORT]) { edges { node { amount amountDue paymentGroupNumber } } } }"
)


def credit(txn_id: str, amount: int, description: str) -> BankTransaction:
    return bank_transaction_record(
        bank_transaction_id=txn_id,
        amount=amount,
        description=description,
        credited_at=datetime(2026, 12, 1, tzinfo=UTC),
        source=BankTransaction.Source.STATEMENT,
    ).transaction


def resolve(gql, row, action, **variables):
    data = gql(MATCH, {"t": encode_id("BankTransaction", row.pk), "action": action, **variables})
    return data["data"]["bankTransferMatch"]


def test_operator_matches_an_unreadable_transfer_to_its_group(gql):
    group, attempt, _ = bank_group()
    row = credit("ST001", group.amount, "chuyen tien mua che")  # the buyer forgot the reference
    payload = resolve(gql.login(finance_operator()), row, "MATCH", group=group.number)
    assert payload["errors"] == []
    assert (
        payload["transaction"]["status"] == "MATCHED"
        and payload["transaction"]["reference"] == attempt.reference
    )
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.PAID
    assert LedgerAccount.objects.get(code="escrow").balance == group.amount


def test_operator_matches_by_reference(gql):
    group, attempt, _ = bank_group()
    row = credit("ST002", group.amount, "TT ???")
    payload = resolve(gql.login(finance_operator()), row, "MATCH", ref=attempt.reference.lower())
    assert payload["errors"] == [] and payload["transaction"]["status"] == "MATCHED"


def test_a_short_payment_cannot_be_matched_even_by_the_operator(gql):
    group, attempt, _ = bank_group()
    row = credit("ST003", group.amount - 1, attempt.reference)
    payload = resolve(gql.login(finance_operator()), row, "MATCH", ref=attempt.reference)
    assert payload["errors"][0]["code"] == "BANK_TRANSFER_MATCH_AMOUNT"
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.AWAITING_PAYMENT
    assert BankTransaction.objects.get(pk=row.pk).status == S.SHORT


def test_over_payment_is_returned_to_the_payer_with_a_note(gql):
    group, attempt, _ = bank_group()
    row = credit("ST004", group.amount + 50_000, attempt.reference)
    operator = finance_operator()
    payload = resolve(gql.login(operator), row, "RETURN", note="Chuyển thừa, đã trả lại qua Agribank")
    assert payload["errors"] == []
    assert payload["transaction"] == {
        "status": "RETURNED",
        "reference": attempt.reference,
        "note": "Chuyển thừa, đã trả lại qua Agribank",
        "inQueue": False,
    }
    row.refresh_from_db()
    assert row.resolved_by == operator and row.resolved_at is not None
    assert LedgerAccount.objects.get(code="escrow").balance == 0


def test_returning_needs_a_note_and_a_resolved_credit_stays_resolved(gql):
    row = credit("ST005", 10_000, "lai tien gui")
    gql.login(finance_operator())
    assert resolve(gql, row, "IGNORE")["errors"][0]["code"] == "BANK_TRANSFER_NOTE_REQUIRED"
    assert resolve(gql, row, "IGNORE", note="Lãi tiền gửi tháng 11")["errors"] == []
    assert resolve(gql, row, "RETURN", note="again")["errors"][0]["code"] == "BANK_TRANSACTION_NOT_IN_QUEUE"


def test_matching_to_an_expired_bill_is_refused(gql):
    group, attempt, _ = bank_group()
    row = credit("ST013", group.amount, "chuyen tien")
    PaymentGroup.objects.filter(pk=group.pk).update(status=PaymentGroup.Status.EXPIRED)
    gql.login(finance_operator())
    assert (
        resolve(gql, row, "MATCH", ref=attempt.reference)["errors"][0]["code"] == "BANK_TRANSFER_MATCH_TARGET"
    )
    assert resolve(gql, row, "MATCH", group=group.number)["errors"][0]["code"] == "BANK_TRANSFER_MATCH_TARGET"
    assert LedgerAccount.objects.get(code="escrow").balance == 0


def test_matching_to_a_paid_group_is_refused(gql):
    group, attempt, _ = bank_group()
    credit("ST006", group.amount, attempt.reference)
    second = credit("ST007", group.amount, attempt.reference)
    assert second.status == S.ALREADY_PAID
    payload = resolve(gql.login(finance_operator()), second, "MATCH", ref=attempt.reference)
    assert payload["errors"][0]["code"] == "BANK_TRANSFER_MATCH_TARGET"


@pytest.mark.parametrize("who", ["officer", "buyer"])
def test_only_finance_operators_resolve(gql, who):
    row = credit("ST008", 10_000, "abc")
    gql.login(OfficerFactory() if who == "officer" else UserFactory())
    assert resolve(gql, row, "IGNORE", note="x")["errors"][0]["code"] == "PERMISSION_DENIED"
    assert BankTransaction.objects.get(pk=row.pk).status == S.UNMATCHED


def test_the_queue_lists_what_waits_for_the_operator(gql):
    group, attempt, _ = bank_group()
    credit("ST009", group.amount, attempt.reference)  # matched: not in the queue
    credit("ST010", 1_000, "abc")
    data = gql.login(OfficerFactory())(QUEUE)["data"]["bankTransactions"]
    assert data["totalCount"] == 1 and data["edges"][0]["node"] == {
        "bankTransactionId": "ST010",
        "status": "UNMATCHED",
    }


def test_the_queue_shows_what_a_short_payment_was_due(gql):
    group, attempt, _ = bank_group()
    credit("ST012", group.amount - 2_000, attempt.reference)
    node = gql.login(finance_operator())(SHORT_QUEUE)["data"]["bankTransactions"]["edges"][0]["node"]
    assert node == {
        "amount": group.amount - 2_000,
        "amountDue": group.amount,
        "paymentGroupNumber": group.number,
    }


def test_only_finance_operators_see_the_payers_bank_details(gql):
    bank_transaction_record(
        bank_transaction_id="ST014",
        amount=1_000,
        description="abc",
        credited_at=datetime(2026, 12, 1, tzinfo=UTC),
        source=BankTransaction.Source.WEBHOOK,
        payer_account_number="0011000123456",
        payer_name="NGUYEN VAN A",
    )
    query = "{ bankTransactions { edges { node { payerAccountNumber payerName } } } }"
    as_finance = gql.login(finance_operator())(query)["data"]["bankTransactions"]["edges"][0]["node"]
    as_officer = gql.login(OfficerFactory())(query)["data"]["bankTransactions"]["edges"][0]["node"]
    assert as_finance == {"payerAccountNumber": "0011000123456", "payerName": "NGUYEN VAN A"}
    assert as_officer == {"payerAccountNumber": None, "payerName": None}


def test_buyers_cannot_read_the_queue(gql):
    credit("ST011", 1_000, "abc")
    body = gql.login(UserFactory())(QUEUE, allow_errors=True)
    assert body["data"] is None or body["data"]["bankTransactions"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_amounts_beyond_32_bits_are_shown(gql):
    credit("ST015", 3_500_000_000, "thanh toan hop dong")
    query = "{ bankTransactions { edges { node { amount } } } }"
    node = gql.login(finance_operator())(query)["data"]["bankTransactions"]["edges"][0]["node"]
    assert node == {"amount": 3_500_000_000}
