import unicodedata

import pytest

from search.vietnamese import canonical, fold, from_typing, is_syllable, query_words, tokens


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [("hóa", "hoá"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("Hòa Bình", "hoà bình"), ("HÓA", "hoá")],
)
def test_old_and_new_tone_placement_give_the_new_style(old_style, new_style):
    assert canonical(old_style) == new_style
    assert canonical(new_style) == new_style


@pytest.mark.parametrize(
    ("misplaced", "expected"),
    [
        ("qúy", "quý"),  # qu is the onset: the tone belongs on y
        ("gía", "giá"),  # gi is the onset: the tone belongs on a
        ("ngừơi", "người"),  # ươ: on the ơ
        ("khủyu", "khuỷu"),  # three vowels: on the middle one
        ("ngòai", "ngoài"),
        ("hòan", "hoàn"),  # a final consonant pulls the tone to the last vowel
        ("túân", "tuấn"),
        ("múa", "múa"),
        ("mía", "mía"),
        ("ciủa", "ciủa"),  # not a syllable: left alone
    ],
)
def test_tone_moves_to_its_canonical_vowel(misplaced, expected):
    assert canonical(misplaced) == expected


@pytest.mark.parametrize("text", ["Miến dong", "Đường phèn", "Hoà Bình", "khuỷu", "người"])
def test_decomposed_input_equals_precomposed(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert canonical(decomposed) == canonical(text)


def test_decomposed_tone_with_quality_mark_is_composed():
    assert canonical("Mie\u0302\u0301n") == "miến"


@pytest.mark.parametrize(("word", "expected"), [("200g", "200g"), ("OCOP", "ocop"), ("Coffee", "coffee")])
def test_words_that_are_not_syllables_are_only_lowercased(word, expected):
    assert canonical(word) == expected


def test_punctuation_and_spacing_are_kept():
    assert canonical("Trà  Hòa Bình, 200g!") == "trà  hoà bình, 200g!"


def test_tokens_are_the_canonical_words_in_order():
    assert tokens("Chè Thái Nguyên (hóa chất: 0), OCOP") == [
        "chè",
        "thái",
        "nguyên",
        "hoá",
        "chất",
        "0",
        "ocop",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Miến dong Đà Lạt", "mien dong da lat"), ("Đường", "duong"), ("Thủy sản", "thuy san")],
)
def test_fold_removes_diacritics_including_stroke_d(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    "word",
    ["cam", "xoai", "tra", "nghiêng", "Đường", "khuỷu", "quý", "gì", "giá", "huynh", "xoong", "người"],
)
def test_vietnamese_syllables_are_recognised(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "200g",
        "ocop",
        "OCOP",
        "shan",
        "coffee",
        "xyz",
        "tea",
        "mass",
        "mas",
        "king",
        "ka",
        "ghi2",
        "qu",
        "quu",
        "bian",
    ],
)
def test_other_words_are_not_syllables(word):
    assert not is_syllable(word)


@pytest.mark.parametrize(
    ("typed", "syllable"),
    [
        ("mieen", "miên"),
        ("tieengs", "tiếng"),
        ("tiengs", "tiếng"),  # iê never lacks its circumflex
        ("sanhf", "sành"),
        ("mats", "mát"),
        ("mas", "má"),
        ("ongf", "òng"),
        ("dduowngf", "đường"),
        ("DDUOWNGF", "đường"),
        ("tuyeets", "tuyết"),
        ("chef", "chè"),
        ("maajt", "mật"),
        ("nguwowif", "người"),
        ("muwa", "mưa"),
        ("nhw", "như"),
        ("awn", "ăn"),
        ("hoaf", "hoà"),
        ("thuyr", "thuỷ"),
        ("quowr", "quở"),  # the u of qu takes no horn
    ],
)
def test_telex_keys_are_read_as_the_syllable(typed, syllable):
    assert from_typing(typed) == syllable


@pytest.mark.parametrize(
    ("typed", "syllable"),
    [
        ("mie6n", "miên"),
        ("mien62", "miền"),
        ("tie61ng", "tiếng"),
        ("d9u7o7ng2", "đường"),
        ("duong7", "dương"),
        ("a6n", "ân"),
        ("a8n", "ăn"),
        ("ngoai2", "ngoài"),
    ],
)
def test_vni_keys_are_read_as_the_syllable(typed, syllable):
    assert from_typing(typed) == syllable


@pytest.mark.parametrize(
    "word",
    [
        "cam",  # no keys
        "xoai",  # x is the onset, not a ngã key
        "tra",  # r is part of the onset tr
        "200g",
        "OCOP",
        "500ml",
        "2024",
        "shan",
        "coffee",  # two tone keys
        "tea",
        "mass",
        "tinsh",  # a tone key inside the final consonant
        "miến",  # already accented
    ],
)
def test_words_without_a_keyed_syllable_have_no_reading(word):
    assert from_typing(word) is None


def test_query_words_pairs_canonical_words_with_their_reading():
    assert query_words("Dduowngf mieen Hòa 200g") == [
        ("dduowngf", "đường"),
        ("mieen", "miên"),
        ("hoà", None),
        ("200g", None),
    ]


def test_query_words_keeps_at_most_eight_words():
    words = query_words("cam " * 8 + "mieen")
    assert [word for word, _ in words] == ["cam"] * 8


def test_query_words_reads_at_most_a_hundred_characters():
    assert query_words("x" * 99 + " mieen") == [("x" * 99, None)]
