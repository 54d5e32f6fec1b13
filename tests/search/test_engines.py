"""One suite, every engine: the same catalogue must give the same answers from tantivy, from
Elasticsearch (API-contract tests against noida-db; see conftest) and from the database search. Scores are never
compared, only orders and sets."""

import unicodedata

import pytest

from search.errors import SearchQueryHasNoWords, UnsupportedSort
from search.query import SearchFilters, SearchRequest, SearchResult, Sort, plan_words
from search.selectors import search_products
from tests.factories import BusinessFactory, CategoryFactory
from tests.search.helpers import names, product, reindex, search, subcategory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["Miến dong", "mien dong", "MIEN DONG", "mieen dong", "mie6n dong", "mein dong", "mi\u00ea\u0301n dong"],
)
def test_accents_telex_vni_and_typos_all_find_the_product(engine, query):
    product("Miến dong Na Hang")
    product("Mật ong rừng", description="Ong khoái.")
    reindex()
    assert names(search(query)) == ["Miến dong Na Hang"]


def test_decomposed_input_matches_precomposed_text(engine):
    product(unicodedata.normalize("NFD", "Chè Shan tuyết"))
    reindex()
    assert names(search("chè shan tuyết")) == [unicodedata.normalize("NFD", "Chè Shan tuyết")]


def test_old_and_new_tone_placement_are_the_same_word(engine):
    product("Nước hoá quả", description="")
    product("Thuỷ sản sấy", description="")
    reindex()
    assert names(search("hóa quả")) == ["Nước hoá quả"]
    assert names(search("thủy sản")) == ["Thuỷ sản sấy"]


def test_exact_accented_match_ranks_above_folded(engine):
    product("Mien dong loại thường", description="")  # unaccented: the folded form exactly
    product("Miến dong đặc biệt", description="")
    reindex()
    assert names(search("miến"))[0] == "Miến dong đặc biệt"
    assert set(names(search("mien"))) == {"Mien dong loại thường", "Miến dong đặc biệt"}


def test_a_word_the_catalogue_knows_is_not_matched_fuzzily(engine):
    product("Bánh miếng gừng", description="")  # one edit from "mien"
    product("Men lá rượu", description="")  # one edit from "mien"
    product("Miến dong", description="")
    reindex()
    assert names(search("mien")) == ["Miến dong"]


def test_a_word_the_catalogue_does_not_know_matches_its_nearest_known_words(engine):
    product("Mật ong rừng", description="")
    product("Nông sản sạch", description="")
    reindex()
    assert names(search("onng")) == ["Mật ong rừng"]
    assert names(search("rungg")) == ["Mật ong rừng"]


def test_products_named_for_the_query_are_the_whole_answer(engine):
    product("Chè búp khô", description="Uống cùng mật ong rất ngon.")
    product("Mật ong bạc hà", description="Hoa bạc hà.")
    reindex()
    assert names(search("mật ong")) == ["Mật ong bạc hà"]
    assert names(search("uống cùng")) == ["Chè búp khô"]  # no name has it: descriptions answer


def test_phrase_matches_come_before_scattered_words(engine):
    product("Miến dong Na Hang", description="")
    product("Măng khô Na Hang", description="Xào với miến, ngon hơn ở vùng đồng bằng.")
    reindex()
    assert names(search("mien dong")) == ["Miến dong Na Hang"]


def test_a_product_and_its_place_find_that_product_from_there_not_everything_there(engine):
    product("Miến dong Sơn Dương", description="Làm tại Na Hang từ củ dong riềng.")
    product("Măng rừng khô Na Hang", description="Nấu cùng miến dong rất ngon.")
    product("Miến dong Bình An", description="Củ dong riềng vùng cao.")
    reindex()
    assert names(search("mien dong na hang")) == ["Miến dong Sơn Dương"]


def test_in_stock_ranks_above_sold_out_when_otherwise_equal(engine):
    product("Cam sành vụ chính", stock=0)
    product("Cam sành vụ muộn", stock=5)
    reindex()
    assert names(search("cam sành")) == ["Cam sành vụ muộn", "Cam sành vụ chính"]


def test_plain_english_and_numbers_are_not_read_as_telex(engine):
    product("Tinh bột nghệ 200g", description="Đạt chuẩn OCOP.")
    product("Nghệ tươi", description="")
    reindex()
    assert names(search("200g")) == ["Tinh bột nghệ 200g"]
    assert names(search("OCOP")) == ["Tinh bột nghệ 200g"]


def test_other_fields_are_searchable(engine):
    if engine.name == "database":
        pytest.skip("the database search reads names and descriptions only")
    seller = BusinessFactory(name="Hợp tác xã Phượng Hoàng")
    product("Măng khô", business=seller, description="")
    product("Chè xanh", description="", variant_sku="CHE-XANH-01")
    reindex()
    assert names(search("phuong hoang")) == ["Măng khô"]
    assert set(names(search("thuc pham"))) == {"Chè xanh", "Măng khô"}  # the category's name
    assert names(search("CHE-XANH-01")) == ["Chè xanh"]


def test_the_last_word_matches_as_a_prefix_while_typing(engine):
    product("Mật ong rừng", description="")
    product("Mật mía", description="")
    reindex()
    assert names(search("mat o")) == ["Mật ong rừng"]
    suggested = engine.suggest(plan_words("mat o"), limit=5)
    assert names(SearchResult(ids=suggested, total=len(suggested))) == ["Mật ong rừng"]


def test_when_no_product_has_every_word_any_word_will_do(engine):
    product("Miến dong", description="")
    reindex()
    assert names(search("miến ngon tuyệt")) == ["Miến dong"]


