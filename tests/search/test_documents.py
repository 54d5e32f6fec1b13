"""What a product's search document holds, whichever engine indexes it."""

import pytest

from search import query
from search.documents import documents_for
from tests.factories import BusinessFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_word_pairs_never_span_two_parts_of_the_text():
    # The seller's name ends in "Miến dong" and the next part (the category) begins with "Đặc":
    # "dong dac" was never written, so a phrase search must not find it.
    product = ProductFactory(
        name="Măng rừng khô",
        description="Măng phơi nắng.",
        business=BusinessFactory(name="HTX Miến dong"),
        category__name="Đặc sản rừng",
    )

    [document], _gone = documents_for([product.pk])
    pairs = set(document.text_pairs.split())

    assert {"mien_dong", "dac_san", "mang_phoi"} <= pairs
    assert not {pair for pair in pairs if pair.startswith("dong_") or pair.startswith("nang_")}


def test_pair_terms_read_each_part_on_its_own():
    text = f"htx mien dong{query.FIELD_BREAK}na hang"

    assert query.pair_terms(text) == "htx_mien mien_dong na_hang"
