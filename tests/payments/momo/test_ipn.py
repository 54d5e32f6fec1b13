"""The IPN records each MoMo payment once, answers 204 when recorded (or already), and a forged,
mutated or wrong-amount callback changes nothing."""

import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry
from payments.momo.ipn import IpnResult, ipn_apply
from tests.parallel import run_in_parallel
from tests.payments.momo.helpers import callback, clearing, escrow, pay_entries, started

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("gateway")]
A = PaymentAttempt.Status


def ipn(client, params) -> int:
    return client.post("/payments/momo/ipn/", json.dumps(params), content_type="application/json").status_code


def state(attempt, group):
    attempt.refresh_from_db()
    group.refresh_from_db()
    return attempt.status, group.status


def test_a_paid_ipn_pays_the_group_once_and_a_repeat_answers_204_and_changes_nothing(client):
    group, attempt = started(sellers=2)
    assert ipn(client, callback(attempt)) == 204
    assert state(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)
    assert attempt.gateway_transaction_no == "4100000001"
    assert "signature" not in attempt.raw and attempt.raw["payType"] == "qr"
    assert ipn(client, callback(attempt)) == 204
    assert (escrow(), clearing(), pay_entries(attempt)) == (group.amount, -group.amount, 1)


@pytest.mark.parametrize("code", [1001, 1006, 1005])
def test_a_failed_payment_is_recorded_and_the_group_keeps_waiting(client, code):
    group, attempt = started()
    assert ipn(client, callback(attempt, code=code)) == 204
    assert state(attempt, group) == (A.FAILED, PaymentGroup.Status.AWAITING_PAYMENT)
    assert attempt.response_code == str(code)
    assert ipn_apply(callback(attempt, code=code)) == IpnResult.REPEAT
    assert escrow() == 0


def test_a_forged_signature_is_refused_and_records_nothing(client):
    group, attempt = started()
    assert ipn(client, callback(attempt, secret="NOT-THE-MERCHANT-SECRET")) == 400
    assert ipn(client, {**callback(attempt), "amount": 1}) == 400  # changed after signing
    assert ipn(client, {**callback(attempt), "transId": 999}) == 400
    assert ipn(client, {}) == 400
    # Signed with our secret but for another partner: not ours to record.
    assert ipn(client, callback(attempt, partnerCode="SOMEONEELSE")) == 400
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    assert JournalEntry.objects.count() == 0


def test_a_wrong_amount_is_refused_before_and_after_the_payment(client):
    group, attempt = started()
    assert ipn(client, callback(attempt, amount=group.amount - 1)) == 400
    assert ipn(client, callback(attempt, amount=str(group.amount) + ".0")) == 400
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    assert ipn(client, callback(attempt)) == 204
    assert ipn_apply(callback(attempt, amount=group.amount + 1)) == IpnResult.BAD_AMOUNT
    assert (escrow(), pay_entries(attempt)) == (group.amount, 1)


def test_an_unknown_order_id_is_404(client):
    group, attempt = started()
    assert ipn(client, callback(attempt, orderId="TT0000NOPE")) == 404
    assert ipn(client, callback(attempt, orderId="TT0000NOPE", secret="x")) == 400  # signature first


def test_a_pending_result_records_nothing(client):
    group, attempt = started()
    assert ipn_apply(callback(attempt, code=1000)) == IpnResult.PENDING
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1,2]",
        b"null",
        b'"x"',
        '{"orderId": "\u0301"}'.encode(),
        b"\xff\xfe",
        b"[" * 15_000,
    ],
)
def test_odd_bodies_answer_400_never_500(client, body):
    started()
    assert client.post("/payments/momo/ipn/", body, content_type="application/json").status_code == 400


def test_a_get_is_not_an_ipn_and_a_huge_body_is_refused(client):
    group, attempt = started()
    assert client.get("/payments/momo/ipn/").status_code == 405
    huge = {**callback(attempt), "extraData": "x" * 20_000}
    assert ipn(client, huge) == 400


def test_an_unexpected_error_answers_503_so_momo_tries_again(client, monkeypatch):
    group, attempt = started()

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("payments.momo.ipn.payment_collected", broken)
    assert ipn(client, callback(attempt)) == 503
    monkeypatch.undo()
    assert ipn(client, callback(attempt)) == 204  # MoMo's retry records it


def test_success_after_a_recorded_failure_still_collects_the_money(client):
    group, attempt = started()
    ipn(client, callback(attempt, code=1006))
    assert ipn(client, callback(attempt)) == 204
    assert state(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_identical_ipns_at_the_same_instant_credit_escrow_once():
    group, attempt = started(sellers=2)
    params = callback(attempt)
    answers = run_in_parallel(*[lambda: ipn_apply(params)] * 4)
    assert sorted(answers) == [IpnResult.RECORDED] + [IpnResult.REPEAT] * 3
    assert state(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)
    assert (escrow(), clearing(), pay_entries(attempt)) == (group.amount, -group.amount, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_repeats_over_http_mixed_with_a_failure_record_one_credit(live_server):
    import requests

    group, attempt = started()
    paid, failed = callback(attempt), callback(attempt, code=1001)
    url = live_server.url + "/payments/momo/ipn/"

    def post(body):
        return lambda: requests.post(url, json=body, timeout=30).status_code

    answers = run_in_parallel(*[post(paid)] * 6, *[post(failed)] * 2)
    assert answers == [204] * 8
    assert state(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)
    assert (escrow(), pay_entries(attempt)) == (group.amount, 1)


_MUTATIONS = st.one_of(
    st.tuples(
        st.just("replace"), st.integers(0, 12), st.one_of(st.text(max_size=12), st.integers(), st.none())
    ),
    st.tuples(st.just("delete"), st.integers(0, 12), st.none()),
)


def test_hundreds_of_randomly_mutated_callbacks_change_nothing():
    group, attempt = started()
    original = callback(attempt)
    signed = [key for key in sorted(original) if key != "signature"]

    @hypothesis_settings(
        max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(mutations=st.lists(_MUTATIONS, min_size=1, max_size=3))
    def mutated_is_refused(mutations):
        params = dict(original)
        for kind, where, value in mutations:
            key = signed[where % len(signed)]
            if kind == "delete" or str(value) == str(params.get(key)):
                params[key] = f"{params.get(key)}0"  # a deletion could leave an equal empty value
            else:
                params[key] = value
        if {k: str(v) for k, v in params.items()} == {k: str(v) for k, v in original.items()}:
            return  # the mutations cancelled out (a value changed, then changed back)
        assert ipn_apply(params) == IpnResult.BAD_SIGNATURE

    mutated_is_refused()
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    assert JournalEntry.objects.count() == 0
    assert ipn_apply(original) == IpnResult.RECORDED  # the unmutated callback was valid all along


def test_the_return_page_shows_only_signed_results_and_never_500s(client):
    group, attempt = started()
    params = {key: str(value) for key, value in callback(attempt).items()}
    page = client.get("/payments/momo/return/", params)
    assert page.status_code == 200 and "Đang chờ MoMo xác nhận" in page.content.decode()
    for odd in (
        {},
        {**params, "signature": ""},
        {**params, "orderId": "x" * 10_000},
        {**params, "amount": "-1"},
    ):
        assert client.get("/payments/momo/return/", odd).status_code == 400
    many = {**params, **{f"x{i}": "1" for i in range(3000)}}
    assert client.get("/payments/momo/return/", many).status_code == 400
    assert state(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)  # it records nothing
