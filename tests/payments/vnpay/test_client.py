"""The VNPay client against the spec's vector and our own (Vietnamese text, querydr, refund)."""

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from payments.vnpay.client import (
    QUERY_RESPONSE_FIELDS,
    REFUND_RESPONSE_FIELDS,
    VN_TZ,
    VNPayBadResponse,
    VNPayClient,
    VNPayUnavailable,
    canonical_query,
    order_info_ascii,
    sign_fields,
)

SECRET = "SECRETKEY0123456789ABCDEFGHIJKLM"
SPEC_STRING = (
    "vnp_Amount=1000000&vnp_Command=pay&vnp_CreateDate=20240115103000&vnp_CurrCode=VND"
    "&vnp_ExpireDate=20240115104500&vnp_IpAddr=203.0.113.7&vnp_Locale=vn"
    "&vnp_OrderInfo=Thanh+toan+don+hang+%3AORD0001&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fshop.example.vn%2Fpayments%2Fvnpay%2Freturn%2F"
    "&vnp_TmnCode=DEMOV210&vnp_TxnRef=ORD0001&vnp_Version=2.1.0"
)
SPEC_HASH = (
    "24f399deb94d43eab21b4c85df5984d9713f589ea70e2373fc1bae9b0ad9883c"
    "ea510abd64babe60565ae93324a55786af481341cc6f04f1000daf15077b1f93"
)


def _hmac(text: str) -> str:
    return hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()


class FakeResponse:
    def __init__(self, body, status=200):
        self.body, self.status_code = body, status

    def json(self):
        if isinstance(self.body, Exception):
            raise self.body
        return self.body


class FakeSession:
    """Records each POSTed JSON body and answers from a list (an exception is raised)."""

    def __init__(self, *answers):
        self.answers, self.sent = list(answers), []

    def post(self, url, json, timeout):
        self.sent.append(json)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer if isinstance(answer, FakeResponse) else FakeResponse(answer)


def client(session=None) -> VNPayClient:
    return VNPayClient(
        tmn_code="DEMOV210",
        hash_secret=SECRET,
        pay_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
        api_url="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
        session=session,
    )


def spec_url(**overrides) -> str:
    fields = dict(
        txn_ref="ORD0001",
        amount=10_000,
        order_info="Thanh toan don hang :ORD0001",
        ip_addr="203.0.113.7",
        return_url="https://shop.example.vn/payments/vnpay/return/",
        locale="vn",
        created_at=datetime(2024, 1, 15, 10, 30, tzinfo=VN_TZ),
        expire_minutes=15,
    )
    return client().payment_url(**{**fields, **overrides})


def test_payment_url_matches_the_spec_vector_exactly():
    assert _hmac(SPEC_STRING) == SPEC_HASH
    assert (
        spec_url()
        == f"https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?{SPEC_STRING}&vnp_SecureHash={SPEC_HASH}"
    )


def test_dates_are_vietnam_time_whatever_zone_the_moment_is_given_in():
    # 03:30 UTC is 10:30 in Hà Nội: a server on UTC must still send 103000.
    assert spec_url(created_at=datetime(2024, 1, 15, 3, 30, tzinfo=UTC)) == spec_url()


def test_a_naive_datetime_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        spec_url(created_at=datetime(2024, 1, 15, 10, 30))


@pytest.mark.parametrize("amount", [0, -5, 10.5, True, "10000"])
def test_amount_must_be_positive_whole_vnd(amount):
    with pytest.raises(ValueError):
        spec_url(amount=amount)


def test_vietnamese_order_info_is_sent_as_ascii_without_diacritics():
    info = "Thanh toán đơn hàng TT2612010001 – Đặc sản Hà Giang, Đường phố"
    assert order_info_ascii(info) == "Thanh toan don hang TT2612010001 Dac san Ha Giang, Duong pho"
    url = spec_url(order_info=info, txn_ref="TT2612010001A1", amount=1_250_000, bank_code="NCB")
    query, signature = url.split("?", 1)[1].split("&vnp_SecureHash=")
    expected = (
        "vnp_Amount=125000000&vnp_BankCode=NCB&vnp_Command=pay&vnp_CreateDate=20240115103000"
        "&vnp_CurrCode=VND&vnp_ExpireDate=20240115104500&vnp_IpAddr=203.0.113.7&vnp_Locale=vn"
        "&vnp_OrderInfo=Thanh+toan+don+hang+TT2612010001+Dac+san+Ha+Giang%2C+Duong+pho"
        "&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fshop.example.vn%2Fpayments%2Fvnpay%2Freturn%2F"
        "&vnp_TmnCode=DEMOV210&vnp_TxnRef=TT2612010001A1&vnp_Version=2.1.0"
    )
    assert query == expected
    assert signature == _hmac(expected)
    assert signature == (  # the vector, for other implementations to check against
        "6198c0184c9e42059df21ac0b901da1ffa435227723ad7de2c4daef07f4d2730"
        "8ffbca08b1b1a1e54e2986eb484385faee2b5fcea07bbc2981dd7930a6d0f644"
    )


