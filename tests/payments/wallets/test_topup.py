"""walletTopUp opens a VNPay attempt for the wallet (no payment group); only VNPay's IPN or
reconciliation credits it, once, however often and however concurrently they repeat."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from payments.attempts import PaymentAttempt
from payments.ledger.models import JournalEntry
from payments.vnpay.client import VNPayClient
from payments.vnpay.ipn import ipn_apply
from payments.vnpay.reconcile import vnpay_reconcile
from payments.wallets.models import Wallet, WalletMonthlyUsage, WalletOperation
from payments.wallets.topup import wallet_top_up
from tests.factories import UserFactory
from tests.parallel import run_in_parallel
from tests.payments.vnpay.helpers import callback
from tests.payments.wallets.factories import available, personal_wallet
from tests.payments.wallets.money_helpers import TOP_UP, sms_bodies, url_params, use_vnpay

pytestmark = pytest.mark.django_db
OP = WalletOperation.Status


@pytest.fixture(autouse=True)
def _vnpay(settings):
    use_vnpay(settings)


def opened(wallet, amount=200_000, key=""):
    operation, url = wallet_top_up(user=wallet.user, amount=amount, idempotency_key=key)
    return operation, url, PaymentAttempt.objects.get(pk=operation.attempt_id)


def top_up_entries(operation) -> int:
    return JournalEntry.objects.filter(key__startswith=f"wallet:{operation.pk}:").count()


def test_a_top_up_through_the_api_gives_a_signed_vnpay_page_for_the_wallet(gql):
    wallet = personal_wallet()
    body = gql.login(wallet.user)(TOP_UP, {"amount": 250_000, "key": "nap-1"})["data"]["walletTopUp"]
    assert body["errors"] == []
    assert body["operation"]["status"] == "PENDING" and body["operation"]["kind"] == "TOP_UP"
    params = url_params(body["redirectUrl"])
    assert VNPayClient.from_settings().verify(params)
    assert params["vnp_TxnRef"] == body["operation"]["reference"] and params["vnp_Amount"] == "25000000"
    attempt = PaymentAttempt.objects.get(reference=params["vnp_TxnRef"])
    assert (attempt.group_id, attempt.top_up_wallet_id, attempt.method) == (None, wallet.pk, "vnpay")
    assert available(wallet) == 0  # nothing until VNPay says the money arrived


def test_the_ipn_credits_the_wallet_once_and_tells_the_owner(client):
    wallet = personal_wallet()
    operation, _url, attempt = opened(wallet)
    assert client.get("/payments/vnpay/ipn/", callback(attempt)).json()["RspCode"] == "00"
    assert client.get("/payments/vnpay/ipn/", callback(attempt)).json()["RspCode"] == "02"
    operation.refresh_from_db()
    assert operation.status == OP.COMPLETED and operation.settled_at is not None
    assert available(wallet) == 200_000 and top_up_entries(operation) == 1
    assert any(operation.reference in body for body in sms_bodies(wallet))
    assert not WalletMonthlyUsage.objects.filter(wallet=wallet).exists()  # top-ups are not capped


def test_a_declined_top_up_fails_and_credits_nothing_and_a_late_success_still_credits():
    wallet = personal_wallet()
    operation, _url, attempt = opened(wallet)
    assert ipn_apply(callback(attempt, code="24")) == "00"
    operation.refresh_from_db()
    assert operation.status == OP.FAILED and available(wallet) == 0
    assert ipn_apply(callback(attempt, code="24")) == "02"
    # VNPay's later word that it was paid after all: the money is the owner's and comes in.
    assert ipn_apply(callback(attempt)) == "00"
    operation.refresh_from_db()
    assert operation.status == OP.COMPLETED and available(wallet) == 200_000


def test_a_wrong_amount_or_forged_ipn_credits_nothing():
    wallet = personal_wallet()
    _operation, _url, attempt = opened(wallet)
    assert ipn_apply(callback(attempt, amount=999_999)) == "04"
    assert ipn_apply(callback(attempt, secret="forged")) == "97"
    assert available(wallet) == 0


def test_a_repeated_key_returns_the_first_top_up_and_another_amount_is_refused():
    wallet = personal_wallet()
    first, url, _attempt = opened(wallet, key="k1")
    again, url_again, _ = opened(wallet, key="k1")
    assert (again.pk, url_again) == (first.pk, url)
    with pytest.raises(Exception) as refused:
        opened(wallet, amount=300_000, key="k1")
    assert refused.value.code == "WALLET_IDEMPOTENCY_CONFLICT"
    assert PaymentAttempt.objects.filter(top_up_wallet=wallet).count() == 1


def test_a_frozen_or_unverified_wallet_takes_no_new_top_up(gql):
    frozen = personal_wallet()
    Wallet.objects.filter(pk=frozen.pk).update(frozen_at=timezone.now())
    unverified = personal_wallet(status=Wallet.Status.UNVERIFIED)
    for wallet, code in ((frozen, "WALLET_FROZEN"), (unverified, "WALLET_NOT_VERIFIED")):
        body = gql.login(wallet.user)(TOP_UP, {"amount": 10_000})["data"]["walletTopUp"]
        assert body["errors"][0]["code"] == code
    assert not PaymentAttempt.objects.exists()


def test_no_wallet_anonymous_and_odd_amounts_are_errors_not_crashes(gql, settings):
    body = gql.login(UserFactory())(TOP_UP, {"amount": 10_000})["data"]["walletTopUp"]
    assert body["errors"][0]["code"] == "WALLET_NOT_FOUND"
    wallet = personal_wallet()
    gql.login(wallet.user)
    for amount in (0, -5, settings.WALLET_MAX_AMOUNT + 1):
        body = gql(TOP_UP, {"amount": amount})["data"]["walletTopUp"]
        assert body["errors"][0]["code"] == "WALLET_AMOUNT_INVALID", amount
    for key in ("x" * 65, "a\u202eb", "khoá\u0301"):
        response = gql.raw(TOP_UP, {"amount": 1_000, "key": key})
        assert response.status_code == 200
    assert gql.raw(TOP_UP, {"amount": 10**12}).status_code in (200, 400)  # past Int: GraphQL refuses
    assert gql.raw(TOP_UP, {"amount": None}).status_code in (200, 400)
    gql.logout()
    body = gql(TOP_UP, {"amount": 10_000})["data"]["walletTopUp"]
    assert body["errors"][0]["code"] == "NOT_AUTHENTICATED"
    assert available(wallet) == 0


def test_without_vnpay_configured_a_top_up_is_refused(gql, settings):
    settings.VNPAY_TMN_CODE = ""
    wallet = personal_wallet()
    body = gql.login(wallet.user)(TOP_UP, {"amount": 10_000})["data"]["walletTopUp"]
    assert body["errors"][0]["code"] == "WALLET_TOP_UP_UNAVAILABLE"


def test_the_return_page_of_a_top_up_shows_the_top_up(client):
    wallet = personal_wallet()
    operation, _url, attempt = opened(wallet)
    ipn_apply(callback(attempt))
    page = client.get("/payments/vnpay/return/", callback(attempt))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nạp tiền thành công" in text and operation.reference in text


class _Answers:
    """querydr as VNPay would answer it: paid for every attempt asked about."""

    def __init__(self, paid=True):
        self.paid, self.asked = paid, []

    def query(self, *, txn_ref, **kwargs):
        self.asked.append((txn_ref, kwargs["order_info"]))
        attempt = PaymentAttempt.objects.get(reference=txn_ref)
        return SimpleNamespace(
            paid=self.paid,
            pending=False,
            amount=attempt.amount,
            transaction_no="14009999",
            response_code="00",
            transaction_status="00" if self.paid else "02",
            raw={"vnp_TxnRef": txn_ref},
        )


def test_reconciliation_credits_a_top_up_whose_ipn_was_lost(settings):
    settings.VNPAY_RECONCILE_AFTER_MINUTES = 0
    wallet = personal_wallet()
    operation, _url, attempt = opened(wallet)
    answers = _Answers()
    report = vnpay_reconcile(client=answers, now=timezone.now() + timezone.timedelta(minutes=1))
    assert report.paid == 1 and answers.asked[0][0] == attempt.reference
    assert "Nạp tiền" in answers.asked[0][1]
    operation.refresh_from_db()
    assert operation.status == OP.COMPLETED and available(wallet) == 200_000
    assert ipn_apply(callback(attempt)) == "02"  # the IPN arriving after all changes nothing
    assert top_up_entries(operation) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_repeats_of_a_top_ups_ipn_credit_once():
    wallet = personal_wallet()
    operation, _url, attempt = opened(wallet, amount=500_000)
    params = callback(attempt)
    answers = run_in_parallel(*[lambda: ipn_apply(params)] * 6)
    assert sorted(answers) == ["00"] + ["02"] * 5, answers
    operation.refresh_from_db()
    assert operation.status == OP.COMPLETED
    assert available(wallet) == 500_000 and top_up_entries(operation) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_paid_and_failed_callbacks_of_a_top_up_end_credited_once():
    wallet = personal_wallet()
    operation, _url, attempt = opened(wallet, amount=70_000)
    paid, failed = callback(attempt), callback(attempt, code="24")
    answers = run_in_parallel(*[lambda: ipn_apply(paid)] * 4, *[lambda: ipn_apply(failed)] * 2)
    assert all(answer in ("00", "02") for answer in answers), answers
    operation.refresh_from_db()
    # Whatever the order, the success is recorded (a failure gives way to it) and credited once.
    assert operation.status == OP.COMPLETED
    assert available(wallet) == 70_000 and top_up_entries(operation) == 1
