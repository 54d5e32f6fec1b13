import graphene


class CatalogMutations(graphene.ObjectType):
    pass
