"""VNPay's two callbacks. Both thin: the IPN records (payments.vnpay.ipn); the return page only
reads the database and never records anything from its own query string."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from payments.vnpay.ipn import ipn_answer
from payments.vnpay.selectors import return_result


def _params(request) -> dict:
    return {key: request.GET.get(key, "") for key in request.GET if key.startswith("vnp_")}


@csrf_exempt
@never_cache
def vnpay_ipn(request):
    """GET from VNPay's servers; any method answers JSON (VNPay retries on anything but 00/02)."""
    return JsonResponse(ipn_answer(_params(request)))


@require_GET
@never_cache
def vnpay_return(request):
    result = return_result(_params(request))
    return render(request, "payments/vnpay/return.html", {"result": result}, status=200 if result else 400)
