"""Freezing: the owner at once without a PIN (lost phone), an operator with a reason
(audited); an owner's freeze is lifted with the PIN and a fresh code, an operator's only by
an operator. A frozen wallet moves nothing out."""

import pytest

from marketplace.accounts.models import User
from marketplace.accounts.otp import OtpWrong
from marketplace.accounts.sms import MemorySms
from marketplace.errors import NotAuthenticated
from orders.notifications import MemoryBackend
from payments.wallets.core import require_can_debit
from payments.wallets.errors import (
    WalletFrozen,
    WalletFrozenByOperator,
    WalletNotFound,
    WalletNotFrozen,
    WalletPermissionDenied,
    WalletPinWrong,
    WalletReasonRequired,
    WalletUnfreezeProof,
)
from payments.wallets.freeze import wallet_freeze, wallet_unfreeze
from payments.wallets.identity import wallet_otp_send
from payments.wallets.models import Wallet, WalletAudit
from payments.wallets.subscriber import FixedRegistry, Subscriber
from tests.factories import OfficerFactory, UserFactory
from tests.payments.wallets.identity_helpers import (
    BIRTH,
    PIN,
    identity_settings,
    run_committed,
    wallet_with_pin,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)


@pytest.fixture
def operator():
    return UserFactory(role=User.Role.FINANCE)


def _unfreeze_code(wallet) -> str:
    run_committed(lambda: wallet_otp_send(user=wallet.user, purpose="wallet_unfreeze"))
    return MemorySms.last_code(wallet.phone)


def test_the_owner_freezes_at_once_without_a_pin_and_nothing_moves_out():
    wallet = wallet_with_pin()
    frozen = run_committed(lambda: wallet_freeze(user=wallet.user))

    assert frozen.is_frozen and not frozen.frozen_by_operator
    with pytest.raises(WalletFrozen):
        require_can_debit(Wallet.objects.get(pk=wallet.pk))
    assert WalletAudit.objects.get(wallet=wallet, action="frozen_by_owner").actor == wallet.user
    assert any("đóng băng" in n.subject and n.phones == [wallet.phone] for n in MemoryBackend.outbox)
    assert wallet_freeze(user=wallet.user).frozen_at == frozen.frozen_at  # again: nothing changes


def test_the_owner_unfreezes_with_the_pin_and_a_fresh_code_only():
    wallet = wallet_with_pin()
    wallet_freeze(user=wallet.user)
    with pytest.raises(WalletUnfreezeProof):
        wallet_unfreeze(user=wallet.user, pin=PIN)
    with pytest.raises(WalletUnfreezeProof):
        wallet_unfreeze(user=wallet.user, otp_code="123456")
    code = _unfreeze_code(wallet)
    with pytest.raises(WalletPinWrong):
        wallet_unfreeze(user=wallet.user, pin="502816", otp_code=code)
    with pytest.raises(OtpWrong):
        wallet_unfreeze(user=wallet.user, pin=PIN, otp_code="000000" if code != "000000" else "111111")
    assert Wallet.objects.get(pk=wallet.pk).is_frozen


def test_the_owner_unfreezes_and_is_told():
    wallet = wallet_with_pin()
    wallet_freeze(user=wallet.user)
    code = _unfreeze_code(wallet)

    unfrozen = run_committed(lambda: wallet_unfreeze(user=wallet.user, pin=PIN, otp_code=code))

    assert not unfrozen.is_frozen and unfrozen.frozen_reason == ""
    require_can_debit(Wallet.objects.get(pk=wallet.pk))
    assert WalletAudit.objects.filter(wallet=wallet, action="unfrozen_by_owner").exists()
    assert any("mở đóng băng" in n.subject for n in MemoryBackend.outbox)


def test_an_operator_freezes_any_wallet_with_a_reason_that_is_audited(operator):
    wallet = wallet_with_pin()
    with pytest.raises(WalletReasonRequired):
        wallet_freeze(user=operator, wallet_id=wallet.pk, reason="  ")

    frozen = run_committed(
        lambda: wallet_freeze(user=operator, wallet_id=wallet.pk, reason="Nghi lừa đảo, hồ sơ 12")
    )

    assert frozen.frozen_by_operator and frozen.frozen_reason == "Nghi lừa đảo, hồ sơ 12"
    audit = WalletAudit.objects.get(wallet=wallet, action="frozen_by_operator")
    assert (audit.actor, audit.reason) == (operator, "Nghi lừa đảo, hồ sơ 12")
    assert any("Nghi lừa đảo" in n.body for n in MemoryBackend.outbox)


