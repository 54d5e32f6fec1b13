"""(Being built: see the wallet issue's design notes.)"""

import graphene


class MomoQueries(graphene.ObjectType):
    pass


class MomoMutations(graphene.ObjectType):
    pass
