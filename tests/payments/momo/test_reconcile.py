"""Reconciliation asks the (sandbox) gateway's query API about attempts still pending after
MOMO_RECONCILE_AFTER_MINUTES and settles them like the IPN would have."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import PaymentGroup
from orders.services.payment import payment_groups_expire
from payments.attempts import PaymentAttempt
from payments.momo.ipn import IpnResult, ipn_apply
from payments.momo.provider import MomoProvider
from payments.momo.reconcile import momo_reconcile
from payments.settlement.models import Refund
from tests.payments.momo.helpers import callback, escrow, pay_entries, started
from tests.payments.momo.sandbox_helpers import pay_in_browser

pytestmark = pytest.mark.django_db
A = PaymentAttempt.Status


@pytest.fixture(autouse=True)
def _ipn_lost(settings):
    # The sandbox's IPN goes nowhere: refused at once by a closed port, so only the query tells.
    settings.MOMO_IPN_URL = "http://127.0.0.1:9/payments/momo/ipn/"


def later(minutes=25):
    return timezone.now() + timedelta(minutes=minutes)


def paid_at_gateway(choice="success"):
    group, attempt = started()
    pay_in_browser(MomoProvider().start(group).redirect_url, choice)
    return group, attempt


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return tuple(obj.status for obj in objects)


def test_a_payment_whose_ipn_was_lost_is_settled_by_the_query_api(gateway):
    group, attempt = paid_at_gateway()
    assert refreshed(attempt, group) == (A.PENDING, PaymentGroup.Status.AWAITING_PAYMENT)
    report = momo_reconcile(now=later())
    assert (report.checked, report.paid) == (1, 1)
    assert refreshed(attempt, group) == (A.PAID, PaymentGroup.Status.PAID)
    assert attempt.gateway_transaction_no == str(gateway.gateway.transactions[attempt.reference].trans_id)
    assert (escrow(), pay_entries(attempt)) == (group.amount, 1)
    assert momo_reconcile(now=later()).checked == 0  # settled: never asked again
    # The IPN arriving after all repeats without a second credit.
    assert ipn_apply(callback(attempt, transId=attempt.gateway_transaction_no)) == IpnResult.REPEAT
    assert pay_entries(attempt) == 1


def test_an_attempt_is_not_asked_about_before_its_time(gateway, settings):
    settings.MOMO_RECONCILE_AFTER_MINUTES = 20
    paid_at_gateway()
    assert momo_reconcile(now=later(10)).checked == 0


def test_a_refused_payment_is_recorded_failed_and_an_open_one_stays_pending(gateway):
    group, attempt = paid_at_gateway("deny")
    _other_group, open_attempt = started()  # created at MoMo, the buyer never chose
    report = momo_reconcile(now=later())
    assert (report.checked, report.failed, report.pending) == (2, 1, 1)
    assert refreshed(attempt, open_attempt) == (A.FAILED, A.PENDING)
    assert attempt.response_code == "1006"


def test_an_order_momo_never_heard_of_fails_once_its_page_is_past(gateway):
    group, attempt = started()
    gateway.gateway.transactions.clear()  # the create's answer was lost before MoMo kept it
    report = momo_reconcile(now=later(60))
    assert report.failed == 1 and refreshed(attempt) == (A.FAILED,)
    assert attempt.response_code == "42"


def test_money_found_for_an_expired_group_is_late_and_refunded_through_momo(gateway):
    group, attempt = paid_at_gateway()
    PaymentGroup.objects.filter(pk=group.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    payment_groups_expire()
    report = momo_reconcile(now=later())
    assert report.late == 1
    assert refreshed(attempt) == (A.LATE,)
    refund = Refund.objects.get(attempt=attempt)
    assert refund.status == Refund.Status.SUCCEEDED  # sent after the commit, taken by the sandbox
    assert gateway.gateway.transactions[attempt.reference].refunded == attempt.amount
    assert escrow() == 0


def test_a_gateway_that_does_not_answer_counts_an_error_and_changes_nothing(gateway, settings):
    group, attempt = paid_at_gateway()
    settings.MOMO_ENDPOINT = "http://127.0.0.1:9"
    report = momo_reconcile(now=later(), client=None)
    assert (report.checked, report.errors) == (1, 1)
    assert refreshed(attempt) == (A.PENDING,)