def _callback(**overrides) -> dict:
    params = {
        "vnp_Amount": "1000000",
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14226112",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Thanh toan don hang TT2612010001",
        "vnp_PayDate": "20240115103512",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "DEMOV210",
        "vnp_TransactionNo": "14226112",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": "TT2612010001A1",
        **overrides,
    }
    params["vnp_SecureHash"] = _hmac(canonical_query(params))
    return params


def test_verify_accepts_a_signed_callback_in_either_case():
    params = _callback()
    assert client().verify(params)
    assert client().verify({**params, "vnp_SecureHash": params["vnp_SecureHash"].upper()})
    assert client().verify({**params, "vnp_SecureHashType": "HmacSHA512", "utm_source": "x"})


@pytest.mark.parametrize(
    "change",
    [
        {"vnp_Amount": "100000000"},
        {"vnp_ResponseCode": "24"},
        {"vnp_TxnRef": "TT2612010002A1"},
        {"vnp_SecureHash": ""},
        {"vnp_SecureHash": None},
        {"vnp_SecureHash": "zz"},
        {"vnp_Extra": "1"},
    ],
)
def test_verify_refuses_any_change(change):
    assert not client().verify({**_callback(), **change})


def test_verify_refuses_a_callback_signed_with_another_secret():
    params = _callback()
    params["vnp_SecureHash"] = hmac.new(
        b"other", canonical_query(params).encode(), hashlib.sha512
    ).hexdigest()
    assert not client().verify(params)


def _query_answer(**overrides) -> dict:
    answer = {
        "vnp_ResponseId": "a1b2",
        "vnp_Command": "querydr",
        "vnp_ResponseCode": "00",
        "vnp_Message": "QueryDR Success",
        "vnp_TmnCode": "DEMOV210",
        "vnp_TxnRef": "TT2612010001A1",
        "vnp_Amount": "1000000",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240115103512",
        "vnp_TransactionNo": "14226112",
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": "00",
        "vnp_OrderInfo": "Thanh toan don hang TT2612010001",
        **overrides,
    }
    answer["vnp_SecureHash"] = sign_fields(SECRET, answer, QUERY_RESPONSE_FIELDS)
    return answer


def test_querydr_request_is_signed_over_its_values_in_the_documented_order():
    session = FakeSession(_query_answer())
    result = client(session).query(
        txn_ref="TT2612010001A1",
        transaction_date=datetime(2024, 1, 15, 3, 30, tzinfo=UTC),
        ip_addr="203.0.113.7",
        order_info="Tra cứu đơn TT2612010001",
        now=datetime(2024, 1, 15, 11, 0, tzinfo=VN_TZ),
    )
    sent = session.sent[0]
    expected = (
        f"{sent['vnp_RequestId']}|2.1.0|querydr|DEMOV210|TT2612010001A1|20240115103000"
        "|20240115110000|203.0.113.7|Tra cuu don TT2612010001"
    )
    assert sent["vnp_SecureHash"] == _hmac(expected)
    assert len(sent["vnp_RequestId"]) == 32
    assert (result.paid, result.amount, result.transaction_no) == (True, 10_000, "14226112")
    assert result.pay_date == datetime(2024, 1, 15, 10, 35, 12, tzinfo=VN_TZ)


def test_querydr_response_signature_is_checked_over_the_documented_fields():
    # Our own vector: the response string, with the two promotion fields empty.
    answer = _query_answer()
    assert answer["vnp_SecureHash"] == _hmac(
        "a1b2|querydr|00|QueryDR Success|DEMOV210|TT2612010001A1|1000000|NCB|20240115103512"
        "|14226112|01|00|Thanh toan don hang TT2612010001||"
    )
    forged = {**answer, "vnp_TransactionStatus": "00", "vnp_Amount": "100"}
    with pytest.raises(VNPayBadResponse):
        _query(FakeSession(forged))
    with pytest.raises(VNPayBadResponse):
        _query(FakeSession({k: v for k, v in answer.items() if k != "vnp_SecureHash"}))
    with pytest.raises(VNPayBadResponse):
        _query(FakeSession(FakeResponse(ValueError("not json"))))


