"""A wallet's statement as a file: `/payments/wallets/<id>/statement.csv|.xlsx?from=&to=`, for
whoever may read the wallet (signed in by session or `Authorization: Bearer`). Another person's
wallet is 404, as one that does not exist."""

from datetime import date

from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from marketplace.errors import DomainError
from payments.settlement.views import TEXT, XLSX
from payments.settlement.views import _refused as refused
from payments.wallets.errors import WalletNotFound
from payments.wallets.exports import statement_csv_chunks, statement_xlsx_file
from payments.wallets.statement import wallet_statement


def _period(request) -> tuple[date, date] | None:
    try:
        return date.fromisoformat(request.GET.get("from", "")), date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        return None


@require_GET
def wallet_statement_file(request, wallet_id: str, fmt: str):
    period = _period(request)
    if period is None:
        return HttpResponseBadRequest(
            _(
                "Thiếu hoặc sai kỳ sao kê: hãy ghi from và to dạng YYYY-MM-DD, ví dụ ?from=2026-11-01&to=2026-11-30."
            ),
            content_type=TEXT,
        )
    try:
        statement = wallet_statement(
            user=request.user, wallet_id=int(wallet_id), date_from=period[0], date_to=period[1]
        )
    except WalletNotFound as error:
        response = refused(error)
        response.status_code = 404
        return response
    except DomainError as error:
        return refused(error)
    name = f"sao-ke-vi-{statement.wallet.pk}-{period[0].isoformat()}-{period[1].isoformat()}.{fmt}"
    if fmt == "xlsx":
        response = FileResponse(
            statement_xlsx_file(statement), content_type=XLSX, as_attachment=True, filename=name
        )
    else:
        response = StreamingHttpResponse(
            statement_csv_chunks(statement), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
