"""Properties over generated inputs: every valid VietQR input round-trips, no text makes the
parser do anything but return or refuse, and a reference survives what banks do to it."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from payments.banktransfer.matching import reference_candidates
from payments.vietqr import build_payload, crc16_ccitt_false, parse_payload
from payments.vietqr.errors import VietQRInvalidPayload

bins = st.integers(0, 999).map(lambda n: f"970{n:03d}")
accounts = st.text(string.digits, min_size=6, max_size=19)
amounts = st.none() | st.integers(1, 10**13 - 1)
purposes = st.text(string.ascii_letters + string.digits, max_size=25)


@settings(max_examples=300, deadline=None)
@given(bank_bin=bins, account=accounts, amount=amounts, purpose=purposes)
def test_every_valid_input_round_trips(bank_bin, account, amount, purpose):
    payload = build_payload(bank_bin=bank_bin, account_number=account, amount=amount, purpose=purpose)
    qr = parse_payload(payload)
    assert (qr.bank_bin, qr.account_number, qr.amount, qr.purpose) == (bank_bin, account, amount, purpose)
    assert qr.dynamic == (amount is not None)


@settings(max_examples=300, deadline=None)
@given(
    bank_bin=bins,
    account=accounts,
    amount=st.integers(1, 10**9),
    position=st.integers(0, 200),
    replacement=st.characters(min_codepoint=32, max_codepoint=126),
)
def test_changing_any_character_is_caught(bank_bin, account, amount, position, replacement):
    payload = build_payload(bank_bin=bank_bin, account_number=account, amount=amount)
    position %= len(payload)
    changed = payload[:position] + replacement + payload[position + 1 :]
    if changed.upper() == payload.upper():
        return
    try:
        qr = parse_payload(changed)
    except VietQRInvalidPayload:
        return
    # CRC-16 catches every single-character change of the data: only an equivalent CRC case passes.
    raise AssertionError(f"accepted a changed payload: {changed!r} → {qr}")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_parsed_or_refused(text):
    for candidate in (text, text + "6304" + crc16_ccitt_false(text + "6304")):
        try:
            parse_payload(candidate)
        except VietQRInvalidPayload:
            pass


_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
references = st.builds(
    lambda day, seq, suffix: f"TT2612{day:02d}{seq:04d}{suffix}",
    st.integers(1, 31),
    st.integers(1, 99_999),
    st.text(_ALPHABET, min_size=4, max_size=4),
)
noise = st.text(st.sampled_from(list("abcxyz ĐđơưÀ.-/:_")), max_size=20)


@settings(max_examples=300, deadline=None)
@given(
    reference=references,
    before=noise,
    after=noise,
    separators=st.lists(st.sampled_from([" ", "-", ".", ""]), min_size=3, max_size=3),
    lower=st.booleans(),
)
def test_a_reference_survives_what_banks_do_to_a_description(reference, before, after, separators, lower):
    # Split where banks split (after the prefix, in the middle, before the suffix), any case.
    cut = [2, 8, len(reference) - 4]
    written = "".join(
        reference[a:b] + (separators[i] if i < 3 else "")
        for i, (a, b) in enumerate(zip([0, *cut], [*cut, len(reference)]))
    )
    description = f"{before} {written.lower() if lower else written} {after}"
    assert reference in reference_candidates(description)
