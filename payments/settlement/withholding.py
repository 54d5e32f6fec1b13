"""What the platform withholds from a sale (Decree 117/2025/NĐ-CP, from 2025-07-01).

A platform with a payment function withholds VAT and personal income tax from household
businesses and individuals at each confirmed sale; enterprises and cooperatives declare their
own. Rates and the seller kinds withheld are settings, because the rules change: goods at
TAX_WITHHOLDING_GOODS_{VAT,PIT}_BPS on the goods part, transport (the delivery fee) at
TAX_WITHHOLDING_TRANSPORT_{VAT,PIT}_BPS. Each tax is rounded half up to the đồng on its own."""

from dataclasses import dataclass

from django.conf import settings

BASIS_POINTS = 10_000


def _rate(base: int, bps: int) -> int:
    return (base * bps + BASIS_POINTS // 2) // BASIS_POINTS


@dataclass(frozen=True)
class Withholding:
    vat: int = 0
    pit: int = 0

    @property
    def total(self) -> int:
        return self.vat + self.pit


def is_withheld(business_kind: str) -> bool:
    return business_kind in settings.TAX_WITHHOLDING_KINDS


def withholding_on(*, business_kind: str, goods: int, delivery: int) -> Withholding:
    """The VAT and PIT withheld from a sale of `goods` VND of goods and `delivery` VND of
    delivery by a seller of this kind (nothing for a kind not withheld)."""
    if not is_withheld(business_kind):
        return Withholding()
    return Withholding(
        vat=_rate(goods, settings.TAX_WITHHOLDING_GOODS_VAT_BPS)
        + _rate(delivery, settings.TAX_WITHHOLDING_TRANSPORT_VAT_BPS),
        pit=_rate(goods, settings.TAX_WITHHOLDING_GOODS_PIT_BPS)
        + _rate(delivery, settings.TAX_WITHHOLDING_TRANSPORT_PIT_BPS),
    )
