"""(Being built: see the wallet issue's design notes.)"""

import graphene


class WalletTransfersQueries(graphene.ObjectType):
    pass


class WalletTransfersMutations(graphene.ObjectType):
    pass