def _query(session):
    return client(session).query(
        txn_ref="TT2612010001A1",
        transaction_date=datetime(2024, 1, 15, 10, 30, tzinfo=VN_TZ),
        ip_addr="127.0.0.1",
    )


def test_querydr_is_retried_on_network_errors_with_a_new_request_id(monkeypatch):
    monkeypatch.setattr("payments.vnpay.client.time.sleep", lambda seconds: None)
    session = FakeSession(requests.ConnectionError("refused"), FakeResponse({}, status=502), _query_answer())
    assert _query(session).paid
    assert len({sent["vnp_RequestId"] for sent in session.sent}) == 3


def test_querydr_gives_up_with_a_clear_error(monkeypatch):
    monkeypatch.setattr("payments.vnpay.client.time.sleep", lambda seconds: None)
    with pytest.raises(VNPayUnavailable):
        _query(FakeSession(*[requests.Timeout("slow")] * 3))


def _refund(session, **overrides):
    fields = dict(
        txn_ref="TT2612010001A1",
        amount=250_000,
        transaction_no="14226112",
        transaction_date=datetime(2024, 1, 15, 10, 30, tzinfo=VN_TZ),
        full=False,
        create_by="he-thong",
        ip_addr="127.0.0.1",
        order_info="Hoàn tiền đơn DH2601150001",
        now=datetime(2024, 1, 16, 9, 0, tzinfo=VN_TZ),
    )
    return client(session).refund(**{**fields, **overrides})


def _refund_answer(**overrides):
    answer = {
        "vnp_ResponseId": "r1",
        "vnp_Command": "refund",
        "vnp_ResponseCode": "00",
        "vnp_Message": "Refund success",
        "vnp_TmnCode": "DEMOV210",
        "vnp_TxnRef": "TT2612010001A1",
        "vnp_Amount": "25000000",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240116090001",
        "vnp_TransactionNo": "14226999",
        "vnp_TransactionType": "03",
        "vnp_TransactionStatus": "05",
        "vnp_OrderInfo": "Hoan tien don DH2601150001",
        **overrides,
    }
    answer["vnp_SecureHash"] = sign_fields(SECRET, answer, REFUND_RESPONSE_FIELDS)
    return answer


def test_refund_request_signature_vector_partial_and_full():
    session = FakeSession(_refund_answer(), _refund_answer(vnp_TransactionType="02", vnp_Amount="100000000"))
    result = _refund(session)
    sent = session.sent[0]
    assert sent["vnp_SecureHash"] == _hmac(
        f"{sent['vnp_RequestId']}|2.1.0|refund|DEMOV210|03|TT2612010001A1|25000000|14226112"
        "|20240115103000|he-thong|20240116090000|127.0.0.1|Hoan tien don DH2601150001"
    )
    assert (result.accepted, result.amount) == (True, 250_000)
    _refund(session, amount=1_000_000, full=True)
    assert (session.sent[1]["vnp_TransactionType"], session.sent[1]["vnp_Amount"]) == ("02", "100000000")


def test_refund_response_signature_vector():
    assert _refund_answer()["vnp_SecureHash"] == _hmac(
        "r1|refund|00|Refund success|DEMOV210|TT2612010001A1|25000000|NCB|20240116090001"
        "|14226999|03|05|Hoan tien don DH2601150001"
    )
    with pytest.raises(VNPayBadResponse):
        _refund(FakeSession({**_refund_answer(), "vnp_ResponseCode": "00", "vnp_Amount": "1"}))


def test_refund_is_never_retried_a_lost_answer_is_reported():
    session = FakeSession(requests.Timeout("slow"), _refund_answer())
    with pytest.raises(VNPayUnavailable):
        _refund(session)
    assert len(session.sent) == 1


def test_payment_url_parameters_parse_back():
    params = dict(parse_qsl(urlsplit(spec_url(bank_code="VNPAYQR")).query))
    assert params["vnp_BankCode"] == "VNPAYQR"
    assert client().verify(params)
