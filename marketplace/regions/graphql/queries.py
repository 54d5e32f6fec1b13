import graphene

from marketplace.regions import selectors
from marketplace.regions.graphql.types import CommuneType, LegacyDistrictType, ProvinceType


class RegionQueries(graphene.ObjectType):
    provinces = graphene.List(
        graphene.NonNull(ProvinceType),
        required=True,
        description="The 34 provinces since 1 July 2025.",
    )
    communes = graphene.List(
        graphene.NonNull(CommuneType),
        required=True,
        province_code=graphene.String(required=True),
        search=graphene.String(description="Part of the name; case and diacritics are ignored."),
        description="A province's communes (xã, phường, đặc khu), ordered by code.",
    )
    legacy_districts = graphene.List(
        graphene.NonNull(LegacyDistrictType),
        required=True,
        province_code=graphene.String(required=True),
        description="Districts as they were before 1 July 2025 (kept for Tuyên Quang only).",
    )

    def resolve_provinces(root, info):
        return selectors.province_list()

    def resolve_communes(root, info, province_code, search=None):
        return selectors.commune_list(province_code=province_code, search=search)

    def resolve_legacy_districts(root, info, province_code):
        return selectors.legacy_district_list(province_code=province_code)
