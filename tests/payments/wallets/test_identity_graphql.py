"""The identity part of the wallet API, as a phone app calls it: open, verify, PIN, freeze,
merchant wallets and the `wallet` query; others' wallets are not found, odd input is an error
as data (never a 500)."""

import pytest

from marketplace.accounts.models import User
from marketplace.accounts.sms import MemorySms
from marketplace.businesses.models import BusinessMember
from marketplace.graphql.ids import encode_id
from payments.wallets.merchant import wallet_open_merchant
from payments.wallets.models import Wallet
from tests.factories import OfficerFactory, UserFactory, business_with_owner
from tests.payments.wallets.identity_helpers import (
    PIN,
    identity_settings,
    registered_person,
    registration,
    wallet_with_pin,
)

pytestmark = pytest.mark.django_db

WALLET_FIELDS = "id kind verified holderName phoneMasked idNumberLast4 pinSet frozen frozenByOperator balance"
OPEN = f"""mutation($name: String!, $id: String!, $born: Date!) {{
  walletOpen(fullName: $name, idNumber: $id, birthDate: $born) {{
    wallet {{ {WALLET_FIELDS} }} errors {{ field code message }} }} }}"""
VERIFY = f"""mutation($code: String!) {{ walletVerifyPhone(code: $code) {{
  wallet {{ {WALLET_FIELDS} }} errors {{ field code message }} }} }}"""
OTP = """mutation($purpose: WalletOtpPurpose!, $wallet: ID) { walletOtpSend(purpose: $purpose, walletId: $wallet) {
  wallet { id } errors { field code message } } }"""
PIN_SET = f"""mutation($pin: String!, $wallet: ID) {{ walletPinSet(pin: $pin, walletId: $wallet) {{
  wallet {{ {WALLET_FIELDS} }} errors {{ field code message }} }} }}"""
PIN_CHANGE = """mutation($new: String!, $old: String, $otp: String, $wallet: ID) {
  walletPinChange(newPin: $new, oldPin: $old, otpCode: $otp, walletId: $wallet) {
    wallet { pinSet } errors { field code message } } }"""
FREEZE = """mutation($wallet: ID, $reason: String) { walletFreeze(walletId: $wallet, reason: $reason) {
  wallet { frozen frozenByOperator frozenReason } errors { field code message } } }"""
UNFREEZE = """mutation($wallet: ID, $reason: String, $pin: String, $otp: String) {
  walletUnfreeze(walletId: $wallet, reason: $reason, pin: $pin, otpCode: $otp) {
    wallet { frozen } errors { field code message } } }"""
MERCHANT = f"""mutation($business: ID!) {{ walletOpenMerchant(businessId: $business) {{
  wallet {{ {WALLET_FIELDS} }} errors {{ field code message }} }} }}"""
WALLET = f"""query($business: ID) {{ wallet(businessId: $business) {{ {WALLET_FIELDS} monthlyCap monthlyLeft }} }}"""


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a request scheduled for after its commit (the SMS, the notices)."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def codes(answer) -> list[str]:
    return [error["code"] for error in answer["errors"]]


def wid(wallet) -> str:
    return encode_id("Wallet", wallet.pk)


def _open_variables(user, **changes):
    record = registration(user)
    return {
        "name": record.full_name,
        "id": record.id_number,
        "born": record.birth_date.isoformat(),
        **changes,
    }


def test_a_person_opens_verifies_and_sets_a_pin_then_reads_the_wallet(gql, committed):
    user = registered_person()
    gql.login(user)
    assert gql(WALLET)["data"]["wallet"] is None

    opened = committed(lambda: gql(OPEN, _open_variables(user)))["data"]["walletOpen"]
    assert opened["errors"] == []
    assert opened["wallet"]["verified"] is False and opened["wallet"]["phoneMasked"].endswith(user.phone[-3:])
    code = MemorySms.last_code(user.phone)
    verified = committed(lambda: gql(VERIFY, {"code": code}))["data"]["walletVerifyPhone"]
    assert verified["errors"] == [] and verified["wallet"]["verified"] is True
    with_pin = gql(PIN_SET, {"pin": PIN})["data"]["walletPinSet"]
    assert with_pin["errors"] == [] and with_pin["wallet"]["pinSet"] is True

    wallet = gql(WALLET)["data"]["wallet"]
    assert wallet["holderName"] == "Nguyễn Văn An" and wallet["balance"] == 0
    assert wallet["monthlyCap"] == wallet["monthlyLeft"] == 100_000_000


