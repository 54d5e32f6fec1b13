"""Relay global IDs (`base64("Product:12")`) in and out of the API."""

import graphene
from django.utils.translation import gettext_lazy as _
from graphql_relay import from_global_id, to_global_id

from marketplace.errors import DomainError


class InvalidId(DomainError):
    code = "INVALID_ID"
    message = _("Mã định danh (ID) không hợp lệ.")


def _split(global_id: str, *, field: str) -> tuple[str, int]:
    try:
        type_name, raw = from_global_id(global_id or "")
        if not (raw.isascii() and raw.isdigit()):  # int() would also take " 12" and "١٢"
            raise ValueError(raw)
        pk = int(raw)
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidId(field=field) from exc
    if pk <= 0:
        raise InvalidId(field=field)
    return type_name, pk


def decode_id(global_id: str, expected_type: str, *, field: str = "id") -> int:
    """`"UHJvZHVjdDoxMg=="` → 12, refusing IDs of another type."""
    type_name, pk = _split(global_id, field=field)
    if type_name != expected_type:
        raise InvalidId(field=field)
    return pk


def resolve_node(root, info, id: str):
    """Root `node(id:)`: any malformed ID, or one naming a type that is not a Node, is
    INVALID_ID like everywhere else; each type's `get_node` then applies its own visibility."""
    type_name, pk = _split(id, field="id")
    graphql_type = info.schema.get_type(type_name)
    graphene_type = getattr(graphql_type, "graphene_type", None)
    meta = getattr(graphene_type, "_meta", None)
    if graphene.relay.Node not in getattr(meta, "interfaces", ()):
        raise InvalidId(field="id")
    return graphene_type.get_node(info, pk)


def node_field() -> graphene.Field:
    return graphene.Field(
        graphene.relay.Node,
        id=graphene.ID(required=True, description="Mã định danh toàn cục của đối tượng."),
        resolver=resolve_node,
        description="Một đối tượng bất kỳ theo mã định danh toàn cục, nếu bạn được phép xem nó.",
    )


def encode_id(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)
