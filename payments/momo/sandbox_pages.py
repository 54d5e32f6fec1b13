"""The MoMo sandbox's pages: Vietnamese, no JavaScript, readable on a 360 px phone."""

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #fbf0f6; color: #1a1a1a; }}
main {{ max-width: 28rem; margin: 0 auto; padding: 1rem; }}
h1 {{ font-size: 1.25rem; color: #a50064; }}
.box {{ background: #fff; border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }}
button {{ display: block; width: 100%; padding: .9rem; margin: .5rem 0; font-size: 1rem;
  border: 0; border-radius: .4rem; cursor: pointer; }}
.ok {{ background: #a50064; color: #fff; }} .fail {{ background: #b3261e; color: #fff; }}
.cancel {{ background: #e0e0e0; }}
.note {{ font-size: .85rem; color: #555; }}
</style></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""

PAY_FORM = """<div class="box">
<p>Số tiền: <strong>{amount} ₫</strong></p>
<p>Mã đơn hàng: <strong>{order_id}</strong></p>
<p>Nội dung: {info}</p>
</div>
<form method="post" action="{action}" class="box">
<input type="hidden" name="token" value="{token}">
<p>Chọn kết quả thanh toán để thử:</p>
<button class="ok" name="choice" value="success">Xác nhận thanh toán bằng ví MoMo</button>
<button class="fail" name="choice" value="insufficient">Số dư ví không đủ (1001)</button>
<button class="cancel" name="choice" value="deny">Từ chối thanh toán (1006)</button>
</form>
<p class="note">Cổng MoMo thử nghiệm chạy trên máy của bạn: không có tiền thật nào được chuyển.</p>"""

INDEX = """<div class="box"><p>Cổng ví MoMo thử nghiệm đang chạy. Trang thanh toán mở ra khi người
mua chọn thanh toán bằng ví MoMo trên Chợ Số.</p></div>"""
