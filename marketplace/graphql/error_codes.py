"""The codes `Error.code` takes, published in the schema as the `ErrorCode` enum and generated
from the DomainError subclasses, so the list cannot drift from the code that raises them.

A code belongs to one class. A subclass may keep its parent's code to refine the message for
one context (orders' `ReasonRequired` speaks to the buyer)."""

import enum

import graphene
from django.utils.module_loading import autodiscover_modules

from marketplace.errors import DomainError


def domain_error_classes() -> list[type[DomainError]]:
    """Every DomainError subclass of the apps' `errors` modules and what they import (the demo
    seeder's errors too: `seed_demo` reports them with the same codes)."""
    autodiscover_modules("errors", "demo.errors")
    found, stack = [], [DomainError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda cls: (cls.__module__, cls.__qualname__))


def error_codes() -> dict[str, str]:
    """Code → its Vietnamese message (the class highest in the hierarchy that carries it)."""
    messages = {}
    for cls in sorted(domain_error_classes(), key=lambda cls: len(cls.__mro__)):
        messages.setdefault(cls.code, str(cls.message))
    return dict(sorted(messages.items()))


def error_code_enum() -> type[graphene.Enum]:
    """Built by the schema after every app's GraphQL modules (and so their errors) are loaded."""
    messages = error_codes()
    codes = enum.Enum("ErrorCode", {code: code for code in messages})
    return graphene.Enum.from_enum(
        codes,
        description=lambda value: (
            messages[value.value]
            if value is not None
            else "Các mã lỗi có thể có trong `errors { code }` (giá trị của Error.code)."
        ),
    )
