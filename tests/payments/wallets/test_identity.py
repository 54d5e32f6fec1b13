"""Opening a personal wallet: the identity must be the phone's registration, one wallet per
person and phone, and the one-time code sent to the phone makes it usable."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from marketplace.accounts.models import PhoneCode
from marketplace.accounts.otp import OtpExpired, OtpTooMany, OtpTooSoon, OtpWrong, otp_check, otp_send
from marketplace.accounts.sms import ConsoleSms, MemorySms
from marketplace.errors import NotAuthenticated, ValidationFailed
from payments.ledger.models import LedgerAccount
from payments.wallets.core import require_can_debit
from payments.wallets.errors import (
    SubscriberRegistryUnavailable,
    WalletAlreadyOpen,
    WalletIdentityMismatch,
    WalletNotVerified,
)
from payments.wallets.identity import wallet_open, wallet_verify_phone
from payments.wallets.models import Wallet
from payments.wallets.subscriber import DevelopmentRegistry, FixedRegistry, Subscriber, cccd_consistent
from tests.payments.wallets.identity_helpers import (
    identity_settings,
    registered_person,
    registration,
    run_committed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)


def _open(user, **changes):
    record = replace(registration(user), **changes)
    return run_committed(
        lambda: wallet_open(
            user=user, full_name=record.full_name, id_number=record.id_number, birth_date=record.birth_date
        )
    )


def test_opening_sends_a_code_to_the_account_phone_and_the_code_makes_the_wallet_usable():
    user = registered_person()
    wallet = _open(user)

    assert (wallet.kind, wallet.status, wallet.phone, wallet.holder_name) == (
        "personal",
        "unverified",
        user.phone,
        "Nguyễn Văn An",
    )
    assert wallet.id_number_last4 == registration(user).id_number[-4:]
    assert registration(user).id_number not in str(Wallet.objects.filter(pk=wallet.pk).values().get())
    account = LedgerAccount.objects.get(code=f"wallet:u{user.pk}")
    assert account == wallet.account and account.debits_must_not_exceed_credits
    with pytest.raises(WalletNotVerified):
        require_can_debit(wallet)
    [(phone, text)] = MemorySms.outbox
    code = MemorySms.last_code(user.phone)
    assert phone == user.phone and code in text and "Không đưa mã cho ai" in text
    assert not PhoneCode.objects.filter(code_hash__contains=code).exists()

    wallet = run_committed(lambda: wallet_verify_phone(user=user, code=code))

    assert wallet.status == "active" and wallet.phone_verified_at is not None


def test_the_name_id_number_and_birth_date_must_be_the_phones_registration():
    user = registered_person()
    for changes in (
        {"full_name": "Trần Thị Bình"},
        {"id_number": "008090999999"},
        {"birth_date": date(1991, 5, 17)},
    ):
        with pytest.raises(WalletIdentityMismatch):
            _open(user, **changes)
    assert not Wallet.objects.exists() and MemorySms.outbox == []


def test_the_name_is_matched_whatever_the_case_spacing_and_diacritics():
    user = registered_person()
    wallet = _open(user, full_name="  NGUYEN  van an ")
    assert wallet.holder_name == "NGUYEN van an"


def test_one_wallet_per_person_even_on_another_phone():
    first = registered_person()
    _open(first)
    second = registered_person()
    FixedRegistry.records[second.phone] = replace(registration(first), phone=second.phone)

    with pytest.raises(WalletAlreadyOpen):
        _open(second)
    assert Wallet.objects.count() == 1


def test_an_active_wallet_is_not_opened_again():
    user = registered_person()
    _open(user)
    run_committed(lambda: wallet_verify_phone(user=user, code=MemorySms.last_code(user.phone)))
    with pytest.raises(WalletAlreadyOpen):
        _open(user)


def test_opening_again_while_unverified_sends_a_new_code_after_the_wait_and_the_old_one_dies(settings):
    user = registered_person()
    _open(user)
    first = MemorySms.last_code(user.phone)
    with pytest.raises(OtpTooSoon) as refused:
        _open(user)
    assert "giây" in str(refused.value.message)

    later = timezone.now() + timedelta(seconds=settings.WALLET_OTP_RESEND_SECONDS + 1)
    record = registration(user)
    run_committed(
        lambda: wallet_open(
            user=user,
            full_name=record.full_name,
            id_number=record.id_number,
            birth_date=record.birth_date,
            now=later,
        )
    )
    second = MemorySms.last_code(user.phone)
    assert len(MemorySms.outbox) == 2 and Wallet.objects.count() == 1
    if first != second:  # the live code is the new one: the old is a wrong try
        with pytest.raises(OtpWrong):
            wallet_verify_phone(user=user, code=first, now=later)
    assert wallet_verify_phone(user=user, code=second, now=later).status == "active"


def test_a_wrong_code_counts_and_the_fifth_kills_the_code(settings):
    user = registered_person()
    _open(user)
    right = MemorySms.last_code(user.phone)
    wrong = "000000" if right != "000000" else "111111"
    lefts = []
    for _ in range(settings.WALLET_OTP_MAX_TRIES - 1):
        with pytest.raises(OtpWrong) as refused:
            wallet_verify_phone(user=user, code=wrong)
        lefts.append(refused.value.message)
    assert "Còn 4 lần" in str(lefts[0]) and "Còn 1 lần" in str(lefts[-1])
    with pytest.raises(OtpExpired):
        wallet_verify_phone(user=user, code=wrong)
    with pytest.raises(OtpExpired):
        wallet_verify_phone(user=user, code=right)
    assert Wallet.objects.get().status == "unverified"


def test_an_expired_code_is_refused(settings):
    user = registered_person()
    _open(user)
    late = timezone.now() + timedelta(minutes=settings.WALLET_OTP_MINUTES, seconds=1)
    with pytest.raises(OtpExpired):
        wallet_verify_phone(user=user, code=MemorySms.last_code(user.phone), now=late)


def test_a_code_works_once():
    user = registered_person()
    run_committed(lambda: otp_send(user=user, phone=user.phone, purpose="pin_reset", subject="wallet:1"))
    code = MemorySms.last_code(user.phone)
    otp_check(user=user, purpose="pin_reset", subject="wallet:1", code=code)
    with pytest.raises(OtpExpired):
        otp_check(user=user, purpose="pin_reset", subject="wallet:1", code=code)


def test_a_code_opens_only_the_purpose_and_subject_it_was_sent_for():
    user = registered_person()
    run_committed(lambda: otp_send(user=user, phone=user.phone, purpose="pin_reset", subject="wallet:1"))
    code = MemorySms.last_code(user.phone)
    with pytest.raises(OtpExpired):
        otp_check(user=user, purpose="pin_reset", subject="wallet:2", code=code)
    with pytest.raises(OtpExpired):
        otp_check(user=user, purpose="wallet_unfreeze", subject="wallet:1", code=code)
    with pytest.raises(OtpExpired):
        otp_check(user=registered_person(), purpose="pin_reset", subject="wallet:1", code=code)


def test_codes_are_limited_per_hour(settings):
    user = registered_person()
    now = timezone.now()
    for i in range(settings.WALLET_OTP_MAX_PER_HOUR):
        otp_send(user=user, phone=user.phone, purpose="pin_reset", now=now + timedelta(minutes=2 * i))
    with pytest.raises(OtpTooMany):
        otp_send(user=user, phone=user.phone, purpose="pin_reset", now=now + timedelta(minutes=30))
    otp_send(user=user, phone=user.phone, purpose="pin_reset", now=now + timedelta(minutes=61))


@pytest.mark.parametrize(
    "code", [None, "", " ", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "-12345", "x" * 10_000]
)
def test_malformed_codes_count_as_wrong_tries(code):
    user = registered_person()
    _open(user)
    with pytest.raises(OtpWrong):
        wallet_verify_phone(user=user, code=code)
    assert PhoneCode.objects.get().attempts == 1


def test_opening_refuses_malformed_identity_saying_what_is_valid():
    user = registered_person()
    with pytest.raises(ValidationFailed) as refused:
        wallet_open(user=user, full_name=" ", id_number="12-34", birth_date=date.today() + timedelta(days=1))
    assert {e.field: e.code for e in refused.value.errors} == {
        "full_name": "REQUIRED",
        "id_number": "WALLET_IDENTITY_INVALID",
        "birth_date": "WALLET_IDENTITY_INVALID",
    }
    assert "12 chữ số" in str(refused.value.errors[1].message)


def test_a_visitor_opens_nothing():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        wallet_open(
            user=AnonymousUser(), full_name="A", id_number="008090000001", birth_date=date(1990, 1, 1)
        )


def test_a_registry_that_cannot_answer_is_reported_not_crashed(settings, monkeypatch):
    def broken(self, subscriber):
        raise ConnectionError("carrier down")

    monkeypatch.setattr(FixedRegistry, "matches", broken)
    user = registered_person()
    with pytest.raises(SubscriberRegistryUnavailable):
        _open(user)
    assert not Wallet.objects.exists()


def test_the_development_registry_takes_a_well_formed_cccd_that_agrees_with_the_birth_date():
    born = date(1990, 5, 17)
    assert cccd_consistent("008090001234", born) and cccd_consistent("001190001234", born)
    assert cccd_consistent("008205001234", date(2005, 1, 1))
    for wrong in (
        "008091001234",
        "000090001234",
        "097090001234",
        "008290001234",
        "00809000123",
        "00809000123a",
    ):
        assert not cccd_consistent(wrong, born), wrong
    registry = DevelopmentRegistry()
    person = Subscriber(
        phone="+84912345678", full_name="Lò Thị Mai", id_number="008090001234", birth_date=born
    )
    assert registry.matches(person) and not registry.matches(replace(person, full_name=" "))


def test_the_console_sms_prints_the_text_and_masks_the_phone(capsys):
    ConsoleSms().send(phone="+84912345678", text="Chợ Số: mã mở ví 123456")
    printed = capsys.readouterr().out
    assert "123456" in printed and "+84912345678" not in printed and "678" in printed


def test_a_failing_sms_provider_does_not_undo_the_opening(settings, caplog):
    settings.SMS_BACKEND = "tests.payments.wallets.test_identity.BrokenSms"
    user = registered_person()
    wallet = _open(user)
    assert Wallet.objects.get().pk == wallet.pk
    assert "OSError" in caplog.text and user.phone not in caplog.text and "provider down" not in caplog.text


class BrokenSms(ConsoleSms):
    def send(self, *, phone, text):
        raise OSError(f"provider down for {phone}")
