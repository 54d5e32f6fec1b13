"""The client's HTTP behaviour: timeouts and server errors are `MomoUnavailable`; only the query
is retried (a create or refund sent twice is not harmless); an answer that is not JSON, or not
about the request, is not trusted."""

import pytest
import requests

from payments.momo.client import MomoClient
from payments.momo.protocol import CREATE_FIELDS, MomoBadResponse, MomoUnavailable, sign


class FakeResponse:
    def __init__(self, status=200, body=None, text=None):
        self.status_code, self.body, self.text = status, body, text

    def json(self):
        if self.text is not None:
            raise ValueError("not JSON")
        return self.body


class FakeSession:
    """Answers each POST from a list; records what was sent."""

    def __init__(self, *answers):
        self.answers, self.sent = list(answers), []

    def post(self, url, json, timeout):
        self.sent.append((url, json, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(json)
        return answer


def client(session) -> MomoClient:
    return MomoClient(
        partner_code="MOMO",
        access_key="AK",
        secret_key="SK",
        endpoint="https://m.example/",
        timeout=3,
        session=session,
    )


def echo(code=0, **fields):
    return lambda request: FakeResponse(200, {**request, "resultCode": code, "message": "m", **fields})


def create(momo):
    return momo.create(order_id="TT1", amount=10_000, order_info="Đơn\nTT1", redirect_url="r", ipn_url="i")


def test_create_posts_the_signed_spec_body_to_the_create_path_with_a_timeout():
    session = FakeSession(echo(payUrl="https://m.example/pay?t=1", deeplink="momo://x", qrCodeUrl="momo://q"))
    answer = create(client(session))
    url, body, timeout = session.sent[0]
    assert (url, timeout) == ("https://m.example/v2/gateway/api/create", 3)
    assert (body["requestType"], body["amount"], body["orderInfo"], body["lang"]) == (
        "captureWallet",
        10_000,
        "Đơn TT1",
        "vi",
    )
    assert "accessKey" not in body and body["signature"] == sign(
        "SK", {**body, "accessKey": "AK"}, CREATE_FIELDS
    )
    assert answer.accepted and answer.qr_code_url == "momo://q"


@pytest.mark.parametrize(
    "failure", [requests.Timeout("slow"), requests.ConnectionError("refused"), FakeResponse(502, {})]
)
def test_an_unanswered_create_or_refund_is_unavailable_and_never_resent(failure):
    session = FakeSession(failure)
    with pytest.raises(MomoUnavailable):
        create(client(session))
    session = FakeSession(failure)
    with pytest.raises(MomoUnavailable):
        client(session).refund(refund_order_id="TT1-R1-1", amount=1_000, trans_id="41")
    assert len(session.sent) == 1


def test_the_query_is_retried_after_a_network_error():
    session = FakeSession(requests.Timeout("slow"), echo(0, amount=10_000, transId=41))
    answer = client(session).query(order_id="TT1")
    assert (answer.paid, answer.amount, answer.trans_id, len(session.sent)) == (True, 10_000, "41", 2)
    assert session.sent[0][1]["requestId"] != session.sent[1][1]["requestId"]  # each try its own id


@pytest.mark.parametrize(
    "answer",
    [
        FakeResponse(200, text="<html>proxy error</html>"),
        FakeResponse(200, ["not", "an", "object"]),
        lambda request: FakeResponse(200, {**request, "orderId": "SOMEONE-ELSES", "resultCode": 0}),
        lambda request: FakeResponse(200, {**request}),  # no resultCode
    ],
)
def test_an_answer_that_is_not_json_or_not_about_the_request_is_not_trusted(answer):
    with pytest.raises(MomoBadResponse):
        client(FakeSession(answer)).query(order_id="TT1")


def test_a_refusal_comes_back_as_a_result_not_an_exception():
    session = FakeSession(lambda request: FakeResponse(400, {**request, "resultCode": 1081, "message": "x"}))
    answer = client(session).refund(refund_order_id="TT1-R1-1", amount=1_000, trans_id="41")
    assert (answer.accepted, answer.result_code) == (False, 1081)


@pytest.mark.parametrize(
    ("order_id", "amount"), [("", 1_000), ("có dấu", 1_000), ("TT1", 0), ("TT1", -5), ("TT1", True)]
)
def test_bad_arguments_are_refused_before_anything_is_sent(order_id, amount):
    session = FakeSession()
    with pytest.raises(ValueError):
        client(session).create(
            order_id=order_id, amount=amount, order_info="x", redirect_url="r", ipn_url="i"
        )
    assert session.sent == []
