"""Is a seller from the province the marketplace serves? Judged at registration by its commune
and by the tax office that issued its tax code."""

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.businesses.errors import OutsideProvince
from marketplace.regions.models import Commune, Province

REFUSE, FLAG = "refuse", "flag"


def _province_name() -> str:
    code = settings.MARKETPLACE_PROVINCE_CODE
    return Province.objects.filter(pk=code).values_list("name", flat=True).first() or code


def outside_province_problems(*, commune: Commune, tax_code: str) -> list[OutsideProvince]:
    """One error per reason the seller looks outside the province, empty when it is inside.

    The first two digits of a 10-digit tax code name the province whose tax office issued it
    (50 Tuyên Quang, 51 the former Hà Giang, merged into it in 2025). A branch's 13-digit code
    (`0101234565-001`) keeps its head office's digits wherever the branch is, so a branch is
    judged by its commune alone."""
    problems = []
    province = _province_name()
    if commune.province_id != settings.MARKETPLACE_PROVINCE_CODE:
        problems.append(
            OutsideProvince(
                _("Xã, phường này không thuộc %(province)s; sàn dành cho người bán trong tỉnh.")
                % {"province": province},
                field="commune_code",
            )
        )
    prefixes = settings.MARKETPLACE_TAX_OFFICE_PREFIXES
    if "-" not in tax_code and prefixes and tax_code[:2] not in prefixes:
        problems.append(
            OutsideProvince(
                _(
                    "Mã số thuế do cơ quan thuế tỉnh khác cấp (đầu số %(prefix)s); người bán của "
                    "%(province)s có mã bắt đầu bằng %(allowed)s."
                )
                % {"prefix": tax_code[:2], "province": province, "allowed": ", ".join(prefixes)},
                field="tax_code",
            )
        )
    return problems
