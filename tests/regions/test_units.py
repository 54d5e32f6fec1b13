"""The unit list loaded by migration 0002 (tests run every migration)."""

import unicodedata
from collections import Counter

import pytest

from marketplace.regions.models import Commune, LegacyDistrict, Province

pytestmark = pytest.mark.django_db

TUYEN_QUANG = "08"
OLD_HA_GIANG_DISTRICTS = {
    "024",
    "026",
    "027",
    "028",
    "029",
    "030",
    "031",
    "032",
    "033",
    "034",
    "035",
}
OLD_TUYEN_QUANG_DISTRICTS = {"070", "071", "072", "073", "074", "075", "076"}


def test_the_country_has_34_provinces_and_3321_communes():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Counter(Commune.objects.values_list("kind", flat=True)) == {
        "xa": 2621,
        "phuong": 687,
        "dac_khu": 13,
    }


def test_provinces_are_stored_without_prefix_and_with_their_kind():
    assert Province.objects.get(code="08").name == "Tuyên Quang"
    assert Province.objects.get(code="08").kind == "tỉnh"
    assert Province.objects.get(code="01").name == "Hà Nội"
    assert Province.objects.get(code="01").kind == "thành phố"


def test_tuyen_quang_has_117_xa_and_7_phuong():
    kinds = Counter(Commune.objects.filter(province_id=TUYEN_QUANG).values_list("kind", flat=True))
    assert kinds == {"xa": 117, "phuong": 7}


def test_names_are_nfc_and_codes_are_zero_padded():
    for code, name in Commune.objects.values_list("code", "name"):
        assert len(code) == 5 and code.isdigit()
        assert unicodedata.normalize("NFC", name) == name


def test_tuyen_quang_keeps_the_18_districts_of_old_tuyen_quang_and_ha_giang():
    codes = set(LegacyDistrict.objects.filter(province_id=TUYEN_QUANG).values_list("code", flat=True))
    assert codes == OLD_HA_GIANG_DISTRICTS | OLD_TUYEN_QUANG_DISTRICTS
    assert LegacyDistrict.objects.get(code="074").name == "Huyện Hàm Yên"
    assert LegacyDistrict.objects.get(code="024").name == "Thành phố Hà Giang"


def test_every_tuyen_quang_commune_lies_in_one_of_its_legacy_districts():
    communes = Commune.objects.filter(province_id=TUYEN_QUANG).select_related("legacy_district")
    assert all(
        c.legacy_district is not None and c.legacy_district.province_id == TUYEN_QUANG for c in communes
    )
    # Every old district still has at least one new commune keeping one of its codes.
    per_district = Counter(c.legacy_district_id for c in communes)
    assert set(per_district) == OLD_HA_GIANG_DISTRICTS | OLD_TUYEN_QUANG_DISTRICTS
    assert per_district["074"] == 8


def test_communes_outside_tuyen_quang_have_no_legacy_district():
    assert not Commune.objects.exclude(province_id=TUYEN_QUANG).filter(legacy_district__isnull=False).exists()


@pytest.mark.parametrize(
    ("code", "name", "legacy_district"),
    [
        ("00694", "Phường Hà Giang 1", "024"),  # from Phường Nguyễn Trãi, TP Hà Giang
        ("02374", "Xã Hàm Yên", "074"),  # from Thị trấn Tân Yên, Hàm Yên
        ("02380", "Xã Bạch Xa", "074"),
        ("02269", "Xã Thượng Lâm", "071"),
        ("02215", "Phường Minh Xuân", "070"),  # from Phường Ỷ La, TP Tuyên Quang
        # Code inside TP Hà Giang's range (00688–00949), yet Phú Linh was a commune of Vị Xuyên:
        # the mapping goes by exact code, not by range.
        ("00706", "Xã Phú Linh", "030"),
    ],
)
def test_known_communes_map_to_their_old_district(code, name, legacy_district):
    commune = Commune.objects.get(code=code)
    assert (commune.name, commune.province_id, commune.legacy_district_id) == (
        name,
        TUYEN_QUANG,
        legacy_district,
    )
