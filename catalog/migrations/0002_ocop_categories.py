"""The category tree: the six OCOP product groups at the top, sub-groups below.

Migrations must not import app code that may change later, so the slug rule
(`marketplace.text.vietnamese_slugify`) is copied here.
"""

import re
import unicodedata

from django.db import migrations

# (ocop_group, name, [sub-group names]) in display order.
TREE = [
    (
        "food",
        "Thực phẩm",
        [
            "Rau củ quả tươi",
            "Gạo và ngũ cốc",
            "Thịt và sản phẩm từ thịt",
            "Miến, bún và đồ khô",
            "Mật ong",
            "Bánh kẹo",
            "Gia vị",
        ],
    ),
    ("drinks", "Đồ uống", ["Chè", "Rượu", "Nước ép và đồ uống khác"]),
    (
        "herbs",
        "Dược liệu và sản phẩm từ dược liệu",
        ["Dược liệu khô", "Tinh dầu", "Tinh bột và cao dược liệu", "Trà dược liệu"],
    ),
    ("handicrafts", "Thủ công mỹ nghệ", ["Dệt thổ cẩm", "Mây tre đan", "Đồ gỗ mỹ nghệ"]),
    ("ornamentals", "Sinh vật cảnh", ["Cây cảnh", "Hoa lan", "Động vật cảnh"]),
    (
        "tourism",
        "Dịch vụ du lịch cộng đồng",
        ["Homestay và lưu trú", "Tour trải nghiệm", "Ẩm thực bản địa"],
    ),
]


def _slugify(text: str) -> str:
    """Frozen copy of `vietnamese_slugify`: `Miến, bún và đồ khô` → `mien-bun-va-do-kho`."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def create_tree(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for top_position, (group, name, children) in enumerate(TREE):
        top, _ = Category.objects.update_or_create(
            slug=_slugify(name),
            defaults={"name": name, "parent": None, "ocop_group": group, "position": top_position},
        )
        for position, child in enumerate(children):
            Category.objects.update_or_create(
                slug=_slugify(child),
                defaults={"name": child, "parent": top, "ocop_group": group, "position": position},
            )


def delete_tree(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    children = [_slugify(child) for _, _, names in TREE for child in names]
    Category.objects.filter(slug__in=children).delete()
    Category.objects.filter(slug__in=[_slugify(name) for _, name, _ in TREE]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_tree, delete_tree)]
