"""(Being built: see the wallet issue's design notes.)"""

import graphene


class WalletMoneyQueries(graphene.ObjectType):
    pass


class WalletMoneyMutations(graphene.ObjectType):
    pass