def test_a_visitor_gets_no_wallet_and_opens_none(gql):
    assert gql(WALLET)["data"]["wallet"] is None
    answer = gql(OPEN, {"name": "A", "id": "008090000001", "born": "1990-05-17"})["data"]["walletOpen"]
    assert codes(answer) == ["NOT_AUTHENTICATED"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": ""}, ["REQUIRED"]),
        ({"name": "x" * 100_000}, ["TOO_LONG"]),
        ({"name": "Nguy\u1ec5n\u200b V\u0103n An"}, ["INVISIBLE_CHARACTERS"]),
        ({"id": ""}, ["WALLET_IDENTITY_INVALID"]),
        ({"id": "-08090000001"}, ["WALLET_IDENTITY_INVALID"]),
        ({"id": "9" * 100_000}, ["TOO_LONG"]),
        ({"id": "００８０９０００００１"}, ["WALLET_IDENTITY_INVALID"]),
        ({"born": "2999-01-01"}, ["WALLET_IDENTITY_INVALID"]),
        ({"born": "0001-01-01"}, ["WALLET_IDENTITY_INVALID"]),
    ],
)
def test_odd_identity_is_an_error_as_data(gql, changes, expected):
    user = registered_person()
    answer = gql.login(user)(OPEN, _open_variables(user, **changes))["data"]["walletOpen"]
    assert codes(answer) == expected and answer["wallet"] is None
    assert all(error["message"] for error in answer["errors"])


def test_the_name_in_decomposed_unicode_is_the_same_name(gql):
    user = registered_person()
    import unicodedata

    decomposed = unicodedata.normalize("NFD", registration(user).full_name)
    answer = gql.login(user)(OPEN, _open_variables(user, name=decomposed))["data"]["walletOpen"]
    assert answer["errors"] == [] and answer["wallet"]["holderName"] == "Nguyễn Văn An"


@pytest.mark.parametrize("born", ["", "17/05/1990", "1990-13-45", "x" * 1000, None])
def test_a_malformed_birth_date_is_refused_by_the_schema_not_crashed(gql, born):
    user = registered_person()
    response = gql.login(user).raw(OPEN, _open_variables(user, born=born))
    assert response.status_code in (200, 400)
    assert response.json()["errors"] and not Wallet.objects.exists()


def test_a_mismatched_identity_says_what_must_match(gql):
    user = registered_person()
    answer = gql.login(user)(OPEN, _open_variables(user, id="008090999999"))["data"]["walletOpen"]
    assert (
        codes(answer) == ["WALLET_IDENTITY_MISMATCH"] and "đăng ký thuê bao" in answer["errors"][0]["message"]
    )


@pytest.mark.parametrize("code", ["", "-1", "0", "x" * 100_000, "１２３４５６", "12345\u200b"])
def test_odd_codes_are_errors_as_data(gql, committed, code):
    user = registered_person()
    gql.login(user)
    committed(lambda: gql(OPEN, _open_variables(user)))
    answer = gql(VERIFY, {"code": code})["data"]["walletVerifyPhone"]
    assert codes(answer) in (["OTP_WRONG"], ["TOO_LONG"], ["INVISIBLE_CHARACTERS"])


def test_verifying_without_a_wallet_is_not_found(gql):
    answer = gql.login(UserFactory())(VERIFY, {"code": "123456"})["data"]["walletVerifyPhone"]
    assert codes(answer) == ["WALLET_NOT_FOUND"]


@pytest.mark.parametrize("pin", ["", "0", "-12345", "123456", "000000", "x" * 100_000, "１２３４５６"])
def test_odd_and_weak_pins_are_errors_as_data(gql, committed, pin):
    user = registered_person()
    from tests.payments.wallets.identity_helpers import verified_wallet

    verified_wallet(user)
    answer = gql.login(user)(PIN_SET, {"pin": pin})["data"]["walletPinSet"]
    assert codes(answer) in (["WALLET_PIN_WEAK"], ["TOO_LONG"])


