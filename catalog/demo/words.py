"""Vocabulary for demo sellers: people's names as they are found in Tuyên Quang and Hà Giang
(Kinh, Tày, Dao, H'Mông, Nùng families), brand words, hamlets, reviewers' reasons."""

# fmt: off
# (family name, weight): Kinh names first, then the ethnic minorities' common ones.
FAMILY_NAMES = (
    ("Nguyễn", 14), ("Hoàng", 8), ("Nông", 6), ("Ma", 5), ("Lý", 4), ("Trần", 5), ("Lê", 4),
    ("Hà", 4), ("Triệu", 4), ("Bàn", 4), ("Đặng", 3), ("Phạm", 3), ("Vũ", 2), ("Đỗ", 2),
    ("Quan", 2), ("Mã", 2), ("Lò", 2), ("Vàng", 2), ("Giàng", 2), ("Sùng", 2), ("La", 2),
)
MALE_MIDDLE = (
    "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Xuân", "Tiến",
)
FEMALE_MIDDLE = (
    "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim",
)
MALE_GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Mạnh", "Nam", "Phong", "Quyết",
    "Sơn", "Thắng", "Toàn", "Tuấn", "Vinh", "Páo", "Phin", "Sính", "Chiến", "Định", "Hưng", "Lâm",
)
FEMALE_GIVEN = (
    "Hoa", "Hương", "Lan", "Mai", "Nga", "Nhung", "Oanh", "Phương", "Thảo", "Thu", "Thúy", "Vân",
    "Yến", "Mỷ", "Dung", "Hạnh", "Liên", "Loan", "Ngân", "Quyên", "Sen", "Tâm",
)
# H'Mông men are usually "Giàng A Páo", "Sùng A Chứ": the middle name is "A".
HMONG_FAMILIES = (
    "Giàng", "Sùng", "Vàng", "Lò",
)
BRANDS = (
    "Phúc Thịnh", "Tân Trào", "Hoa Ban", "An Phát", "Minh Tiến", "Hồng Thái", "Đại Phú",
    "Bảo Long", "Tiến Đạt", "Kim Bình", "Sơn Hà", "Việt Bắc", "Lô Gâm", "Sông Lô", "Khau Mút",
    "Pác Ta", "Cao Nguyên Đá", "Hưng Thịnh", "Đức Phát", "Phú Lâm", "Nhật Tân", "Vạn Xuân",
    "Thành Công", "Xanh Tươi", "Rừng Vàng", "Suối Khoáng", "Na Hang Xanh", "Bản Tát", "Thác Bà",
    "Ngòi Sảo",
)
REGION_NAMES = (
    "Tuyên Quang", "Hà Giang", "Việt Bắc", "Tây Bắc", "Đông Bắc",
)
GENERIC_TRADES = (
    "Nông nghiệp", "Nông lâm sản", "Dịch vụ nông nghiệp", "Nông sản sạch", "Đặc sản",
)
HAMLET_FIRST = (
    "Nà", "Khuổi", "Bản", "Pác", "Nặm", "Đồng", "Phai", "Cốc", "Làng", "Lũng", "Tát", "Thôm",
)
HAMLET_SECOND = (
    "Tát", "Pồng", "Ngòa", "Mạ", "Chang", "Coóc", "Hu", "Vài", "Mường", "Kẹm", "Bó", "Luông",
    "Nhùng", "Quang", "Thẳm", "Cuổng", "Khằn", "Piềng",
)
BUSINESS_REJECTION_REASONS = (
    "Giấy chứng nhận đăng ký kinh doanh không khớp với mã số thuế đã khai.",
    "Ảnh căn cước của người đại diện bị mờ, không đọc được số.",
    "Địa chỉ kinh doanh không thuộc tỉnh Tuyên Quang.",
    "Thiếu giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.",
)
# fmt: on
BUSINESS_SUSPENSION_REASON = (
    "Tạm ngừng theo đề nghị của Sở Công Thương: có phản ánh về chất lượng sản phẩm, chờ kết quả kiểm tra."
)
PRODUCT_REJECTION_REASONS = (
    "Ảnh sản phẩm không đúng với mô tả.",
    "Thiếu thông tin hạn sử dụng và nơi sản xuất trên nhãn.",
    "Mô tả ghi đạt OCOP nhưng chưa có quyết định công nhận.",
)
SELLER_LINES = (
    "Giao hàng toàn quốc, đóng gói cẩn thận.",
    "Có hoá đơn và tem truy xuất nguồn gốc bằng mã QR.",
    "Nhận đặt hàng số lượng lớn cho cơ quan, doanh nghiệp.",
    "Hàng được kiểm tra trước khi gửi; đổi trả nếu lỗi do vận chuyển.",
)
