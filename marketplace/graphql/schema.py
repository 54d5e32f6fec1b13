import graphene

from catalog.graphql.mutations import CatalogMutations
from catalog.graphql.queries import CatalogQueries
from marketplace.accounts.graphql.mutations import AccountMutations
from marketplace.accounts.graphql.queries import AccountQueries
from marketplace.businesses.graphql.mutations import BusinessMutations
from marketplace.businesses.graphql.queries import BusinessQueries
from marketplace.businesses.graphql.user_fields import MembershipType  # noqa: F401  adds User.memberships
from marketplace.graphql.error_codes import error_code_enum
from marketplace.graphql.ids import node_field
from marketplace.regions.graphql.queries import RegionQueries
from orders.graphql.mutations import OrderMutations
from orders.graphql.queries import OrderQueries
from payments.graphql.bank import BankMutations, BankQueries  # payments: bank
from payments.graphql.banktransfer import BankTransferMutations, BankTransferQueries  # payments: bank
from payments.graphql.ledger import LedgerQueries  # payments: ledger
from payments.graphql.momo import MomoMutations, MomoQueries
from payments.graphql.settlement import SettlementMutations, SettlementQueries
from payments.graphql.start import PaymentStartMutations, PaymentStartQueries
from payments.graphql.wallet_identity import WalletIdentityMutations, WalletIdentityQueries
from payments.graphql.wallet_money import WalletMoneyMutations, WalletMoneyQueries
from payments.graphql.wallet_statement import WalletStatementMutations, WalletStatementQueries
from payments.graphql.wallet_transfers import WalletTransfersMutations, WalletTransfersQueries
from search.graphql.queries import SearchQueries


class Query(
    AccountQueries,
    RegionQueries,
    BusinessQueries,
    SearchQueries,  # before CatalogQueries: it answers `products` (text search, else catalog's listing)
    CatalogQueries,
    OrderQueries,
    PaymentStartQueries,
    BankQueries,  # payments: bank
    BankTransferQueries,  # payments: bank
    SettlementQueries,
    LedgerQueries,  # payments: ledger
    WalletIdentityQueries,
    WalletMoneyQueries,
    WalletTransfersQueries,
    WalletStatementQueries,
    MomoQueries,
    graphene.ObjectType,
):
    # Each type's get_node applies the same visibility rule as its own root query.
    node = node_field()


class Mutation(
    AccountMutations,
    BusinessMutations,
    CatalogMutations,
    OrderMutations,
    PaymentStartMutations,
    BankMutations,  # payments: bank
    BankTransferMutations,  # payments: bank
    SettlementMutations,
    WalletIdentityMutations,
    WalletMoneyMutations,
    WalletTransfersMutations,
    WalletStatementMutations,
    MomoMutations,
    graphene.ObjectType,
):
    pass


# Last: the enum lists the errors of every module imported above.
ErrorCode = error_code_enum()

schema = graphene.Schema(query=Query, mutation=Mutation, types=[ErrorCode])
