"""Choosing bank transfer at checkout shows a dynamic VietQR to the platform's collection
account with the exact amount and the attempt's reference, and instructions in Vietnamese."""

import xml.etree.ElementTree as ET

import pytest

from marketplace.graphql.ids import encode_id
from orders.models import SideEffect
from orders.providers import provider_for
from payments.attempts import PaymentAttempt
from payments.banktransfer.errors import BankTransferNotConfigured
from payments.banktransfer.provider import BankTransferProvider
from payments.errors import PaymentGroupNotPayable
from payments.vietqr import parse_payload
from tests.parallel import run_in_parallel
from tests.payments.bank.conftest import COLLECTION_ACCOUNT, COLLECTION_BIN
from tests.payments.bank.helpers import bank_group
from tests.payments.helpers import awaiting_group

pytestmark = pytest.mark.django_db


def test_bank_transfer_is_a_registered_prepaid_method():
    provider = provider_for("bank_transfer")
    assert isinstance(provider, BankTransferProvider) and provider.prepaid


def test_start_shows_a_dynamic_qr_for_the_exact_amount_and_reference():
    group, attempt, start = bank_group(price=75_000, sellers=2)
    qr = parse_payload(start.qr_payload)
    assert qr.dynamic and qr.amount == group.amount == attempt.amount
    assert (qr.bank_bin, qr.account_number) == (COLLECTION_BIN, COLLECTION_ACCOUNT)
    assert qr.purpose == attempt.reference
    assert attempt.method == "bank_transfer" and attempt.status == PaymentAttempt.Status.PENDING
    assert attempt.reference in start.instructions
    assert "Vietcombank" in start.instructions and COLLECTION_ACCOUNT in start.instructions
    assert f"{group.amount:,}".replace(",", ".") + " đ" in start.instructions


def test_starting_again_shows_the_same_qr():
    group, attempt, start = bank_group()
    again = BankTransferProvider().start(group)
    assert again == start and group.attempts.count() == 1


def test_checkout_with_bank_transfer_leaves_the_qr_for_the_buyer(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = awaiting_group(method="bank_transfer")
    result = SideEffect.objects.get(kind="payment_start", key=group.number).result
    attempt = group.attempts.get()
    assert parse_payload(result["qr_payload"]).purpose == attempt.reference


def test_payment_start_shows_the_qr_as_payload_and_svg(gql):
    group = awaiting_group(method="bank_transfer")
    query = """mutation($id: ID!) { paymentStart(paymentGroupId: $id) {
      payment { qr { payload svg } instructions } errors { code } } }"""
    data = gql.login(group.buyer)(query, {"id": encode_id("PaymentGroup", group.pk)})["data"]["paymentStart"]
    assert data["errors"] == []
    qr = parse_payload(data["payment"]["qr"]["payload"])
    assert qr.amount == group.amount and qr.purpose == group.attempts.get().reference
    svg = ET.fromstring(data["payment"]["qr"]["svg"])
    assert svg.tag.endswith("svg")
    assert svg.get("viewBox") and svg.get("width") is None  # scales on a 360 px phone
    assert qr.purpose in data["payment"]["instructions"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_starts_share_one_attempt():
    group = awaiting_group(method="bank_transfer")
    results = run_in_parallel(*[lambda: BankTransferProvider().start(group) for _ in range(4)])
    assert len({r.qr_payload for r in results}) == 1, results
    assert group.attempts.count() == 1


def test_a_paid_group_is_not_started_again():
    group, _attempt, _ = bank_group()
    group.status = "paid"
    group.save(update_fields=["status"])
    with pytest.raises(PaymentGroupNotPayable):
        BankTransferProvider().start(group)


def test_without_a_collection_account_bank_transfer_is_unavailable(settings):
    settings.BANK_COLLECTION_ACCOUNT = ""
    group = awaiting_group(method="bank_transfer")
    with pytest.raises(BankTransferNotConfigured):
        BankTransferProvider().start(group)
    assert not group.attempts.exists()