def test_the_owner_cannot_lift_an_operators_freeze_nor_ask_a_code_for_it(operator):
    wallet = wallet_with_pin()
    wallet_freeze(user=operator, wallet_id=wallet.pk, reason="Kiểm tra")
    with pytest.raises(WalletFrozenByOperator):
        wallet_otp_send(user=wallet.user, purpose="wallet_unfreeze")
    with pytest.raises(WalletFrozenByOperator):
        wallet_unfreeze(user=wallet.user, pin=PIN, otp_code="123456")
    # The owner freezing it too changes nothing: the investigation stays.
    assert wallet_freeze(user=wallet.user).frozen_by_operator


def test_an_operators_freeze_replaces_the_owners_and_only_an_operator_lifts_it_with_a_reason(operator):
    wallet = wallet_with_pin()
    wallet_freeze(user=wallet.user)
    assert wallet_freeze(user=operator, wallet_id=wallet.pk, reason="Kiểm tra").frozen_by_operator
    with pytest.raises(WalletReasonRequired):
        wallet_unfreeze(user=operator, wallet_id=wallet.pk)

    unfrozen = wallet_unfreeze(user=operator, wallet_id=wallet.pk, reason="Đã xác minh chủ ví")

    assert not unfrozen.is_frozen
    assert (
        WalletAudit.objects.get(wallet=wallet, action="unfrozen_by_operator").reason == "Đã xác minh chủ ví"
    )


def test_an_operator_does_not_lift_the_owners_own_freeze(operator):
    wallet = wallet_with_pin()
    wallet_freeze(user=wallet.user)
    with pytest.raises(WalletNotFrozen):
        wallet_unfreeze(user=operator, wallet_id=wallet.pk, reason="Khách gọi điện")
    assert Wallet.objects.get(pk=wallet.pk).is_frozen


def test_an_operator_does_not_lift_an_investigation_of_their_own_wallet(operator):
    FixedRegistry.records[operator.phone] = Subscriber(
        phone=operator.phone, full_name="Kế Toán", id_number="008090555555", birth_date=BIRTH
    )
    wallet = wallet_with_pin(user=operator)
    wallet_freeze(user=UserFactory(role=User.Role.FINANCE), wallet_id=wallet.pk, reason="Kiểm tra nội bộ")
    with pytest.raises(WalletFrozenByOperator):
        wallet_unfreeze(user=operator, wallet_id=wallet.pk, reason="Tự mở")


def test_strangers_and_officers_find_no_wallet_to_freeze():
    wallet = wallet_with_pin()
    for someone in (UserFactory(), OfficerFactory()):
        with pytest.raises(WalletNotFound):
            wallet_freeze(user=someone, wallet_id=wallet.pk, reason="x")
        with pytest.raises(WalletNotFound):
            wallet_unfreeze(user=someone, wallet_id=wallet.pk, reason="x")
    with pytest.raises(WalletNotFound):
        wallet_freeze(user=UserFactory())  # has no wallet of their own
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        wallet_freeze(user=AnonymousUser(), wallet_id=wallet.pk)
    assert not Wallet.objects.get(pk=wallet.pk).is_frozen


def test_a_shops_staff_may_not_freeze_its_merchant_wallet_but_an_owner_may():
    from marketplace.businesses.models import BusinessMember
    from payments.wallets.merchant import wallet_open_merchant
    from tests.factories import business_with_owner

    business, owner = business_with_owner()
    staff = UserFactory()
    BusinessMember.objects.create(business=business, user=staff, role=BusinessMember.Role.STAFF)
    wallet = wallet_open_merchant(user=owner, business_id=business.pk)
    with pytest.raises(WalletPermissionDenied):
        wallet_freeze(user=staff, wallet_id=wallet.pk)
    assert wallet_freeze(user=owner, wallet_id=wallet.pk).is_frozen


def test_unfreezing_a_wallet_that_is_not_frozen_says_so(operator):
    wallet = wallet_with_pin()
    with pytest.raises(WalletNotFrozen):
        wallet_unfreeze(user=wallet.user, pin=PIN, otp_code="123456")
    with pytest.raises(WalletNotFrozen):
        wallet_otp_send(user=wallet.user, purpose="wallet_unfreeze")
