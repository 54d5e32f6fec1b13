import graphene


class BusinessQueries(graphene.ObjectType):
    pass
