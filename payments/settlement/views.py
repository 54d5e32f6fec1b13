"""Downloads: a business's statement (.xlsx, .csv) and a payout run's bank file (.csv), for
the same people the API shows them to. Signed in by session or `Authorization: Bearer`."""

from datetime import date

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from marketplace.errors import DomainError, NotAuthenticated, NotFound
from payments.permissions import require_finance
from payments.settlement.errors import StatementPeriodInvalid
from payments.settlement.exports import payout_batch_csv, statement_csv, statement_xlsx
from payments.settlement.models import PayoutBatch
from payments.settlement.statements import business_statement

TEXT = "text/plain; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(error: DomainError) -> HttpResponse:
    if isinstance(error, NotFound):
        return HttpResponseNotFound(str(error.message), content_type=TEXT)
    if isinstance(error, StatementPeriodInvalid):
        return HttpResponseBadRequest(str(error.message), content_type=TEXT)
    response = HttpResponseForbidden(str(error.message), content_type=TEXT)
    if isinstance(error, NotAuthenticated):
        response.status_code = 401
    return response


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def statement_file(request, business_id: int, fmt: str):
    try:
        date_from = date.fromisoformat(request.GET.get("from", ""))
        date_to = date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        return HttpResponseBadRequest(
            _(
                "Thiếu hoặc sai kỳ sao kê: hãy ghi from và to dạng YYYY-MM-DD, ví dụ ?from=2026-11-01&to=2026-11-30."
            ),
            content_type=TEXT,
        )
    try:
        statement = business_statement(
            user=request.user, business_id=int(business_id), date_from=date_from, date_to=date_to
        )
    except DomainError as error:
        return _refused(error)
    name = f"sao-ke-{business_id}-{date_from.isoformat()}-{date_to.isoformat()}.{fmt}"
    if fmt == "xlsx":
        return _file(statement_xlsx(statement), XLSX, name)
    return _file(statement_csv(statement), "text/csv; charset=utf-8", name)


@require_GET
def payout_batch_file(request, batch_id: int):
    try:
        require_finance(request.user)
    except DomainError as error:
        return _refused(error)
    batch = PayoutBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return HttpResponseNotFound()
    return _file(payout_batch_csv(batch), "text/csv; charset=utf-8", f"chi-tra-CT{batch.pk}.csv")
