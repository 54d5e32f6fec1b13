"""Demo data for trying Chợ Số: Tuyên Quang's 890 sellers and 2,447 products (× --scale).

- `catalogue`: the kinds of product, their packs and VND price ranges;
- `words`, `naming`: people's names, brands, hamlets; seller and product names, descriptions;
- `plan`: the deterministic plan as plain values (no database);
- `writer`, `bulk`: the plan written in bulk, phase by phase;
- `accounts`: the fixed demo accounts and how demo rows are recognised;
- `seeding`: create, replace and remove the demo data (`manage.py seed_demo`).
"""
