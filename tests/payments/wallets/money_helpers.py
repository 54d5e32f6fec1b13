"""Shared by the wallet money tests: VNPay's test terminal, the GraphQL documents, and orders
placed with the wallet as their method."""

from urllib.parse import parse_qsl, urlsplit

from marketplace.graphql.ids import encode_id
from orders.models import SideEffect
from tests.payments.vnpay.sandbox_helpers import SECRET, TMN_CODE

TOP_UP = """mutation($amount: Int!, $key: String) { walletTopUp(amount: $amount, idempotencyKey: $key) {
  operation { reference kind status amount } redirectUrl errors { field code message } } }"""
PAY = """mutation($id: ID!, $pin: String!, $key: String) {
  walletPay(paymentGroupId: $id, pin: $pin, idempotencyKey: $key) {
  operation { reference kind status amount } paymentGroup { number status }
  errors { field code message } } }"""


def use_vnpay(settings) -> None:
    settings.VNPAY_TMN_CODE = TMN_CODE
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_RETURN_URL = "http://testserver/payments/vnpay/return/"
    settings.VNPAY_EXPIRE_MINUTES = 15


def url_params(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


def gid(group) -> str:
    return encode_id("PaymentGroup", group.pk)


def sms_bodies(wallet) -> list[str]:
    """The wallet notices queued for the owner's phone (sent after the commit)."""
    notices = SideEffect.objects.filter(kind=SideEffect.Kind.NOTIFY, key__startswith="wallet:")
    return [n.payload["body"] for n in notices if wallet.phone in n.payload.get("phones", [])]
