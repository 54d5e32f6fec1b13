PROVINCES = "{ provinces { code name kind } }"
COMMUNES = """
query ($provinceCode: String!, $search: String) {
  communes(provinceCode: $provinceCode, search: $search) {
    code name kind province { code name } legacyDistrict { code name }
  }
}
"""
LEGACY_DISTRICTS = (
    "query ($provinceCode: String!) { legacyDistricts(provinceCode: $provinceCode) { code name } }"
)


def test_provinces_lists_all_34(gql):
    provinces = gql(PROVINCES)["data"]["provinces"]
    assert len(provinces) == 34
    assert {"code": "08", "name": "Tuyên Quang", "kind": "tỉnh"} in provinces


def test_communes_search_without_diacritics(gql):
    communes = gql(COMMUNES, {"provinceCode": "08", "search": "ham yen"})["data"]["communes"]
    assert communes == [
        {
            "code": "02374",
            "name": "Xã Hàm Yên",
            "kind": "xa",
            "province": {"code": "08", "name": "Tuyên Quang"},
            "legacyDistrict": {"code": "074", "name": "Huyện Hàm Yên"},
        }
    ]


def test_communes_outside_tuyen_quang_have_null_legacy_district(gql):
    communes = gql(COMMUNES, {"provinceCode": "01", "search": "hoan kiem"})["data"]["communes"]
    assert [(c["name"], c["legacyDistrict"]) for c in communes] == [("Phường Hoàn Kiếm", None)]


def test_communes_of_an_unknown_province_is_empty(gql):
    assert gql(COMMUNES, {"provinceCode": "99"})["data"]["communes"] == []


def test_communes_with_province_and_legacy_district_take_one_query(gql, django_assert_num_queries):
    with django_assert_num_queries(1):
        communes = gql(COMMUNES, {"provinceCode": "08"})["data"]["communes"]
    assert len(communes) == 124
    assert all(c["legacyDistrict"] is not None for c in communes)


def test_provinces_take_one_query(gql, django_assert_num_queries):
    with django_assert_num_queries(1):
        gql(PROVINCES)


def test_legacy_districts(gql):
    districts = gql(LEGACY_DISTRICTS, {"provinceCode": "08"})["data"]["legacyDistricts"]
    assert len(districts) == 18
    assert {"code": "074", "name": "Huyện Hàm Yên"} in districts
    assert gql(LEGACY_DISTRICTS, {"provinceCode": "01"})["data"]["legacyDistricts"] == []