def test_pin_change_through_the_api_with_the_old_pin_or_a_code(gql, committed):
    wallet = wallet_with_pin()
    gql.login(wallet.user)
    assert gql(PIN_CHANGE, {"new": "502816", "old": PIN})["data"]["walletPinChange"]["errors"] == []
    wrong = gql(PIN_CHANGE, {"new": "918273", "old": PIN})["data"]["walletPinChange"]
    assert codes(wrong) == ["WALLET_PIN_WRONG"] and "Còn 4 lần" in wrong["errors"][0]["message"]
    assert codes(gql(PIN_CHANGE, {"new": "918273"})["data"]["walletPinChange"]) == [
        "WALLET_PIN_PROOF_REQUIRED"
    ]

    sent = committed(lambda: gql(OTP, {"purpose": "PIN_RESET"}))["data"]["walletOtpSend"]
    assert sent["errors"] == []
    again = gql(OTP, {"purpose": "PIN_RESET"})["data"]["walletOtpSend"]
    assert codes(again) == ["OTP_TOO_SOON"]
    answer = gql(PIN_CHANGE, {"new": "918273", "otp": MemorySms.last_code(wallet.phone)})["data"]
    assert answer["walletPinChange"]["errors"] == []


def test_nobody_operates_another_persons_wallet_by_its_id(gql):
    wallet = wallet_with_pin()
    stranger = wallet_with_pin()
    gql.login(stranger.user)
    variables = {"wallet": wid(wallet)}
    assert codes(gql(PIN_SET, {"pin": "502816", **variables})["data"]["walletPinSet"]) == ["WALLET_NOT_FOUND"]
    assert codes(gql(PIN_CHANGE, {"new": "502816", "old": PIN, **variables})["data"]["walletPinChange"]) == [
        "WALLET_NOT_FOUND"
    ]
    assert codes(gql(OTP, {"purpose": "PIN_RESET", **variables})["data"]["walletOtpSend"]) == [
        "WALLET_NOT_FOUND"
    ]
    assert codes(gql(FREEZE, variables)["data"]["walletFreeze"]) == ["WALLET_NOT_FOUND"]
    assert codes(gql(UNFREEZE, {**variables, "pin": PIN, "otp": "123456"})["data"]["walletUnfreeze"]) == [
        "WALLET_NOT_FOUND"
    ]
    assert gql(f'{{ node(id: "{wid(wallet)}") {{ id }} }}')["data"]["node"] is None
    assert not Wallet.objects.get(pk=wallet.pk).is_frozen


@pytest.mark.parametrize("bad_id", ["", "abc", "-1", "0", "x" * 10_000, encode_id("Product", 1)])
def test_odd_wallet_ids_are_errors_as_data(gql, bad_id):
    wallet = wallet_with_pin()
    answer = gql.login(wallet.user)(FREEZE, {"wallet": bad_id})["data"]["walletFreeze"]
    # An empty ID means "my own wallet"; anything else malformed is INVALID_ID.
    assert codes(answer) == ([] if bad_id == "" else ["INVALID_ID"])


def test_the_owner_freezes_and_unfreezes_through_the_api(gql, committed):
    wallet = wallet_with_pin()
    gql.login(wallet.user)
    frozen = gql(FREEZE, {})["data"]["walletFreeze"]
    assert frozen["errors"] == [] and frozen["wallet"]["frozen"] is True
    committed(lambda: gql(OTP, {"purpose": "WALLET_UNFREEZE"}))
    answer = gql(UNFREEZE, {"pin": PIN, "otp": MemorySms.last_code(wallet.phone)})["data"]["walletUnfreeze"]
    assert answer["errors"] == [] and answer["wallet"]["frozen"] is False


def test_an_operator_freezes_with_a_reason_and_an_officer_cannot(gql):
    wallet = wallet_with_pin()
    operator = UserFactory(role=User.Role.FINANCE)
    gql.login(OfficerFactory())
    assert codes(gql(FREEZE, {"wallet": wid(wallet), "reason": "x"})["data"]["walletFreeze"]) == [
        "WALLET_NOT_FOUND"
    ]
    gql.login(operator)
    assert codes(gql(FREEZE, {"wallet": wid(wallet)})["data"]["walletFreeze"]) == ["REASON_REQUIRED"]
    too_long = gql(FREEZE, {"wallet": wid(wallet), "reason": "x" * 100_000})["data"]["walletFreeze"]
    assert codes(too_long) == ["TOO_LONG"]
    answer = gql(FREEZE, {"wallet": wid(wallet), "reason": "Nghi lừa đảo"})["data"]["walletFreeze"]
    # The operator's answer does not show them the person's wallet.
    assert answer["errors"] == [] and answer["wallet"] is None
    assert Wallet.objects.get(pk=wallet.pk).frozen_by_operator
    gql.login(wallet.user)
    assert gql(WALLET)["data"]["wallet"]["frozenByOperator"] is True
    answer = gql(UNFREEZE, {"pin": PIN, "otp": "123456"})["data"]["walletUnfreeze"]
    assert codes(answer) == ["WALLET_FROZEN_BY_OPERATOR"]


