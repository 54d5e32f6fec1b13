"""Error codes are a contract with the apps: one class per code, a Vietnamese message each,
and the schema's ErrorCode enum lists exactly the codes the code base can raise."""

import importlib
import pkgutil
import re
from collections import defaultdict

from marketplace.errors import DomainError
from marketplace.graphql.schema import schema

APP_PACKAGES = ("marketplace", "catalog", "search", "orders", "payments", "frontend")
VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def _all_error_classes() -> list[type[DomainError]]:
    """Imports every module (not only those the schema reaches) and collects the subclasses."""
    for top in APP_PACKAGES:
        package = importlib.import_module(top)
        for module in pkgutil.walk_packages(package.__path__, f"{top}."):
            if ".migrations" not in module.name and not module.name.endswith(("wsgi", "asgi")):
                importlib.import_module(module.name)
    found, stack = set(), [DomainError]
    while stack:
        cls = stack.pop()
        found.add(cls)
        stack.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def _introduced_by(cls: type[DomainError]) -> type[DomainError]:
    """The class highest in cls's ancestry carrying the same code: where the code was defined."""
    return [base for base in cls.__mro__ if getattr(base, "code", None) == cls.code][-1]


def test_every_error_code_belongs_to_one_class():
    owners = defaultdict(set)
    for cls in _all_error_classes():
        owners[cls.code].add(_introduced_by(cls))
    shared = {
        code: sorted(c.__qualname__ for c in classes) for code, classes in owners.items() if len(classes) > 1
    }
    assert shared == {}


def test_every_error_code_has_its_own_vietnamese_message():
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in {_introduced_by(cls) for cls in _all_error_classes()}
        if "message" not in vars(cls) or not VIETNAMESE_LETTER.search(str(cls.message))
    ]
    assert sorted(missing) == []


def test_schema_publishes_exactly_the_error_codes_of_the_classes():
    published = set(schema.graphql_schema.get_type("ErrorCode").values)
    assert published == {cls.code for cls in _all_error_classes()}


def test_each_published_code_is_described_by_its_message():
    published = schema.graphql_schema.get_type("ErrorCode").values
    assert published["PRICE_CHANGED"].description.startswith("Giá một số sản phẩm vừa thay đổi")
