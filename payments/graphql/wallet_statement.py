"""(Being built: see the wallet issue's design notes.)"""

import graphene


class WalletStatementQueries(graphene.ObjectType):
    pass


class WalletStatementMutations(graphene.ObjectType):
    pass
