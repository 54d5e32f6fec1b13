"""The official unit list as shipped JSON (built by `build.py` in this folder) and its loader.

The loader takes the model classes as arguments so the data migration can pass its historical
models and `manage.py regions_load_units` the current ones.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def read(name: str) -> list[dict]:
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def units_load(*, province_model, legacy_district_model, commune_model) -> dict[str, int]:
    """Inserts the units, or brings existing rows with the same code back in line with the files.
    Safe to run again; rows not in the files are left alone."""
    provinces = read("provinces")
    legacy_districts = read("legacy_districts")
    communes = read("communes")
    province_model.objects.bulk_create(
        [province_model(code=p["code"], name=p["name"], kind=p["kind"]) for p in provinces],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind"],
    )
    legacy_district_model.objects.bulk_create(
        [
            legacy_district_model(code=d["code"], name=d["name"], province_id=d["province"])
            for d in legacy_districts
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "province"],
    )
    commune_model.objects.bulk_create(
        [
            commune_model(
                code=c["code"],
                name=c["name"],
                kind=c["kind"],
                province_id=c["province"],
                legacy_district_id=c["legacy_district"],
            )
            for c in communes
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "province", "legacy_district"],
    )
    return {
        "provinces": len(provinces),
        "legacy_districts": len(legacy_districts),
        "communes": len(communes),
    }


def units_unload(*, province_model, legacy_district_model, commune_model) -> None:
    """Deletes the units the files list; fails (PROTECT) while businesses or products use them."""
    commune_model.objects.filter(code__in=[c["code"] for c in read("communes")]).delete()
    legacy_district_model.objects.filter(code__in=[d["code"] for d in read("legacy_districts")]).delete()
    province_model.objects.filter(code__in=[p["code"] for p in read("provinces")]).delete()
