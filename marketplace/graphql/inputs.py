import graphene


def enum_value(member):
    """graphene hands resolvers enum members for enum arguments; services take plain values."""
    return getattr(member, "value", member)


def enum_values(members) -> list:
    return [enum_value(member) for member in members or []]


class SortDirection(graphene.Enum):
    """Shared by every list that takes `sortBy` (products, businesses)."""

    ASC = "ASC"
    DESC = "DESC"
