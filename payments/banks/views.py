from django.http import HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.http import require_GET

from payments.banks.models import BusinessBankAccount
from payments.banks.shop_qr import may_open
from payments.vietqr import build_payload, qr_svg


def _account_number_display(number: str) -> str:
    # Read aloud and copied by hand at a stall: groups of four.
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


@require_GET
def shop_qr_page(request, business_id: int):
    """A5 page with the business's static VietQR (the payer types the amount)."""
    if not may_open(request, business_id):
        # Not the site's 403: that one sends people to the admin login, which refuses sellers.
        response = HttpResponseForbidden(render(request, "payments/bank/shop_qr_forbidden.html").content)
    else:
        account = (
            BusinessBankAccount.objects.select_related("business").filter(business_id=business_id).first()
        )
        if account is None:
            response = render(request, "payments/bank/shop_qr_missing.html", status=404)
        else:
            payload = build_payload(bank_bin=account.bank_bin, account_number=account.account_number)
            context = {
                "business": account.business,
                "account": account,
                "bank": account.bank,
                "account_number": _account_number_display(account.account_number),
                # The standard quiet zone (4 modules) inside the frame: phones read it at a glance.
                "qr_svg": qr_svg(payload, border=4),
            }
            response = render(request, "payments/bank/shop_qr.html", context)
    # A bank account and a personal link: never in a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
