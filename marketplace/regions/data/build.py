"""Builds the JSON files in this folder from the statistics office's (GSO) unit lists, as
packaged on PyPI by `vietnam-provinces`. A build-time tool only: the app reads the JSON files
and never imports `vietnam_provinces`.

Sources
- The current list (34 provinces, 3,321 communes since 1 July 2025): `vietnam-provinces==2025.10.1`,
  read through its API (`Province.iter_all()`, `Ward.iter_all()`).
- The pre-reform list (province → district → commune, data of 2025-01-04):
  `vietnam-provinces==0.6.0`. Both releases ship a module named `vietnam_provinces`, so the old
  one is read straight from its wheel (`vietnam_provinces/data/flat-divisions.json`), never
  installed next to the new one.

Legacy districts (Tuyên Quang only): every new commune reuses the code of one of the former
communes merged into it, so looking that code up in the old list gives the old district it lies
in. Ranges of codes per district overlap (TP Hà Giang 00688–00949 and Vị Xuyên 00703–00979;
TP Tuyên Quang 02200–02524 spans Na Hang, Lâm Bình and Yên Sơn codes) because of boundary
changes since the codes were issued, so the lookup is by exact code, never by range. A commune
formed from former communes of two districts is attributed to the district of the code it kept.

Re-run (from the repository root; nothing here touches the project's .venv):

    python3 -m venv /tmp/vp-build
    /tmp/vp-build/bin/pip install "vietnam-provinces==2025.10.1"
    /tmp/vp-build/bin/pip download --no-deps "vietnam-provinces==0.6.0" -d /tmp/vpold
    /tmp/vp-build/bin/python marketplace/regions/data/build.py \\
        --old-wheel /tmp/vpold/vietnam_provinces-0.6.0-py3-none-any.whl

then review `git diff marketplace/regions/data/` and, if units changed, write a data migration
(or run `manage.py regions_load_units`): 0002 only loads what the files held when it first ran.
"""

import argparse
import json
import logging
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

log = logging.getLogger(__name__)

EXPECTED_VERSION = "2025.10.1"
OLD_WHEEL_MEMBER = "vietnam_provinces/data/flat-divisions.json"
OUT_DIR = Path(__file__).resolve().parent

TUYEN_QUANG = "08"
# Old districts now inside Tuyên Quang: old Hà Giang (province 02) and old Tuyên Quang (08).
LEGACY_DISTRICTS_OF = {
    TUYEN_QUANG: {
        "02": ["024", "026", "027", "028", "029", "030", "031", "032", "033", "034", "035"],
        "08": ["070", "071", "072", "073", "074", "075", "076"],
    },
}

PROVINCE_KINDS = {"tỉnh": "tỉnh", "thành phố trung ương": "thành phố"}
COMMUNE_KINDS = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def province_rows(vp) -> list[dict]:
    rows = []
    for province in vp.Province.iter_all():
        kind = PROVINCE_KINDS[province.division_type.value]
        name = nfc(province.name)
        # The package names centrally-run cities "Thành phố Hà Nội"; we store "Hà Nội".
        if kind == "thành phố":
            name = name.removeprefix("Thành phố ")
        rows.append({"code": f"{province.code.value:02d}", "name": name, "kind": kind})
    return sorted(rows, key=lambda row: row["code"])


def read_old_wards(old_wheel: Path) -> list[dict]:
    with zipfile.ZipFile(old_wheel) as wheel:
        return json.loads(wheel.read(OLD_WHEEL_MEMBER))


def legacy_district_rows(old_wards: list[dict]) -> list[dict]:
    names = {
        f"{w['district_code']:03d}": (f"{w['province_code']:02d}", nfc(w["district_name"])) for w in old_wards
    }
    rows = []
    for province, by_old_province in LEGACY_DISTRICTS_OF.items():
        for old_province, codes in by_old_province.items():
            for code in codes:
                found_province, name = names[code]
                if found_province != old_province:
                    raise SystemExit(
                        f"district {code} is in old province {found_province}, not {old_province}"
                    )
                rows.append({"code": code, "name": name, "province": province})
    return sorted(rows, key=lambda row: row["code"])


def commune_rows(vp, old_wards: list[dict], legacy_districts: list[dict]) -> tuple[list[dict], list[dict]]:
    """Returns the communes and those of a province with legacy districts that found none."""
    # Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa…) appear with no ward.
    old_district_of = {
        f"{w['ward_code']:05d}": f"{w['district_code']:03d}" for w in old_wards if w["ward_code"] is not None
    }
    legacy_codes = {(d["province"], d["code"]) for d in legacy_districts}
    rows, unmapped = [], []
    for ward in vp.Ward.iter_all():
        code, province = f"{ward.code.value:05d}", f"{ward.province_code.value:02d}"
        legacy_district = None
        if province in LEGACY_DISTRICTS_OF:
            candidate = old_district_of.get(code)
            if (province, candidate) in legacy_codes:
                legacy_district = candidate
        row = {
            "code": code,
            "name": nfc(ward.name),
            "kind": COMMUNE_KINDS[ward.division_type.value],
            "province": province,
            "legacy_district": legacy_district,
        }
        rows.append(row)
        if province in LEGACY_DISTRICTS_OF and legacy_district is None:
            unmapped.append(row)
    return sorted(rows, key=lambda row: row["code"]), unmapped


def check(provinces, legacy_districts, communes):
    assert len(provinces) == 34, len(provinces)
    assert len(communes) == 3321, len(communes)
    assert len({c["code"] for c in communes}) == len(communes)
    assert {c["province"] for c in communes} == {p["code"] for p in provinces}
    kinds = Counter(c["kind"] for c in communes if c["province"] == TUYEN_QUANG)
    assert kinds == {"xa": 117, "phuong": 7}, kinds
    assert len(legacy_districts) == 18, len(legacy_districts)


def write(name: str, rows: list[dict]) -> None:
    """One record a line: small diffs when a unit changes, still valid JSON."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows)
    (OUT_DIR / name).write_text(f"[\n{lines}\n]\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-wheel", type=Path, required=True, help="vietnam_provinces-0.6.0 wheel")
    args = parser.parse_args(argv)

    import vietnam_provinces as vp

    if vp.__version__ != EXPECTED_VERSION:
        log.warning("vietnam-provinces %s, expected %s", vp.__version__, EXPECTED_VERSION)

    old_wards = read_old_wards(args.old_wheel)
    provinces = province_rows(vp)
    legacy_districts = legacy_district_rows(old_wards)
    communes, unmapped = commune_rows(vp, old_wards, legacy_districts)
    check(provinces, legacy_districts, communes)

    write("provinces.json", provinces)
    write("legacy_districts.json", legacy_districts)
    write("communes.json", communes)

    per_district = Counter(c["legacy_district"] for c in communes if c["legacy_district"])
    log.info(
        "%d provinces, %d communes, %d old districts", len(provinces), len(communes), len(legacy_districts)
    )
    for district in legacy_districts:
        log.info("  %s %s: %d communes", district["code"], district["name"], per_district[district["code"]])
    log.info("%d communes mapped to a legacy district, %d not", sum(per_district.values()), len(unmapped))
    for row in unmapped:
        log.warning("  unmapped: %s %s", row["code"], row["name"])
    return 1 if unmapped else 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main())