def test_merchant_wallets_through_the_api_owner_opens_staff_reads_strangers_see_nothing(gql):
    business, owner = business_with_owner()
    staff = UserFactory()
    BusinessMember.objects.create(business=business, user=staff, role=BusinessMember.Role.STAFF)
    business_id = encode_id("Business", business.pk)

    assert codes(gql.login(staff)(MERCHANT, {"business": business_id})["data"]["walletOpenMerchant"]) == [
        "WALLET_PERMISSION_DENIED"
    ]
    opened = gql.login(owner)(MERCHANT, {"business": business_id})["data"]["walletOpenMerchant"]
    assert opened["errors"] == [] and opened["wallet"]["kind"] == "MERCHANT" and opened["wallet"]["verified"]
    assert gql(WALLET, {"business": business_id})["data"]["wallet"]["monthlyCap"] is None
    wallet_id = opened["wallet"]["id"]
    assert gql(PIN_SET, {"pin": PIN, "wallet": wallet_id})["data"]["walletPinSet"]["errors"] == []

    gql.login(staff)
    assert gql(WALLET, {"business": business_id})["data"]["wallet"]["id"] == wallet_id
    assert codes(
        gql(PIN_CHANGE, {"new": "502816", "old": PIN, "wallet": wallet_id})["data"]["walletPinChange"]
    ) == ["WALLET_PERMISSION_DENIED"]
    for someone in (UserFactory(), OfficerFactory()):
        gql.login(someone)
        assert gql(WALLET, {"business": business_id})["data"]["wallet"] is None
        answer = gql(MERCHANT, {"business": business_id})["data"]["walletOpenMerchant"]
        assert codes(answer) == ["NOT_FOUND"]


@pytest.mark.parametrize("bad_id", ["", "abc", "x" * 10_000, encode_id("Wallet", 1)])
def test_odd_business_ids_are_errors_not_crashes(gql, bad_id):
    business, owner = business_with_owner()
    wallet_open_merchant(user=owner, business_id=business.pk)
    gql.login(owner)
    response = gql.raw(WALLET, {"business": bad_id})
    assert response.status_code == 200
    body = response.json()
    if bad_id == "":
        assert body["data"]["wallet"] is None  # no business: the personal wallet, none here
    else:
        assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"
    answer = gql(MERCHANT, {"business": bad_id})["data"]["walletOpenMerchant"]
    assert codes(answer) == ["INVALID_ID"]


def test_reading_ones_wallet_costs_a_fixed_number_of_queries(gql, django_assert_num_queries):
    wallet = wallet_with_pin()
    gql.login(wallet.user)
    gql(WALLET)
    # The user; the wallet with its ledger account; the month's usage.
    with django_assert_num_queries(3):
        assert gql(WALLET)["data"]["wallet"]["pinSet"] is True


def test_reading_a_merchant_wallet_costs_a_fixed_number_of_queries(gql, django_assert_num_queries):
    business, owner = business_with_owner()
    wallet_open_merchant(user=owner, business_id=business.pk)
    gql.login(owner)
    variables = {"business": encode_id("Business", business.pk)}
    gql(WALLET, variables)
    # The user; the wallet with its account; the owner check.
    with django_assert_num_queries(3):
        assert gql(WALLET, variables)["data"]["wallet"]["kind"] == "MERCHANT"


def test_an_unverified_wallet_gets_its_code_again_but_no_pin(gql, committed, settings):
    settings.WALLET_OTP_RESEND_SECONDS = 0
    user = registered_person()
    gql.login(user)
    committed(lambda: gql(OPEN, _open_variables(user)))
    assert codes(gql(PIN_SET, {"pin": PIN})["data"]["walletPinSet"]) == ["WALLET_NOT_VERIFIED"]

    again = committed(lambda: gql(OTP, {"purpose": "WALLET_OPEN"}))["data"]["walletOtpSend"]
    reopened = committed(lambda: gql(OPEN, _open_variables(user)))["data"]["walletOpen"]

    assert again["errors"] == [] and reopened["errors"] == [] and len(MemorySms.outbox) == 3
    verified = gql(VERIFY, {"code": MemorySms.last_code(user.phone)})["data"]["walletVerifyPhone"]
    assert verified["wallet"]["verified"] is True
    assert codes(gql(OTP, {"purpose": "WALLET_OPEN"})["data"]["walletOtpSend"]) == ["WALLET_ALREADY_OPEN"]
