import pytest

from marketplace.regions.data import units_load
from marketplace.regions.models import Commune, LegacyDistrict, Province

pytestmark = pytest.mark.django_db

MODELS = {
    "province_model": Province,
    "legacy_district_model": LegacyDistrict,
    "commune_model": Commune,
}


def test_loading_again_adds_nothing_and_restores_official_names():
    Commune.objects.filter(code="02374").update(name="Xã Hàm Yên (sửa tay)", legacy_district=None)

    units_load(**MODELS)

    assert Commune.objects.count() == 3321
    assert Province.objects.count() == 34
    assert LegacyDistrict.objects.count() == 18
    commune = Commune.objects.get(code="02374")
    assert (commune.name, commune.legacy_district_id) == ("Xã Hàm Yên", "074")
