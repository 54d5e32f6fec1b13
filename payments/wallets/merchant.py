"""A merchant wallet: one per approved business, opened by one of its owners, in the
business's name and phone. The business was verified by the trade department, so the wallet is
ACTIVE at once; an owner sets its PIN (`pin.wallet_pin_set`) before it pays anything out."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.auth import require_user
from marketplace.businesses.models import Business, BusinessMember
from payments.wallets.core import wallet_account_code, wallet_account_create
from payments.wallets.errors import (
    WalletAlreadyOpen,
    WalletBusinessNotApproved,
    WalletBusinessNotFound,
    WalletOwnerOnly,
)
from payments.wallets.models import Wallet, WalletAudit


def wallet_open_merchant(*, user, business_id: int) -> Wallet:
    require_user(user)
    role = (
        BusinessMember.objects.filter(user_id=user.pk, business_id=business_id)
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        raise WalletBusinessNotFound(field="business_id")
    if role != BusinessMember.Role.OWNER:
        raise WalletOwnerOnly(field="business_id")
    with transaction.atomic():
        # Locked so that a suspension decided meanwhile is seen before the wallet is made.
        business = Business.objects.select_for_update(of=("self",)).get(pk=business_id)
        if business.status != Business.Status.APPROVED:
            raise WalletBusinessNotApproved(field="business_id")
        if Wallet.objects.filter(business_id=business.pk).exists():
            raise WalletAlreadyOpen(_("Người bán này đã có ví."), field="business_id")
        try:
            with transaction.atomic():
                account = wallet_account_create(
                    code=wallet_account_code(business_id=business.pk),
                    name=_("Ví người bán %(name)s") % {"name": business.name},
                )
                wallet = Wallet.objects.create(
                    kind=Wallet.Kind.MERCHANT,
                    status=Wallet.Status.ACTIVE,
                    business=business,
                    account=account,
                    phone=business.phone,
                    holder_name=business.name[: Wallet._meta.get_field("holder_name").max_length],
                )
        except IntegrityError:
            raise WalletAlreadyOpen(_("Người bán này đã có ví."), field="business_id") from None
        WalletAudit.objects.create(wallet=wallet, action="opened", actor=user)
    return wallet
