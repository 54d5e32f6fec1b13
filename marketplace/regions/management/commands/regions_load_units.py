from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.regions.data import units_load
from marketplace.regions.models import Commune, LegacyDistrict, Province


class Command(BaseCommand):
    help = "Nạp lại tỉnh, xã/phường và huyện cũ từ marketplace/regions/data/ (chạy lại an toàn)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = units_load(
                province_model=Province, legacy_district_model=LegacyDistrict, commune_model=Commune
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['provinces']} tỉnh/thành phố, {counts['communes']} xã/phường/đặc khu, "
                f"{counts['legacy_districts']} huyện cũ"
            )
        )
