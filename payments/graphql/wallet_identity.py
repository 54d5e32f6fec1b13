"""(Being built: see the wallet issue's design notes.)"""

import graphene


class WalletIdentityQueries(graphene.ObjectType):
    pass


class WalletIdentityMutations(graphene.ObjectType):
    pass
