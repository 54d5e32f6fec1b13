"""A merchant wallet: one per approved business, opened by an owner, in the business's name;
its staff read it and never operate it."""

import pytest

from marketplace.businesses.models import Business, BusinessMember
from payments.wallets.errors import (
    WalletAlreadyOpen,
    WalletBusinessNotApproved,
    WalletBusinessNotFound,
    WalletPermissionDenied,
)
from payments.wallets.merchant import wallet_open_merchant
from payments.wallets.models import Wallet
from payments.wallets.pin import wallet_pin_set
from tests.factories import UserFactory, business_with_owner
from tests.payments.wallets.identity_helpers import PIN, identity_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _identity(settings):
    identity_settings(settings)


@pytest.fixture
def shop():
    business, owner = business_with_owner()
    staff = UserFactory()
    BusinessMember.objects.create(business=business, user=staff, role=BusinessMember.Role.STAFF)
    return business, owner, staff


def test_an_owner_opens_the_approved_businesss_wallet_active_in_its_name(shop):
    business, owner, _staff = shop
    wallet = wallet_open_merchant(user=owner, business_id=business.pk)

    assert (wallet.kind, wallet.status, wallet.holder_name, wallet.phone) == (
        "merchant",
        "active",
        business.name,
        business.phone,
    )
    assert wallet.account.code == f"wallet:b{business.pk}" and wallet.account.debits_must_not_exceed_credits
    assert wallet.user is None and not wallet.pin_hash
    with pytest.raises(WalletAlreadyOpen):
        wallet_open_merchant(user=owner, business_id=business.pk)


def test_an_owner_sets_the_merchant_pin_and_staff_may_not(shop):
    business, owner, staff = shop
    wallet = wallet_open_merchant(user=owner, business_id=business.pk)
    with pytest.raises(WalletPermissionDenied):
        wallet_pin_set(user=staff, pin=PIN, wallet_id=wallet.pk)
    assert wallet_pin_set(user=owner, pin=PIN, wallet_id=wallet.pk).pin_hash


def test_staff_and_strangers_do_not_open_it(shop):
    business, _owner, staff = shop
    with pytest.raises(WalletPermissionDenied):
        wallet_open_merchant(user=staff, business_id=business.pk)
    with pytest.raises(WalletBusinessNotFound):
        wallet_open_merchant(user=UserFactory(), business_id=business.pk)
    with pytest.raises(WalletBusinessNotFound):
        wallet_open_merchant(user=UserFactory(), business_id=10**9)
    assert not Wallet.objects.exists()


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_a_business_not_approved_gets_no_wallet(status):
    business, owner = business_with_owner(status=Business.Status(status))
    with pytest.raises(WalletBusinessNotApproved):
        wallet_open_merchant(user=owner, business_id=business.pk)
