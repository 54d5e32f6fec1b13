"""VNPay's two callbacks. Both thin: the IPN records (payments.vnpay.ipn); the return page only
reads the database and never records anything from its own query string."""

from django.core.exceptions import TooManyFieldsSent
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from payments.vnpay.ipn import ipn_answer
from payments.vnpay.selectors import return_result


def _params(request) -> dict | None:
    """The callback's vnp_* fields; None for a query string no gateway sends (more fields than
    DATA_UPLOAD_MAX_NUMBER_FIELDS)."""
    try:
        return {key: request.GET.get(key, "") for key in request.GET if key.startswith("vnp_")}
    except TooManyFieldsSent:
        return None


@csrf_exempt
@never_cache
def vnpay_ipn(request):
    """GET from VNPay's servers; any method answers JSON (VNPay retries on anything but 00/02)."""
    params = _params(request)
    if params is None:
        return JsonResponse({"RspCode": "99", "Message": "Unknow error"})
    return JsonResponse(ipn_answer(params))


@require_GET
@never_cache
def vnpay_return(request):
    params = _params(request)
    result = return_result(params) if params is not None else None
    return render(request, "payments/vnpay/return.html", {"result": result}, status=200 if result else 400)