def test_filters_combine_with_the_query(engine):
    fruit = CategoryFactory(name="Rau củ quả tươi", ocop_group="food")
    oranges = subcategory("Cam quýt", fruit)
    a = product("Cam sành A", category=oranges, ocop_stars=4, price=30_000, stock=0)
    product("Cam sành B", category=fruit, price=120_000)
    product("Cam sành C", price=600_000)
    reindex()
    assert set(names(search("cam", filters=SearchFilters(category_ids=[fruit.pk])))) == {
        "Cam sành A",
        "Cam sành B",
    }
    assert names(search("cam", filters=SearchFilters(category_ids=[oranges.pk]))) == ["Cam sành A"]
    assert names(search("cam", filters=SearchFilters(ocop_stars=[4]))) == ["Cam sành A"]
    assert set(names(search("cam", filters=SearchFilters(ocop_stars=[0])))) == {"Cam sành B", "Cam sành C"}
    assert names(search("cam", filters=SearchFilters(in_stock=False))) == ["Cam sành A"]
    assert names(search("cam", filters=SearchFilters(price_gte=100_000, price_lte=500_000))) == ["Cam sành B"]
    assert names(search("cam", filters=SearchFilters(business_ids=[a.business_id]))) == ["Cam sành A"]
    commune = a.origin_commune
    assert len(search("cam", filters=SearchFilters(commune_codes=[commune.pk])).ids) == 3
    assert search("cam", filters=SearchFilters(district_codes=[commune.legacy_district_id])).total == 3
    assert search("cam", filters=SearchFilters(district_codes=["999"])).total == 0


def test_facets_count_the_matching_products(engine):
    fruit = CategoryFactory(name="Rau củ quả tươi", ocop_group="food")
    product("Cam sành A", category=fruit, ocop_stars=4, price=30_000)
    product("Cam sành B", category=fruit, price=120_000)
    product("Mật ong", price=600_000)
    reindex()
    facets = search("cam").facets
    by_field = {field: {b.key: b.count for b in buckets} for field, buckets in facets.items()}
    # A sub-group's products also count under their group, as the category filter matches them.
    assert by_field["category"] == {str(fruit.pk): 2, str(fruit.parent_id): 2}
    assert by_field["ocop_stars"] == {"4": 1, "0": 1}
    assert by_field["price"] == {
        "0-50000": 1,
        "50000-100000": 0,
        "100000-200000": 1,
        "200000-500000": 0,
        "500000-": 0,
    }
    assert sum(by_field["district"].values()) == 2
    assert sum(by_field["business_kind"].values()) == 2


def test_every_sort_is_honoured(engine):
    product("Chè Bản A", price=90_000)
    product("Chè Bạc C", price=30_000)
    product("Chè Bàn B", price=60_000)
    reindex()
    assert names(search("chè", sort=Sort.PRICE_ASC)) == ["Chè Bạc C", "Chè Bàn B", "Chè Bản A"]
    assert names(search("chè", sort=Sort.PRICE_DESC)) == ["Chè Bản A", "Chè Bàn B", "Chè Bạc C"]
    assert names(search("chè", sort=Sort.NEWEST)) == ["Chè Bàn B", "Chè Bạc C", "Chè Bản A"]
    assert names(search("chè", sort=Sort.OLDEST)) == ["Chè Bản A", "Chè Bạc C", "Chè Bàn B"]
    assert names(search("chè", sort=Sort.NAME_ASC)) == ["Chè Bạc C", "Chè Bản A", "Chè Bàn B"]
    assert names(search("chè", sort=Sort.NAME_DESC)) == ["Chè Bàn B", "Chè Bản A", "Chè Bạc C"]


def test_pages_do_not_overlap_and_the_total_counts_every_match(engine):
    for n in range(25):
        product(f"Miến dong gói {n}")
    reindex()
    first, second = search("mien", limit=10), search("mien", offset=10, limit=10)
    assert first.total == second.total == 25
    assert len(set(first.ids) | set(second.ids)) == 20


def test_only_public_products_are_indexed(engine):
    product("Miến dong công khai")
    product("Miến dong nháp", status="draft")
    product("Miến dong bị từ chối", status="rejected")
    product("Miến dong của người bán bị đình chỉ", business=BusinessFactory(status="suspended"))
    reindex()
    assert names(search("mien dong")) == ["Miến dong công khai"]


def test_filter_by_seller_kind(engine):
    product("Chè của hộ", business=BusinessFactory(kind="household"))
    product("Chè của hợp tác xã", business=BusinessFactory(kind="cooperative"))
    reindex()
    assert names(search("che", filters=SearchFilters(business_kinds=["household"]))) == ["Chè của hộ"]


def test_a_query_of_symbols_only_finds_nothing_and_says_why(engine):
    product("Miến dong")
    reindex()
    for query in ("*", "(((", "%", "\\", "🍯", "_"):
        with pytest.raises(SearchQueryHasNoWords):
            search_products(SearchRequest(text=query))


def test_did_you_mean_only_respells_words_the_catalogue_lacks(engine):
    product("Miến dong Na Hang 200g", description="Kiến thức và biến tấu món miến.")
    product("Mật ong rừng", description="")
    reindex()
    for query in ("mien dong na hang 200g", "mien na hang"):
        assert search_products(SearchRequest(text=query)).corrected_query is None
    assert search_products(SearchRequest(text="mein dong")).corrected_query == "miến dong"
    assert search_products(SearchRequest(text="maajt ong")).corrected_query == "mật ong"


def test_a_sort_no_engine_knows_is_refused(engine):
    with pytest.raises(UnsupportedSort):
        search_products(SearchRequest(text="mien", sort="RANDOM"))
