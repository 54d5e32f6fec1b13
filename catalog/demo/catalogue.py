"""What the demo sellers make: one template per kind of product, after the domain"s
"Realistic catalogue" (typical retail packs and VND price ranges) plus one kind each for
the OCOP groups it leaves empty (handicrafts, ornamentals, community tourism)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Pack:
    """A way the product is sold; becomes a variant. Prices are whole thousands of VND."""

    name: str
    unit: str
    weight_grams: int
    price_low: int
    price_high: int


@dataclass(frozen=True)
class ProductKind:
    code: str  # SKU prefix
    name: str
    category: str  # slug of a sub-category from catalog/migrations/0002_ocop_categories.py
    trade: str  # what its makers are called in business names ("Hợp tác xã Miến dong …")
    districts: tuple[str, ...]  # legacy districts where it is made; empty: anywhere
    packs: tuple[Pack, ...]  # the first is the domain"s typical retail pack
    qualifiers: tuple[str, ...]
    about: tuple[str, ...]
    usage: tuple[str, ...]
    color: str  # background of its placeholder picture
    name_has_place: bool = True  # False: product names get the maker"s place appended
    geographical_indication: bool = False


def _packs(*rows) -> tuple[Pack, ...]:
    return tuple(Pack(*row) for row in rows)


KINDS: tuple[ProductKind, ...] = (
    ProductKind(
        code="CAM",
        name="Cam sành Hàm Yên",
        category="rau-cu-qua-tuoi",
        trade="Cam sành",
        districts=("Hàm Yên",),
        packs=_packs(
            ("1 kg", "kg", 1000, 20_000, 35_000),
            ("Thùng 5 kg", "thùng", 5000, 95_000, 170_000),
            ("Thùng 10 kg", "thùng", 10000, 185_000, 330_000),
        ),
        qualifiers=("loại 1", "quả to", "VietGAP", "chín cây", "vụ chính"),
        about=(
            "Cam sành vỏ mỏng, mọng nước, vị ngọt đậm xen chút chua nhẹ, trồng trên đất đồi Hàm Yên.",
            "Cam được hái khi chín cây và đóng thùng ngay trong ngày để giữ độ tươi.",
        ),
        usage=(
            "Bảo quản nơi thoáng mát, dùng ngon nhất trong 10 ngày.",
            "Ăn tươi hoặc vắt lấy nước.",
        ),
        color="#f28c28",
        geographical_indication=True,
    ),
    ProductKind(
        code="BUOI",
        name="Bưởi Soi Hà",
        category="rau-cu-qua-tuoi",
        trade="Bưởi",
        districts=("Yên Sơn",),
        packs=_packs(
            ("1 quả", "quả", 1200, 10_000, 20_000),
            ("Túi 3 quả", "túi", 3600, 28_000, 58_000),
            ("Thùng 10 quả", "thùng", 12000, 90_000, 190_000),
        ),
        qualifiers=("quả to", "loại 1", "vụ Tết", "VietGAP"),
        about=(
            "Bưởi Soi Hà tép vàng, ráo nước, vị ngọt thanh, vỏ mỏng và thơm.",
            "Giống bưởi đặc sản được bảo hộ chỉ dẫn địa lý của Tuyên Quang.",
        ),
        usage=("Để nơi khô ráo, có thể bảo quản 3 đến 4 tuần.", "Thích hợp làm quà biếu dịp Tết."),
        color="#c5d86d",
        geographical_indication=True,
    ),
    ProductKind(
        code="CHE",
        name="Chè Shan tuyết Na Hang",
        category="che",
        trade="Chè Shan tuyết",
        districts=("Na Hang", "Lâm Bình"),
        packs=_packs(
            ("Gói 200 g", "gói", 200, 150_000, 300_000),
            ("Gói 100 g", "gói", 100, 80_000, 160_000),
            ("Hộp 500 g", "hộp", 500, 360_000, 720_000),
        ),
        qualifiers=("cổ thụ", "búp non", "đặc biệt", "thượng hạng", "vụ xuân"),
        about=(
            "Chè hái từ những cây Shan tuyết cổ thụ trên núi cao, búp phủ lớp lông tơ trắng như tuyết.",
            "Nước chè xanh vàng, hương thơm tự nhiên, vị chát dịu và hậu ngọt sâu.",
        ),
        usage=(
            "Pha với nước 85–90 °C, mỗi ấm 5–7 g chè.",
            "Bảo quản trong túi kín, tránh ánh nắng.",
        ),
        color="#5b8c3a",
        geographical_indication=True,
    ),
    ProductKind(
        code="HTRA",
        name="Hồng trà Shan tuyết",
        category="che",
        trade="Chè",
        districts=("Na Hang", "Lâm Bình", "Hàm Yên"),
        packs=_packs(
            ("Hộp 100 g", "hộp", 100, 150_000, 300_000),
            ("Hộp 200 g", "hộp", 200, 280_000, 560_000),
            ("Hộp 25 túi lọc", "hộp", 50, 90_000, 160_000),
        ),
        qualifiers=("lên men tự nhiên", "thượng hạng", "cổ thụ"),
        about=(
            "Hồng trà làm từ búp chè Shan tuyết, lên men và sấy thủ công.",
            "Nước trà màu hổ phách, hương mật ong và trái cây chín.",
        ),
        usage=("Pha với nước sôi 95 °C, hãm 3 phút.", "Có thể uống nóng hoặc pha trà sữa."),
        color="#9c3d2e",
        name_has_place=False,
    ),
    ProductKind(
        code="RUOU",
        name="Rượu ngô men lá Na Hang",
        category="ruou",
        trade="Rượu ngô men lá",
        districts=("Na Hang",),
        packs=_packs(
            ("Chai 1 lít", "chai", 1200, 80_000, 150_000),
            ("Chai 500 ml", "chai", 650, 45_000, 85_000),
            ("Can 5 lít", "can", 5200, 380_000, 700_000),
        ),
        qualifiers=("nấu thủ công", "hạ thổ", "29 độ", "đặc sản"),
        about=(
            "Rượu nấu từ ngô bản địa ủ với men lá rừng theo bí quyết của người Tày, Dao.",
            "Rượu trong, êm, thơm mùi ngô và men lá, uống không bị đau đầu.",
        ),
        usage=("Sản phẩm dành cho người trên 18 tuổi. Uống có trách nhiệm.",),
        color="#d9c27a",
        geographical_indication=True,
    ),
    ProductKind(
        code="MIEN",
        name="Miến dong Sơn Dương",
        category="mien-bun-va-do-kho",
        trade="Miến dong",
        districts=("Sơn Dương",),
        packs=_packs(
            ("Gói 500 g", "gói", 500, 40_000, 60_000),
            ("Gói 1 kg", "gói", 1000, 75_000, 115_000),
            ("Thùng 5 kg", "thùng", 5000, 350_000, 550_000),
        ),
        qualifiers=("sợi nhỏ", "làm thủ công", "nguyên chất", "không chất tẩy trắng"),
        about=(
            "Miến làm từ tinh bột củ dong riềng, phơi nắng tự nhiên, không pha bột sắn.",
            "Sợi miến dai, trong, nấu không bị nát.",
        ),
        usage=("Ngâm nước lạnh 5 phút trước khi nấu.", "Hợp với món miến xào, miến gà, miến lươn."),
        color="#b8a07e",
    ),
    ProductKind(
        code="MOBH",
        name="Mật ong bạc hà",
        category="mat-ong",
        trade="Mật ong Bạc Hà",
        districts=("Mèo Vạc", "Đồng Văn", "Yên Minh", "Quản Bạ"),
        packs=_packs(
            ("Chai 1 lít", "chai", 1400, 500_000, 1_000_000),
            ("Chai 500 ml", "chai", 700, 260_000, 520_000),
            ("Lọ 250 ml", "lọ", 350, 140_000, 270_000),
        ),
        qualifiers=("nguyên chất", "vụ hoa tháng 10", "cao nguyên đá"),
        about=(
            "Mật ong từ hoa bạc hà dại trên cao nguyên đá, màu vàng nhạt, thơm mát.",
            "Mật khai thác từ đàn ong nội, không cho ăn đường.",
        ),
        usage=(
            "Mật để lâu có thể kết tinh, đó là hiện tượng tự nhiên.",
            "Không dùng cho trẻ dưới 1 tuổi.",
        ),
        color="#e8b923",
        name_has_place=False,
    ),
    ProductKind(
        code="MORU",
        name="Mật ong rừng",
        category="mat-ong",
        trade="Mật ong",
        districts=("Lâm Bình", "Na Hang", "Chiêm Hóa"),
        packs=_packs(
            ("Chai 1 lít", "chai", 1400, 300_000, 500_000),
            ("Chai 500 ml", "chai", 700, 160_000, 260_000),
        ),
        qualifiers=("nguyên chất", "khai thác tự nhiên", "ong khoái"),
        about=("Mật ong khai thác từ tổ ong rừng tự nhiên, vị ngọt đậm, hậu hơi đắng.",),
        usage=("Bảo quản ở nhiệt độ phòng, đậy kín nắp.",),
        color="#b5651d",
        name_has_place=False,
    ),
    ProductKind(
        code="NGHE",
        name="Tinh bột nghệ",
        category="tinh-bot-va-cao-duoc-lieu",
        trade="Dược liệu",
        districts=("Yên Sơn", "Sơn Dương", "Chiêm Hóa"),
        packs=_packs(
            ("Hũ 500 g", "hũ", 500, 200_000, 350_000),
            ("Hũ 200 g", "hũ", 200, 90_000, 150_000),
            ("Túi 1 kg", "túi", 1000, 380_000, 650_000),
        ),
        qualifiers=("nguyên chất", "nghệ vàng", "sấy lạnh"),
        about=("Tinh bột chiết từ củ nghệ vàng trồng tại địa phương, đã lọc bỏ tinh dầu và nhựa.",),
        usage=("Pha 1–2 thìa với nước ấm và mật ong, uống trước bữa ăn.",),
        color="#f2b705",
        name_has_place=False,
    ),
    ProductKind(
        code="GAO",
        name="Gạo nếp cái hoa vàng",
        category="gao-va-ngu-coc",
        trade="Gạo",
        districts=("Chiêm Hóa", "Hàm Yên", "Sơn Dương"),
        packs=_packs(
            ("Túi 5 kg", "túi", 5000, 175_000, 250_000),
            ("Túi 2 kg", "túi", 2000, 72_000, 105_000),
            ("Bao 10 kg", "bao", 10000, 340_000, 490_000),
        ),
        qualifiers=("vụ mới", "hạt tròn", "hữu cơ"),
        about=("Nếp cái hoa vàng hạt tròn, dẻo thơm, chuyên dùng đồ xôi, gói bánh chưng.",),
        usage=("Vo nhẹ, ngâm 4–6 tiếng trước khi đồ xôi.",),
        color="#e3d39a",
        name_has_place=False,
    ),
    ProductKind(
        code="MANG",
        name="Măng rừng khô Na Hang",
        category="mien-bun-va-do-kho",
        trade="Lâm sản",
        districts=("Na Hang", "Lâm Bình"),
        packs=_packs(
            ("Túi 1 kg", "túi", 1000, 250_000, 350_000),
            ("Túi 500 g", "túi", 500, 130_000, 180_000),
        ),
        qualifiers=("sấy củi", "măng nứa", "phơi nắng"),
        about=("Măng nứa rừng luộc kỹ rồi phơi, sấy trên gác bếp, giữ vị ngọt và giòn.",),
        usage=("Ngâm nước vo gạo một đêm, luộc lại trước khi chế biến.",),
        color="#8a6d3b",
    ),
    ProductKind(
        code="NAM",
        name="Nấm hương rừng",
        category="mien-bun-va-do-kho",
        trade="Lâm sản",
        districts=("Lâm Bình", "Na Hang"),
        packs=_packs(
            ("Túi 500 g", "túi", 500, 200_000, 300_000),
            ("Túi 200 g", "túi", 200, 85_000, 125_000),
            ("Túi 1 kg", "túi", 1000, 390_000, 580_000),
        ),
        qualifiers=("chân ngắn", "mũ dày", "sấy khô"),
        about=("Nấm hương mọc tự nhiên trên thân gỗ mục trong rừng già, mũ dày, thơm đậm.",),
        usage=("Ngâm nước ấm 20 phút; hợp với món hầm, xào, nấu canh.",),
        color="#6f4e37",
        name_has_place=False,
    ),
    ProductKind(
        code="TRAU",
        name="Thịt trâu gác bếp",
        category="thit-va-san-pham-tu-thit",
        trade="Đặc sản",
        districts=("Lâm Bình", "Na Hang", "Chiêm Hóa", "Đồng Văn"),
        packs=_packs(
            ("Gói 500 g", "gói", 500, 450_000, 600_000),
            ("Gói 250 g", "gói", 250, 230_000, 310_000),
            ("Hộp 1 kg", "hộp", 1000, 880_000, 1_180_000),
        ),
        qualifiers=("hút chân không", "vị mắc khén", "loại đặc biệt"),
        about=("Thịt trâu tươi tẩm mắc khén, gừng, ớt rồi hun khói trên gác bếp củi.",),
        usage=("Hấp hoặc nướng lại 5 phút, xé nhỏ chấm chẩm chéo.", "Bảo quản ngăn mát 2 tháng."),
        color="#7b2d26",
        name_has_place=False,
    ),
    ProductKind(
        code="VIT",
        name="Vịt bầu Minh Hương",
        category="thit-va-san-pham-tu-thit",
        trade="Chăn nuôi",
        districts=("Hàm Yên",),
        packs=_packs(
            ("Con ~2 kg", "con", 2000, 180_000, 260_000),
            ("Nửa con ~1 kg", "phần", 1000, 95_000, 135_000),
        ),
        qualifiers=("nuôi thả", "làm sẵn", "đặc sản"),
        about=("Vịt bầu nuôi thả ven sông Lô, thịt chắc, thơm, ít mỡ.",),
        usage=("Giao hàng đã làm sạch, đóng túi hút chân không, giữ lạnh.",),
        color="#a0a0a0",
    ),
    ProductKind(
        code="LON",
        name="Thịt lợn đen",
        category="thit-va-san-pham-tu-thit",
        trade="Chăn nuôi",
        districts=("Lâm Bình", "Na Hang", "Chiêm Hóa"),
        packs=_packs(
            ("1 kg", "kg", 1000, 150_000, 200_000),
            ("Gói 500 g", "gói", 500, 78_000, 105_000),
        ),
        qualifiers=("nuôi thả", "bản địa", "ba chỉ"),
        about=("Lợn đen bản địa nuôi thả đồi, ăn ngô và rau rừng, thịt săn chắc, bì giòn.",),
        usage=("Giao trong ngày, bảo quản lạnh.",),
        color="#3b3b3b",
        name_has_place=False,
    ),
    ProductKind(
        code="GA",
        name="Gà đen H'Mông",
        category="thit-va-san-pham-tu-thit",
        trade="Chăn nuôi",
        districts=("Mèo Vạc", "Đồng Văn", "Yên Minh", "Lâm Bình"),
        packs=_packs(
            ("1 kg", "kg", 1000, 180_000, 250_000),
            ("Con ~1,5 kg", "con", 1500, 270_000, 375_000),
        ),
        qualifiers=("nuôi thả", "làm sẵn", "thuần chủng"),
        about=("Gà đen H'Mông thịt, da và xương đều đen, thịt thơm, dai, giàu đạm.",),
        usage=("Hợp với món hầm thuốc bắc, gà nướng.",),
        color="#2e2e38",
        name_has_place=False,
    ),
    ProductKind(
        code="KHAO",
        name="Bánh khảo Thục Sơn",
        category="banh-keo",
        trade="Bánh kẹo",
        districts=(),
        packs=_packs(
            ("Hộp 300 g", "hộp", 300, 40_000, 70_000),
            ("Hộp 500 g", "hộp", 500, 65_000, 115_000),
        ),
        qualifiers=("nhân đỗ xanh", "truyền thống", "hộp quà"),
        about=("Bánh khảo làm từ bột gạo nếp rang, đường kính và nhân đỗ xanh, mềm, thơm.",),
        usage=("Dùng kèm trà Shan tuyết; bảo quản nơi khô ráo.",),
        color="#e6b8a2",
    ),
    ProductKind(
        code="COM",
        name="Cốm Tày Chiêm Hóa",
        category="banh-keo",
        trade="Bánh kẹo",
        districts=("Chiêm Hóa",),
        packs=_packs(
            ("1 kg", "kg", 1000, 150_000, 250_000),
            ("Hộp 500 g", "hộp", 500, 80_000, 130_000),
        ),
        qualifiers=("mật mía", "truyền thống", "hộp quà"),
        about=("Cốm Tày làm từ gạo nếp nương rang phồng, trộn mật mía và lạc, giòn, ngọt vừa.",),
        usage=("Món quà truyền thống dịp Tết của người Tày.",),
        color="#d4a373",
    ),
    ProductKind(
        code="HONG",
        name="Hồng không hạt Quản Bạ",
        category="rau-cu-qua-tuoi",
        trade="Nông sản",
        districts=("Quản Bạ",),
        packs=_packs(
            ("1 kg", "kg", 1000, 40_000, 70_000),
            ("Thùng 5 kg", "thùng", 5000, 190_000, 340_000),
        ),
        qualifiers=("loại 1", "chín cây", "quả to"),
        about=("Hồng không hạt ngâm chín tự nhiên, giòn ngọt, không chát.",),
        usage=("Dùng ngon trong 7 ngày kể từ khi nhận hàng.",),
        color="#e76f24",
        geographical_indication=True,
    ),
    ProductKind(
        code="TAM",
        name="Tam thất",
        category="duoc-lieu-kho",
        trade="Dược liệu",
        districts=("Đồng Văn", "Mèo Vạc", "Quản Bạ", "Hoàng Su Phì"),
        packs=_packs(
            ("Túi 100 g", "túi", 100, 80_000, 150_000),
            ("Túi 500 g", "túi", 500, 380_000, 720_000),
        ),
        qualifiers=("củ khô", "trồng dưới tán rừng", "loại 1"),
        about=("Tam thất bắc trồng dưới tán rừng trên 3 năm, củ chắc, ruột xanh đen.",),
        usage=("Tán bột uống với nước ấm; người có thai không dùng.",),
        color="#556b2f",
        name_has_place=False,
    ),
    ProductKind(
        code="NA",
        name="Na Chi Lăng",
        category="rau-cu-qua-tuoi",
        trade="Nông sản",
        districts=(),
        packs=_packs(
            ("1 kg", "kg", 1000, 40_000, 80_000),
            ("Hộp 2 kg", "hộp", 2000, 78_000, 155_000),
        ),
        qualifiers=("quả to", "loại 1", "VietGAP"),
        about=("Na dai mắt to, múi trắng, ngọt đậm, ít hạt.",),
        usage=("Để chín tự nhiên 1–2 ngày ở nhiệt độ phòng.",),
        color="#8fbc8f",
    ),
    ProductKind(
        code="HOI",
        name="Hoa hồi khô Văn Quan",
        category="gia-vi",
        trade="Gia vị",
        districts=(),
        packs=_packs(
            ("1 kg", "kg", 1000, 130_000, 290_000),
            ("Túi 500 g", "túi", 500, 68_000, 150_000),
        ),
        qualifiers=("hồi vụ mùa", "cánh to", "sấy khô"),
        about=("Hoa hồi cánh to, đều, màu nâu đỏ, thơm nồng, phơi sấy tự nhiên.",),
        usage=("Gia vị cho phở, món hầm, món kho.",),
        color="#8b3a1e",
    ),
    ProductKind(
        code="TDHO",
        name="Tinh dầu hồi",
        category="tinh-dau",
        trade="Tinh dầu",
        districts=(),
        packs=_packs(
            ("Lọ 100 ml", "lọ", 150, 150_000, 300_000),
            ("Lọ 50 ml", "lọ", 80, 80_000, 160_000),
        ),
        qualifiers=("nguyên chất", "chưng cất", "loại 1"),
        about=("Tinh dầu chưng cất từ hoa hồi tươi, mùi thơm ấm, nồng.",),
        usage=("Xông phòng hoặc pha loãng để xoa bóp; không uống.",),
        color="#6b8e23",
        name_has_place=False,
    ),
    ProductKind(
        code="QUYT",
        name="Quýt vàng Bắc Sơn",
        category="rau-cu-qua-tuoi",
        trade="Nông sản",
        districts=(),
        packs=_packs(
            ("1 kg", "kg", 1000, 40_000, 70_000),
            ("Thùng 5 kg", "thùng", 5000, 190_000, 340_000),
        ),
        qualifiers=("loại 1", "vụ Tết", "chín cây"),
        about=("Quýt vàng vỏ mỏng, múi mọng, vị ngọt thanh, mùi thơm đặc trưng.",),
        usage=("Bảo quản nơi thoáng mát.",),
        color="#ffa62b",
    ),
    ProductKind(
        code="THACH",
        name="Thạch đen Tràng Định",
        category="mien-bun-va-do-kho",
        trade="Nông sản",
        districts=(),
        packs=_packs(
            ("1 kg", "kg", 1000, 80_000, 150_000),
            ("Túi 500 g", "túi", 500, 42_000, 78_000),
        ),
        qualifiers=("cây khô", "nguyên liệu nấu thạch", "loại 1"),
        about=("Cây thạch đen phơi khô, nấu ra thạch dai, mát, thơm mùi thảo mộc.",),
        usage=("Nấu với nước tro tàu, lọc lấy nước, để nguội đông thành thạch.",),
        color="#2f2f2f",
    ),
    ProductKind(
        code="KHAU",
        name="Khâu nhục",
        category="thit-va-san-pham-tu-thit",
        trade="Đặc sản",
        districts=(),
        packs=_packs(
            ("Hộp 1 kg", "hộp", 1000, 300_000, 450_000),
            ("Hộp 500 g", "hộp", 500, 155_000, 235_000),
        ),
        qualifiers=("làm sẵn", "hút chân không", "truyền thống"),
        about=(
            "Thịt ba chỉ hấp cách thủy với khoai môn và gia vị trong nhiều giờ, mềm, béo mà không ngấy.",
        ),
        usage=("Hấp lại 15 phút trước khi ăn; bảo quản ngăn đá.",),
        color="#a0522d",
        name_has_place=False,
    ),
    ProductKind(
        code="BUNN",
        name="Bún ngô",
        category="mien-bun-va-do-kho",
        trade="Nông sản",
        districts=(),
        packs=_packs(
            ("Gói 500 g", "gói", 500, 30_000, 50_000),
            ("Gói 1 kg", "gói", 1000, 58_000, 95_000),
        ),
        qualifiers=("ngô bản địa", "phơi nắng", "sợi nhỏ"),
        about=("Bún làm từ ngô tẻ bản địa, sợi vàng, dai, giàu chất xơ.",),
        usage=("Trụng nước sôi 3–5 phút rồi xào hoặc nấu canh.",),
        color="#f4d35e",
        name_has_place=False,
    ),
    ProductKind(
        code="THOC",
        name="Khăn thổ cẩm Tày",
        category="det-tho-cam",
        trade="Thổ cẩm",
        districts=("Lâm Bình", "Na Hang", "Chiêm Hóa"),
        packs=_packs(
            ("Chiếc 50 × 180 cm", "chiếc", 200, 150_000, 350_000),
            ("Bộ 2 chiếc", "bộ", 400, 280_000, 650_000),
        ),
        qualifiers=("dệt tay", "hoa văn truyền thống", "nhuộm chàm"),
        about=("Khăn dệt tay trên khung cửi của phụ nữ Tày, hoa văn truyền thống, màu bền.",),
        usage=("Giặt tay bằng nước lạnh, phơi trong bóng râm.",),
        color="#6a4c93",
    ),
    ProductKind(
        code="LAN",
        name="Lan phi điệp",
        category="hoa-lan",
        trade="Hoa lan",
        districts=("Na Hang", "Lâm Bình", "Hàm Yên"),
        packs=_packs(
            ("Chậu 1 giò", "chậu", 800, 150_000, 450_000),
            ("Chậu 3 giò", "chậu", 2000, 400_000, 1_200_000),
        ),
        qualifiers=("đột biến", "giò to", "hoa tím"),
        about=("Lan phi điệp nhân giống trong vườn, giò mập, khỏe, đã thuần khí hậu vùng núi.",),
        usage=("Tưới phun sương ngày 1–2 lần, để nơi có nắng nhẹ.",),
        color="#b565a7",
        name_has_place=False,
    ),
    ProductKind(
        code="HOME",
        name="Homestay nhà sàn",
        category="homestay-va-luu-tru",
        trade="Du lịch cộng đồng",
        districts=("Lâm Bình", "Na Hang"),
        packs=_packs(
            ("1 đêm / người", "đêm", 0, 150_000, 300_000),
            ("Trọn gói 2 ngày 1 đêm", "suất", 0, 550_000, 950_000),
        ),
        qualifiers=("view hồ", "bản Tày", "ăn cơm cùng chủ nhà"),
        about=(
            "Nghỉ trong nhà sàn truyền thống của người Tày, ăn cơm cùng gia đình chủ nhà.",
            "Trọn gói gồm chỗ ngủ, ba bữa ăn và một buổi chèo thuyền trên hồ.",
        ),
        usage=("Đặt trước ít nhất 2 ngày; trẻ dưới 6 tuổi miễn phí.",),
        color="#2a9d8f",
        name_has_place=False,
    ),
)

KINDS_BY_CODE = {kind.code: kind for kind in KINDS}
