import graphene


class RegionQueries(graphene.ObjectType):
    pass
