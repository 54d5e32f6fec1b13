"""MoMo's two callbacks. Both thin: the IPN records (payments.momo.ipn); the return page only
reads the database and never records anything from its own query string."""

import json

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from payments.momo.ipn import ipn_answer
from payments.momo.selectors import return_result

IPN_MAX_BYTES = 16 * 1024  # an IPN is a dozen short fields


@csrf_exempt
@require_POST
@never_cache
def momo_ipn(request):
    """POST JSON from MoMo's servers; answered with a bodiless status (204 = recorded)."""
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > IPN_MAX_BYTES:
            return HttpResponse(status=400)
        params = json.loads(request.body)
    except (ValueError, RecursionError):  # a bad length, not JSON or not UTF-8, nested too deep
        return HttpResponse(status=400)
    if not isinstance(params, dict):
        return HttpResponse(status=400)
    return HttpResponse(status=ipn_answer(params))


@require_GET
@never_cache
def momo_return(request):
    try:
        params = {key: request.GET.get(key, "") for key in request.GET}
    except TooManyFieldsSent:
        params = None
    result = return_result(params) if params is not None else None
    return render(request, "payments/momo/return.html", {"result": result}, status=200 if result else 400)
