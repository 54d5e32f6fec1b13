import graphene
from graphene_django import DjangoObjectType

from marketplace.regions.models import Commune, LegacyDistrict, Province


class ProvinceType(DjangoObjectType):
    class Meta:
        model = Province
        name = "Province"
        fields = ("code", "name", "kind")


class LegacyDistrictType(DjangoObjectType):
    class Meta:
        model = LegacyDistrict
        name = "LegacyDistrict"
        description = "A district as it was before the 1 July 2025 reform; kept for reports."
        fields = ("code", "name")


class CommuneType(DjangoObjectType):
    kind = graphene.String(required=True, description="xa, phuong or dac_khu.")

    class Meta:
        model = Commune
        name = "Commune"
        fields = ("code", "name", "kind", "province", "legacy_district")
