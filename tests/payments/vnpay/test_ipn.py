"""The IPN answers the spec's RspCodes in the spec's order, records each payment once, and a
forged or mutated callback changes nothing."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry
from payments.vnpay.ipn import ipn_apply
from payments.vnpay.provider import VNPayProvider
from tests.parallel import run_in_parallel
from tests.payments.vnpay.helpers import callback, escrow, pay_entries, started

pytestmark = pytest.mark.django_db
A = PaymentAttempt.Status


def ipn(gql_client, params) -> dict:
    response = gql_client.get("/payments/vnpay/ipn/", params)
    assert response.status_code == 200
    return response.json()


def state(attempt, group):
    attempt.refresh_from_db()
    group.refresh_from_db()
    return attempt.status, group.status


def test_a_paid_ipn_pays_the_group_once_and_a_repeat_answers_02(client):
    group, attempt = started(sellers=2)
    assert ipn(client, callback(attempt)) == {"RspCode": "00", "Message": "Confirm Success"}
    assert state(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)
    assert attempt.gateway_transaction_no == "14000001"
    assert "vnp_SecureHash" not in attempt.raw and attempt.raw["vnp_BankCode"] == "NCB"
    assert ipn(client, callback(attempt)) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert (escrow(), pay_entries(attempt)) == (group.amount, 1)


@pytest.mark.parametrize("code", ["51", "24", "11"])
def test_a_failed_payment_is_recorded_and_the_group_keeps_waiting(client, code):
    group, attempt = started()
    assert ipn(client, callback(attempt, code=code))["RspCode"] == "00"
    assert state(attempt, group) == (A.FAILED, PaymentGroup.Status.AWAITING_PAYMENT)
    assert attempt.response_code == code
    assert ipn(client, callback(attempt, code=code))["RspCode"] == "02"
    assert escrow() == 0


def test_a_bad_signature_answers_97_and_records_nothing(client):
    group, attempt = started()
    forged = callback(attempt, secret="NOT-THE-MERCHANT-SECRET")
    assert ipn(client, forged) == {"RspCode": "97", "Message": "Invalid signature"}
    assert ipn(client, {**callback(attempt), "vnp_Amount": "1"})["RspCode"] == "97"
    assert ipn(client, {})["RspCode"] == "97"
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    assert attempt.raw == {} and JournalEntry.objects.count() == 0


def test_codes_are_checked_in_the_spec_order(client):
    group, attempt = started()
    # 97 before 01: an unknown reference with a bad signature is a bad signature.
    assert ipn(client, callback(attempt, vnp_TxnRef="TT0000", secret="x"))["RspCode"] == "97"
    # 01 before 04: an unknown reference with any amount.
    assert ipn(client, callback(attempt, vnp_TxnRef="TT0000", amount=1))["RspCode"] == "01"
    assert ipn(client, callback(attempt, amount=group.amount - 1)) == {
        "RspCode": "04",
        "Message": "invalid amount",
    }
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    assert ipn(client, callback(attempt))["RspCode"] == "00"
    # 04 before 02: a settled attempt still refuses another amount.
    assert ipn(client, callback(attempt, amount=group.amount + 1))["RspCode"] == "04"
    assert ipn(client, callback(attempt))["RspCode"] == "02"


def test_an_amount_not_in_whole_dong_is_an_invalid_amount(client):
    group, attempt = started()
    assert ipn(client, callback(attempt, vnp_Amount=f"{group.amount * 100 + 50}"))["RspCode"] == "04"


def test_a_pending_status_records_nothing_so_vnpay_calls_again(client):
    group, attempt = started()
    assert ipn(client, callback(attempt, code="00", status="01"))["RspCode"] == "99"
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)


def test_an_unexpected_error_answers_99_not_a_500(client, monkeypatch):
    group, attempt = started()

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("payments.vnpay.ipn.payment_collected", broken)
    assert ipn(client, callback(attempt)) == {"RspCode": "99", "Message": "Unknow error"}


def test_a_query_string_of_thousands_of_fields_answers_99_in_json(client):
    group, attempt = started()
    params = {**callback(attempt), **{f"x{i}": "1" for i in range(3000)}}
    assert ipn(client, params) == {"RspCode": "99", "Message": "Unknow error"}
    assert client.get("/payments/vnpay/return/", params).status_code == 400
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)


def test_success_after_a_recorded_failure_still_collects_the_money(client):
    # The buyer cancelled, then paid on the same page before it expired: VNPay's word wins.
    group, attempt = started()
    ipn(client, callback(attempt, code="24"))
    assert ipn(client, callback(attempt))["RspCode"] == "00"
    assert state(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)


_MUTATIONS = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 11), st.text(min_size=0, max_size=12)),
    st.tuples(st.just("delete"), st.integers(0, 11), st.just("")),
    st.tuples(st.just("add"), st.text("abcdefXYZ_", min_size=1, max_size=8), st.text(min_size=1, max_size=8)),
)


def test_thousands_of_randomly_mutated_callbacks_change_nothing():
    group, attempt = started()
    original = callback(attempt)

    @hypothesis_settings(
        max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(mutations=st.lists(_MUTATIONS, min_size=1, max_size=3))
    def mutated_is_refused(mutations):
        params = dict(original)
        keys = sorted(params)
        for kind, where, value in mutations:
            if kind == "replace":
                key = keys[where % len(keys)]
                same = value.lower() == str(params.get(key, "")).lower()
                params[key] = str(params.get(key, "")) + "0" if same else value
            elif kind == "delete":
                params.pop(keys[where % len(keys)], None)
            else:
                params[f"vnp_{where}"] = value
        if {k: str(v).lower() for k, v in params.items()} == {k: v.lower() for k, v in original.items()}:
            return  # the mutations cancelled out
        assert ipn_apply(params) == "97"

    mutated_is_refused()
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    assert attempt.raw == {} and JournalEntry.objects.count() == 0
    assert ipn_apply(original) == "00"  # the unmutated callback was valid all along


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_ipns_at_the_same_instant_credit_escrow_once():
    group, attempt = started(sellers=2)
    params = callback(attempt)
    answers = run_in_parallel(*[lambda: ipn_apply(params)] * 2)
    assert sorted(answers) == ["00", "02"]
    assert state(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)
    assert (escrow(), pay_entries(attempt)) == (group.amount, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_parallel_repeats_mixed_with_a_failure_record_one_outcome():
    group, attempt = started()
    paid, failed = callback(attempt), callback(attempt, code="51")
    answers = run_in_parallel(*[lambda: ipn_apply(paid)] * 6, *[lambda: ipn_apply(failed)] * 2)
    assert all(answer in ("00", "02") for answer in answers), answers
    assert (escrow(), pay_entries(attempt)) == (group.amount, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_share_one_attempt():
    group, attempt = started()
    PaymentAttempt.objects.filter(pk=attempt.pk).update(status=A.FAILED)  # so both must open one
    urls = run_in_parallel(*[lambda: VNPayProvider().start(group).redirect_url] * 4)
    assert len(set(urls)) == 1, urls
    assert PaymentAttempt.objects.filter(group=group, status=A.PENDING).count() == 1
