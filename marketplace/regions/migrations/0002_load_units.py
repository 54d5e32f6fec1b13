"""Loads the official units (34 provinces, 3,321 communes, Tuyên Quang's 18 legacy districts)
from marketplace/regions/data/. Later changes to those files need their own data migration or
`manage.py regions_load_units`."""

from django.db import migrations

from marketplace.regions.data import units_load, units_unload


def _models(apps):
    return {
        "province_model": apps.get_model("regions", "Province"),
        "legacy_district_model": apps.get_model("regions", "LegacyDistrict"),
        "commune_model": apps.get_model("regions", "Commune"),
    }


def load(apps, schema_editor):
    units_load(**_models(apps))


def unload(apps, schema_editor):
    units_unload(**_models(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload, elidable=False),
    ]
