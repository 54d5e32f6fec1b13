import graphene


class BusinessMutations(graphene.ObjectType):
    pass
