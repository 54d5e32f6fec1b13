import graphene


class CatalogQueries(graphene.ObjectType):
    pass
