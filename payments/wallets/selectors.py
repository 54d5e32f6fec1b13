"""Which wallet a request is about. Every wallet service and query starts from one of these, so
the rule is one: another person's wallet does not exist for you (WALLET_NOT_FOUND, as for a
wallet that does not exist); a merchant wallet's staff read it and never spend from it."""

from marketplace.auth import require_user
from payments.wallets.core import may_read_wallet, require_spender
from payments.wallets.errors import WalletNotFound
from payments.wallets.models import Wallet


def wallet_own(user) -> Wallet | None:
    """The signed-in person's personal wallet, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Wallet.objects.select_related("account").filter(user_id=user.pk, kind=Wallet.Kind.PERSONAL).first()


def wallet_spendable(*, user, wallet_id: int | None = None) -> Wallet:
    """The wallet a request spends from: the one named if `user` is its spender (a merchant
    wallet's owner), else the user's personal wallet. Checked before the PIN, so nobody can
    count wrong PINs against a wallet that is not theirs."""
    require_user(user)
    if wallet_id is None:
        wallet = wallet_own(user)
    else:
        wallet = Wallet.objects.select_related("account").filter(pk=wallet_id).first()
    if wallet is None:
        raise WalletNotFound(field="wallet_id")
    require_spender(user, wallet)
    return wallet


def wallet_readable(*, user, wallet_id: int | None = None) -> Wallet:
    """The wallet named, or the reader's personal wallet, if the reader may read it."""
    require_user(user)
    if wallet_id is None:
        wallet = wallet_own(user)
    else:
        wallet = Wallet.objects.select_related("account").filter(pk=wallet_id).first()
    if wallet is None or not may_read_wallet(user, wallet):
        raise WalletNotFound(field="wallet_id")
    return wallet
