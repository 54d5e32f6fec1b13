"""The printable A5 shop QR page: who may open it, and the short-lived link the API hands out.

A member opens it in the browser they signed in with: `tokenCreate` also starts a Django
session (as the admin login does), so the page needs nothing more. An app that holds only
bearer tokens, which a browser cannot send when it simply opens a page, asks for
`Business.bankAccount.printUrl`: this page's URL with a signed token naming the business and
the member, valid SHOP_QR_LINK_SECONDS and only while that person is still a member."""

from django.core import signing
from django.urls import reverse

from marketplace.auth import is_signed_in
from marketplace.businesses.permissions import member_role

SHOP_QR_LINK_SECONDS = 15 * 60
_SALT = "payments.shop-qr"


def shop_qr_url(*, business_id: int, user) -> str:
    token = signing.dumps({"b": business_id, "u": user.pk}, salt=_SALT, compress=True)
    return f"{reverse('payments-shop-qr', args=[business_id])}?t={token}"


def may_open(request, business_id: int) -> bool:
    """A member of the business, by session/bearer sign-in or by a valid link for this
    business whose member still belongs to it."""
    user = request.user
    if is_signed_in(user) and member_role(user, business_id) is not None:
        return True
    token = request.GET.get("t")
    if not token:
        return False
    try:
        data = signing.loads(token, salt=_SALT, max_age=SHOP_QR_LINK_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return False
    if not isinstance(data, dict) or data.get("b") != business_id:
        return False
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    return member is not None and member_role(member, business_id) is not None
