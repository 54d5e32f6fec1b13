"""Starting a MoMo payment: one attempt and one MoMo order per live try, MoMo called without a
lock held, and a gateway that is down or refuses answered as a Vietnamese error, never a 500."""

import pytest

from marketplace.graphql.ids import encode_id
from orders.models import PaymentGroup
from payments.attempts import PaymentAttempt
from payments.momo.codes import MomoAmountOutOfRange, MomoUnavailableError
from payments.momo.provider import MomoProvider
from tests.parallel import run_in_parallel
from tests.payments.helpers import awaiting_group
from tests.payments.momo.helpers import started

pytestmark = pytest.mark.django_db
A = PaymentAttempt.Status
START = """mutation($id: ID!) { paymentStart(paymentGroupId: $id) {
  payment { redirectUrl qr { payload } } errors { field code message } } }"""


def test_a_start_opens_one_momo_order_and_a_repeat_shows_the_same_page(gateway):
    group, attempt = started()
    first = MomoProvider().start(group)
    assert first.redirect_url.startswith(gateway.url) and first.qr_payload.startswith("momo://")
    assert MomoProvider().start(group) == first
    assert list(gateway.gateway.transactions) == [attempt.reference]
    assert (attempt.method, attempt.amount) == ("momo", group.amount)


def test_a_gateway_that_is_down_is_a_vietnamese_error_and_a_later_start_works(gateway, settings, gql):
    settings.MOMO_ENDPOINT = "http://127.0.0.1:9"
    group = awaiting_group(method="momo")  # checkout's own start (the outbox's) fails too
    with pytest.raises(MomoUnavailableError):
        MomoProvider().start(group)
    answer = gql.login(group.buyer)(START, {"id": encode_id("PaymentGroup", group.pk)})["data"][
        "paymentStart"
    ]
    assert answer["payment"] is None
    assert answer["errors"][0]["code"] == "MOMO_UNAVAILABLE" and "MoMo" in answer["errors"][0]["message"]
    settings.MOMO_ENDPOINT = gateway.url
    assert MomoProvider().start(group).redirect_url.startswith(gateway.url)
    assert PaymentAttempt.objects.filter(group=group).count() == 1  # the same attempt, now with a page


def test_a_create_whose_answer_was_lost_ends_that_attempt_and_the_next_try_opens_another(gateway, settings):
    settings.MOMO_TIMEOUT_SECONDS = 0.2
    group, attempt = started()
    PaymentAttempt.objects.filter(pk=attempt.pk).update(raw={})  # as if the answer never came
    with pytest.raises(MomoUnavailableError):
        MomoProvider().start(group)  # MoMo answers 41: it has this orderId, we have no page
    attempt.refresh_from_db()
    assert (attempt.status, attempt.response_code) == (A.FAILED, "41")
    again = MomoProvider().start(group)
    fresh = PaymentAttempt.objects.get(group=group, status=A.PENDING)
    assert fresh.reference != attempt.reference and again.redirect_url.startswith(gateway.url)


def test_an_amount_outside_momos_bounds_is_refused_before_any_attempt(gateway, gql):
    group = awaiting_group(method="momo", price=60_000_000)  # checkout's own start refused too
    with pytest.raises(MomoAmountOutOfRange):
        MomoProvider().start(group)
    answer = gql.login(group.buyer)(START, {"id": encode_id("PaymentGroup", group.pk)})["data"][
        "paymentStart"
    ]
    assert (
        answer["errors"][0]["code"] == "MOMO_AMOUNT_OUT_OF_RANGE"
        and "50.000.000" in answer["errors"][0]["message"]
    )
    assert not PaymentAttempt.objects.filter(group=group).exists() and not gateway.gateway.transactions


def test_a_create_momo_refuses_fails_the_attempt_with_its_code(gateway, settings, monkeypatch):
    group = awaiting_group(method="momo")
    attempt = PaymentAttempt.objects.get(group=group)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(status=A.FAILED)  # so a new create is asked
    monkeypatch.setattr(gateway.gateway, "partner_code", "ANOTHERPARTNER")  # MoMo answers 13
    with pytest.raises(MomoUnavailableError):
        MomoProvider().start(group)
    refused = PaymentAttempt.objects.exclude(pk=attempt.pk).get(group=group)
    assert (refused.status, refused.response_code) == (A.FAILED, "13")
    group.refresh_from_db()
    assert group.status == PaymentGroup.Status.AWAITING_PAYMENT


def test_another_user_cannot_start_the_buyers_momo_payment(gateway, gql):
    from tests.factories import UserFactory

    group = awaiting_group(method="momo")
    answer = gql.login(UserFactory())(START, {"id": encode_id("PaymentGroup", group.pk)})["data"][
        "paymentStart"
    ]
    assert answer["payment"] is None and answer["errors"][0]["code"] == "PAYMENT_GROUP_NOT_FOUND"
    assert PaymentAttempt.objects.filter(group=group).count() == len(gateway.gateway.transactions) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_starts_share_one_attempt_and_one_momo_order(gateway, settings):
    settings.ORDER_OUTBOX_INLINE = False  # no start at checkout: the four below race for the first
    group = awaiting_group(method="momo")
    urls = run_in_parallel(*[lambda: MomoProvider().start(group).redirect_url] * 4)
    assert len(set(urls)) == 1, urls
    assert PaymentAttempt.objects.filter(group=group).count() == 1
    assert len(gateway.gateway.transactions) == 1
