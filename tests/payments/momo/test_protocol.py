"""MoMo's signatures: exactly the spec's field orders over raw values, HMAC-SHA256 hex."""

import hashlib
import hmac

import pytest

from payments.momo.protocol import (
    CREATE_FIELDS,
    IPN_FIELDS,
    QUERY_FIELDS,
    REFUND_FIELDS,
    parse_amount,
    parse_result_code,
    raw_signature,
    sign,
    verify,
)

CREATE = {
    "accessKey": "F8BBA842ECF85",
    "amount": 150000,
    "extraData": "",
    "ipnUrl": "https://cho.example.vn/payments/momo/ipn/",
    "orderId": "TT2612010001ABCD",
    "orderInfo": "Thanh toán đơn hàng TT2612010001 tại Chợ Số",
    "partnerCode": "MOMO",
    "redirectUrl": "https://cho.example.vn/payments/momo/return/?a=1&b=2",
    "requestId": "req-0001",
    "requestType": "captureWallet",
    "lang": "vi",  # sent, never signed
}


def test_the_create_signature_covers_the_spec_fields_in_order_with_raw_values():
    expected = (
        "accessKey=F8BBA842ECF85&amount=150000&extraData=&ipnUrl=https://cho.example.vn/payments/momo/ipn/"
        "&orderId=TT2612010001ABCD&orderInfo=Thanh toán đơn hàng TT2612010001 tại Chợ Số&partnerCode=MOMO"
        "&redirectUrl=https://cho.example.vn/payments/momo/return/?a=1&b=2&requestId=req-0001"
        "&requestType=captureWallet"
    )
    assert raw_signature(CREATE, CREATE_FIELDS) == expected
    secret = "K951B6PE1waDMi640xX08PD3vg6EkVlz"
    assert (
        sign(secret, CREATE, CREATE_FIELDS)
        == hmac.new(secret.encode(), expected.encode(), hashlib.sha256).hexdigest()
    )


def test_the_field_orders_are_the_spec_s():
    assert ",".join(IPN_FIELDS) == (
        "accessKey,amount,extraData,message,orderId,orderInfo,orderType,partnerCode,payType,requestId,"
        "responseTime,resultCode,transId"
    )
    assert QUERY_FIELDS == ("accessKey", "orderId", "partnerCode", "requestId")
    assert REFUND_FIELDS == (
        "accessKey",
        "amount",
        "description",
        "orderId",
        "partnerCode",
        "requestId",
        "transId",
    )


def test_a_callback_verifies_with_the_access_key_from_settings_only():
    ipn = {key: "" for key in IPN_FIELDS if key != "accessKey"}
    ipn |= {"amount": 1000, "orderId": "X1", "resultCode": 0, "transId": 7, "partnerCode": "MOMO"}
    ipn["signature"] = sign("s3cret", {**ipn, "accessKey": "AK"}, IPN_FIELDS)
    assert verify("s3cret", "AK", ipn, IPN_FIELDS)
    assert verify("s3cret", "AK", {**ipn, "signature": ipn["signature"].upper()}, IPN_FIELDS)
    assert not verify("s3cret", "OTHER", ipn, IPN_FIELDS)
    assert not verify("s3cret", "AK", {**ipn, "amount": 1001}, IPN_FIELDS)
    # The body's own accessKey is ignored: a forger cannot choose the key that is signed.
    assert not verify("s3cret", "AK", {**ipn, "accessKey": "X"} | {"amount": 5}, IPN_FIELDS)
    for odd in (None, 1, "", "é" * 64, ["a"]):
        assert not verify("s3cret", "AK", {**ipn, "signature": odd}, IPN_FIELDS)
    # A signed field missing, null or a list is refused, though each would sign as "".
    for odd in (None, ["x"], True):
        blank = {**ipn, "extraData": odd}
        assert not verify(
            "s3cret",
            "AK",
            {**blank, "signature": sign("s3cret", {**blank, "accessKey": "AK"}, IPN_FIELDS)},
            IPN_FIELDS,
        )


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (1000, 1000),
        ("1000", 1000),
        (True, None),
        (1.5, None),
        ("1e3", None),
        ("١٢", None),
        (-5, None),
        ("", None),
    ],
)
def test_amounts_are_whole_vnd_or_refused(value, amount):
    assert parse_amount(value) == amount


def test_result_codes_parse_from_numbers_or_digits():
    assert [parse_result_code(v) for v in (0, "1006", True, "x", None, "9999999")] == [
        0,
        1006,
        None,
        None,
        None,
        None,
    ]
