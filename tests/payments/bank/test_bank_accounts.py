"""A business's receiving account: only its owners set it; members, finance operators and
officers read it; the printable shop QR opens for members only."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from marketplace.businesses.models import BusinessMember
from marketplace.graphql.ids import encode_id
from payments.banks.models import BusinessBankAccount
from payments.banks.services import business_bank_account_set
from payments.banks.shop_qr import shop_qr_url
from payments.vietqr import parse_payload
from tests.factories import PASSWORD, OfficerFactory, UserFactory, business_with_owner
from tests.payments.bank.helpers import finance_operator

pytestmark = pytest.mark.django_db

SET = """
mutation($business: ID!, $bin: String!, $number: String!, $holder: String!) {
  businessBankAccountSet(business: $business, bankBin: $bin, accountNumber: $number, holderName: $holder) {
    bankAccount { bank { shortName } accountNumber holderName qrPayload }
    errors { field code message }
  }
}"""
READ = """
query($id: ID!) {
  node(id: $id) { ... on Business { name bankAccount { bankBin accountNumber holderName qrSvg printUrl } } }
}"""


def _set(gql, business, **overrides):
    variables = {
        "business": encode_id("Business", business.pk),
        "bin": "970405",
        "number": "8888 1234 5678",
        "holder": "Nguyễn Thị Hoà",
        **overrides,
    }
    return gql(SET, variables)["data"]["businessBankAccountSet"]


def _registered():
    business, owner = business_with_owner()
    business_bank_account_set(
        user=owner,
        business_id=business.pk,
        bank_bin="970405",
        account_number="888812345678",
        holder_name="Nguyen Thi Hoa",
    )
    return business, owner


def _read(gql, business):
    return gql(READ, {"id": encode_id("Business", business.pk)})["data"]["node"]["bankAccount"]


def test_owner_registers_the_account_with_the_holder_name_as_banks_print_it(gql):
    business, owner = business_with_owner()
    payload = _set(gql.login(owner), business)
    assert payload["errors"] == []
    account = payload["bankAccount"]
    assert account["bank"]["shortName"] == "Agribank"
    assert account["accountNumber"] == "888812345678"
    assert account["holderName"] == "NGUYEN THI HOA"
    qr = parse_payload(account["qrPayload"])
    assert (qr.bank_bin, qr.account_number, qr.dynamic) == ("970405", "888812345678", False)
    row = BusinessBankAccount.objects.get(business=business)
    assert row.updated_by == owner


def test_setting_again_replaces_the_one_account(gql):
    business, owner = _registered()
    payload = _set(gql.login(owner), business, bin="970436", number="0011009988776")
    assert payload["errors"] == []
    assert list(BusinessBankAccount.objects.filter(business=business).values_list("bank_bin", flat=True)) == [
        "970436"
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"bin": "970999"}, "bankBin", "BANK_UNKNOWN"),
        ({"bin": "123456"}, "bankBin", "BANK_UNKNOWN"),
        ({"number": "12-34"}, "accountNumber", "VIETQR_INVALID_ACCOUNT_NUMBER"),
        ({"holder": "  "}, "holderName", "BANK_INVALID_HOLDER_NAME"),
        ({"holder": "Hoa <script>"}, "holderName", "BANK_INVALID_HOLDER_NAME"),
    ],
)
def test_invalid_input_is_refused_with_a_code(gql, overrides, field, code):
    business, owner = business_with_owner()
    errors = _set(gql.login(owner), business, **overrides)["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]
    assert not BusinessBankAccount.objects.exists()


def test_staff_cannot_redirect_the_money(gql):
    business, _owner = business_with_owner()
    staff = UserFactory()
    BusinessMember.objects.create(business=business, user=staff, role=BusinessMember.Role.STAFF)
    assert _set(gql.login(staff), business)["errors"][0]["code"] == "PERMISSION_DENIED"


def test_another_business_owner_can_neither_set_nor_read(gql):
    business, _ = _registered()
    _other, stranger = business_with_owner()
    assert _set(gql.login(stranger), business)["errors"][0]["code"] == "PERMISSION_DENIED"
    assert _read(gql, business) is None
    assert BusinessBankAccount.objects.get(business=business).account_number == "888812345678"


def test_officer_reads_but_cannot_write(gql):
    business, _ = _registered()
    gql.login(OfficerFactory())
    account = _read(gql, business)
    assert account["accountNumber"] == "888812345678"
    assert account["printUrl"] is None  # the stall sign is the seller's
    assert _set(gql, business)["errors"][0]["code"] == "PERMISSION_DENIED"


def test_finance_operator_reads(gql):
    business, _ = _registered()
    assert _read(gql.login(finance_operator()), business)["holderName"] == "NGUYEN THI HOA"


def test_buyer_and_anonymous_see_nothing(gql):
    business, _ = _registered()
    assert _read(gql.login(UserFactory()), business) is None
    assert _read(gql.logout(), business) is None
    assert _set(gql, business)["errors"][0]["code"] == "NOT_AUTHENTICATED"


def test_members_see_the_qr_as_svg_and_a_print_link(gql):
    business, owner = _registered()
    account = _read(gql.login(owner), business)
    assert ET.fromstring(account["qrSvg"]).tag.endswith("svg")
    assert f"/payments/shop-qr/{business.pk}/?t=" in account["printUrl"]


def test_banks_lists_the_main_vietnamese_banks(gql):
    banks = {b["bin"]: b["shortName"] for b in gql("{ banks { bin shortName fullName } }")["data"]["banks"]}
    for bank_bin, name in [
        ("970415", "VietinBank"),
        ("970436", "Vietcombank"),
        ("970405", "Agribank"),
        ("970418", "BIDV"),
        ("970422", "MB"),
        ("970449", "LPBank"),
    ]:
        assert banks[bank_bin] == name
    assert len(banks) >= 20 and all(b.startswith("970") and len(b) == 6 for b in banks)


# The printable page.


def test_the_a5_page_opens_from_the_members_link_and_shows_the_account():
    business, owner = _registered()
    response = Client().get(shop_qr_url(business_id=business.pk, user=owner))
    assert response.status_code == 200
    html = response.content.decode()
    assert "size: A5" in html and "<script" not in html
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    # Sized by the page's CSS through its viewBox: fixed width/height would crop the code.
    assert svg.get("viewBox") and svg.get("width") is None
    assert business.name in html and "8888 1234 5678" in html and "NGUYEN THI HOA" in html
    assert "Agribank" in html
    assert response["Cache-Control"] == "private, no-store"


def test_the_page_opens_in_the_browser_the_member_signed_in_with():
    business, owner = _registered()
    client = Client()
    sign_in = """mutation($id: String!, $pw: String!) { tokenCreate(identifier: $id, password: $pw) {
      token errors { code } } }"""
    answer = client.post(
        "/graphql/",
        data=json.dumps({"query": sign_in, "variables": {"id": owner.phone, "pw": PASSWORD}}),
        content_type="application/json",
    ).json()
    assert answer["data"]["tokenCreate"]["errors"] == []
    assert client.get(f"/payments/shop-qr/{business.pk}/").status_code == 200


def test_the_page_refuses_strangers_forged_links_and_other_businesses_links():
    business, owner = _registered()
    other, other_owner = _registered()
    client = Client()
    assert client.get(f"/payments/shop-qr/{business.pk}/").status_code == 403
    assert client.get(f"/payments/shop-qr/{business.pk}/?t=forged").status_code == 403
    other_link = shop_qr_url(business_id=other.pk, user=other_owner)
    token = other_link.split("?t=")[1]
    assert client.get(f"/payments/shop-qr/{business.pk}/?t={token}").status_code == 403
    client.force_login(UserFactory())
    assert client.get(f"/payments/shop-qr/{business.pk}/").status_code == 403


def test_a_link_stops_working_when_the_member_leaves():
    business, owner = _registered()
    staff = UserFactory()
    BusinessMember.objects.create(business=business, user=staff, role=BusinessMember.Role.STAFF)
    link = shop_qr_url(business_id=business.pk, user=staff)
    BusinessMember.objects.filter(user=staff).delete()
    assert Client().get(link).status_code == 403


def test_the_page_says_when_no_account_is_registered():
    business, owner = business_with_owner()
    response = Client().get(shop_qr_url(business_id=business.pk, user=owner))
    assert response.status_code == 404
    assert "chưa đăng ký tài khoản ngân hàng" in response.content.decode()


def test_every_bad_field_is_answered_at_once(gql):
    business, owner = business_with_owner()
    errors = _set(gql.login(owner), business, bin="123456", number="12", holder="")["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("bankBin", "BANK_UNKNOWN"),
        ("accountNumber", "VIETQR_INVALID_ACCOUNT_NUMBER"),
        ("holderName", "BANK_INVALID_HOLDER_NAME"),
    ]
    assert all(e["message"] for e in errors)
    assert not BusinessBankAccount.objects.exists()


def test_the_refusal_tells_a_seller_how_to_open_the_page_not_the_admin_login():
    business, _owner = _registered()
    response = Client().get(f"/payments/shop-qr/{business.pk}/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "printUrl" in page and "tokenCreate" in page
    assert 'href="/admin/login/"' not in page


def test_every_owner_hears_when_the_payout_account_changes(django_capture_on_commit_callbacks):
    from orders.notifications import MemoryBackend

    business, owner = business_with_owner()
    co_owner = UserFactory()
    BusinessMember.objects.create(business=business, user=co_owner, role=BusinessMember.Role.OWNER)
    fields = {"business_id": business.pk, "bank_bin": "970405", "holder_name": "Nguyễn Thị Hoà"}
    with django_capture_on_commit_callbacks(execute=True):
        business_bank_account_set(user=owner, account_number="888812345678", **fields)
    with django_capture_on_commit_callbacks(execute=True):
        business_bank_account_set(user=owner, account_number="8888 1234 5678", **fields)  # the same
    assert len(MemoryBackend.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        business_bank_account_set(user=owner, account_number="999900001111", **fields)
    first, changed = MemoryBackend.outbox
    assert changed.event == "bank_account_changed"
    assert {owner.phone, co_owner.phone} <= set(changed.phones)
    assert "1111" in changed.body and "999900001111" not in changed.body
    assert "Agribank" in changed.body and "NGUYEN THI HOA" in changed.body
