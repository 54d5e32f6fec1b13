import graphene

from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.ids import decode_id


def decision_mutation(
    name: str,
    service,
    *,
    node_type: str,
    payload_type,
    id_argument: str,
    actor: str,
    with_reason: bool = False,
    description: str | None = None,
):
    """Approve / reject / suspend / submit share one shape: `(id, reason?) → { <node> errors }`,
    calling `service(<actor>=user, <id_argument>=pk, reason=…)`."""
    payload_field = node_type[0].lower() + node_type[1:]

    class Arguments:
        id = graphene.ID(required=True)
        if with_reason:
            reason = graphene.String(required=True, description="Lý do, người bán sẽ đọc được.")

    def perform(cls, info, id, **extra):
        node = service(**{actor: info.context.user, id_argument: decode_id(id, node_type)}, **extra)
        return {payload_field: node}

    return type(
        name,
        (BaseMutation,),
        {
            "__doc__": description,
            "Arguments": Arguments,
            payload_field: graphene.Field(payload_type),
            "perform": classmethod(perform),
        },
    )
