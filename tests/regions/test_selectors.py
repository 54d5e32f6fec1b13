import pytest

from marketplace.regions import selectors

pytestmark = pytest.mark.django_db


def codes(communes):
    return [c.code for c in communes]


def test_commune_list_returns_a_provinces_communes_in_code_order():
    communes = selectors.commune_list(province_code="08")
    assert len(communes) == 124
    assert {c.province_id for c in communes} == {"08"}
    assert codes(communes) == sorted(codes(communes))


def test_search_without_diacritics_finds_the_accented_name():
    assert codes(selectors.commune_list(province_code="08", search="ham yen")) == ["02374"]


def test_search_ignores_case_and_folds_d_stroke():
    assert [c.name for c in selectors.commune_list(province_code="08", search="DONG VAN")] == ["Xã Đồng Văn"]


def test_search_with_diacritics_still_matches():
    names = [c.name for c in selectors.commune_list(province_code="08", search="Hà Giang")]
    assert names == ["Phường Hà Giang 2", "Phường Hà Giang 1"]


def test_search_stays_inside_the_province():
    # Hà Nội has its own "Phường Hoàn Kiếm"; Tuyên Quang has none.
    assert selectors.commune_list(province_code="08", search="hoan kiem") == []
    assert codes(selectors.commune_list(province_code="01", search="hoan kiem")) == ["00070"]


def test_blank_search_returns_everything():
    assert len(selectors.commune_list(province_code="08", search="  ")) == 124


def test_commune_get():
    assert selectors.commune_get("00694").name == "Phường Hà Giang 1"
    assert selectors.commune_get("99999") is None


def test_legacy_district_list_is_per_province():
    assert len(selectors.legacy_district_list(province_code="08")) == 18
    assert list(selectors.legacy_district_list(province_code="01")) == []


def test_province_list():
    provinces = list(selectors.province_list())
    assert len(provinces) == 34
    assert provinces[0].code == "01"
