"""The Vietnamese banks a business may receive money at (data/banks.json), by NAPAS BIN."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Bank:
    bin: str
    code: str
    short_name: str
    full_name: str


@cache
def all_banks() -> tuple[Bank, ...]:
    data = json.loads((Path(__file__).parent / "data" / "banks.json").read_text(encoding="utf-8"))
    return tuple(Bank(**row) for row in data["banks"])


@cache
def _by_bin() -> dict[str, Bank]:
    return {bank.bin: bank for bank in all_banks()}


def bank_by_bin(bank_bin: str) -> Bank | None:
    return _by_bin().get(str(bank_bin or "").strip())
