import graphene


class AccountQueries(graphene.ObjectType):
    pass
