"""VietQR payloads: the spec's CRC vector, a published real-world code, round trips, refusals,
and QR images that are real SVG and PNG files."""

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from payments.vietqr import build_payload, crc16_ccitt_false, parse_payload, qr_png, qr_svg
from payments.vietqr.errors import (
    VietQRInvalidAccountNumber,
    VietQRInvalidAmount,
    VietQRInvalidBankBin,
    VietQRInvalidPayload,
    VietQRInvalidPurpose,
)


def test_crc_check_value_of_the_spec():
    assert crc16_ccitt_false("123456789") == "29B1"


def test_static_payload_equals_a_published_acb_code_byte_for_byte():
    # A static code for ACB account 257678859, as printed by a public VietQR library's README.
    expected = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
    assert build_payload(bank_bin="970416", account_number="257678859") == expected


def test_codes_issued_by_banks_parse_with_their_crc():
    # Real codes as banks' apps issue them (the second one carries a lower-case CRC).
    mb = parse_payload(
        "00020101021138540010A00000072701240006970422011009119673630208QRIBFTTA53037045802VN63046ad9"
    )
    assert (mb.bank_bin, mb.account_number, mb.dynamic, mb.amount) == ("970422", "0911967363", False, None)
    agribank = parse_payload(
        "00020101021138570010A00000072701270006970405011322082054793800208QRIBFTTA53037045802VN630497A6"
    )
    assert agribank.bank_bin == "970405"
    virtual = parse_payload(
        "00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA5303704540420005802VN"
        "6224082018f8746b181045f0a2ce63040FC0"
    )
    assert (virtual.account_number, virtual.amount, virtual.dynamic) == ("VQRQABRLS0448", 2000, True)


def test_static_payload_round_trips():
    payload = build_payload(bank_bin="970415", account_number="1133 6666 8888")
    assert payload[:16] == "0002010102113856"  # 01=11: the payer types the amount
    assert "54" not in _top_level_tags(payload)
    qr = parse_payload(payload)
    assert qr.dynamic is False and qr.amount is None
    assert (qr.bank_bin, qr.account_number, qr.service) == ("970415", "113366668888", "QRIBFTTA")


def test_dynamic_payload_round_trips_with_amount_and_folded_purpose():
    payload = build_payload(
        bank_bin="970436",
        account_number="0011002233445",
        amount=1_250_000,
        purpose="Đơn hàng TT2612010001AB3C",
    )
    qr = parse_payload(payload)
    assert qr.dynamic is True and qr.amount == 1_250_000
    assert qr.purpose == "Don hang TT2612010001AB3C"
    assert payload.endswith(crc16_ccitt_false(payload[:-4]))


def test_a_card_payload_keeps_its_service_code():
    qr = parse_payload(
        build_payload(bank_bin="970418", account_number="9704180012345678", service="QRIBFTTC")
    )
    assert qr.service == "QRIBFTTC"


def test_a_payload_with_a_wrong_crc_is_refused():
    payload = build_payload(bank_bin="970415", account_number="113366668888", amount=79_000)
    wrong = "0000" if payload[-4:] != "0000" else "FFFF"
    with pytest.raises(VietQRInvalidPayload):
        parse_payload(payload[:-4] + wrong)


def test_a_payload_altered_after_signing_is_refused():
    payload = build_payload(bank_bin="970415", account_number="113366668888", amount=79_000)
    with pytest.raises(VietQRInvalidPayload):
        parse_payload(payload.replace("540579000", "540589000"))


@pytest.mark.parametrize(
    "garbage", ["", "6304", "hello world!", "00020101021" + "6304ABCD", "0002ÿÿ6304ABCD"]
)
def test_garbage_is_refused_not_crashing(garbage):
    with pytest.raises(VietQRInvalidPayload):
        parse_payload(garbage)


@pytest.mark.parametrize("bank_bin", ["", "97041", "9704155", "123456", "97O415", None])
def test_bank_bin_must_be_six_digits_starting_970(bank_bin):
    with pytest.raises(VietQRInvalidBankBin):
        build_payload(bank_bin=bank_bin, account_number="113366668888")


@pytest.mark.parametrize("account", ["", "12345", "1" * 20, "11336666888A", "٣٣٣٣٣٣٣"])
def test_account_number_must_be_6_to_19_ascii_digits(account):
    with pytest.raises(VietQRInvalidAccountNumber):
        build_payload(bank_bin="970415", account_number=account)


@pytest.mark.parametrize("amount", [0, -1, 1.5, "1000", True, 10**13])
def test_amount_must_be_a_positive_whole_number_of_dong(amount):
    with pytest.raises(VietQRInvalidAmount):
        build_payload(bank_bin="970415", account_number="113366668888", amount=amount)


@pytest.mark.parametrize("purpose", ["x" * 26, "Thanh toán: đơn #12", "chè 🍵", "TT26;DROP"])
def test_purpose_is_at_most_25_ascii_letters_digits_and_spaces(purpose):
    with pytest.raises(VietQRInvalidPurpose):
        build_payload(bank_bin="970415", account_number="113366668888", amount=1000, purpose=purpose)


def test_purpose_of_25_characters_after_folding_is_accepted():
    purpose = "Mua chè Shan Tuyết Hà Giang"[:25]
    qr = parse_payload(
        build_payload(bank_bin="970415", account_number="113366668888", amount=1000, purpose=purpose)
    )
    assert qr.purpose == "Mua che Shan Tuyet Ha Gia"


def test_svg_is_an_xml_svg_document():
    svg = qr_svg(build_payload(bank_bin="970415", account_number="113366668888"))
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # Scales to its container (a 360 px phone): a viewBox, no fixed size.
    assert root.get("width") is None and root.get("height") is None
    _x, _y, width, height = root.get("viewBox").split()
    assert width == height and int(width) > 25


def test_png_decodes_as_a_square_black_and_white_image():
    png = qr_png(
        build_payload(bank_bin="970415", account_number="113366668888", amount=79_000), scale=4, border=4
    )
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG" and image.size[0] == image.size[1]
    # Version 5 at level M for a ~120-character payload: 37 modules + 2 × 4 border, 4 px each.
    assert image.size[0] % 4 == 0 and image.size[0] // 4 - 8 >= 21
    assert image.convert("L").getextrema() == (0, 255)
    assert image.convert("L").getpixel((0, 0)) == 255  # the quiet zone is white


def _top_level_tags(payload: str) -> list[str]:
    tags, i = [], 0
    while i < len(payload):
        tags.append(payload[i : i + 2])
        i += 4 + int(payload[i + 2 : i + 4])
    return tags
