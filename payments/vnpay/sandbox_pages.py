"""The sandbox gateway's pages: Vietnamese, no JavaScript, readable on a 360 px phone."""

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #f3f6fa; color: #1a1a1a; }}
main {{ max-width: 28rem; margin: 0 auto; padding: 1rem; }}
h1 {{ font-size: 1.25rem; color: #005baa; }}
.box {{ background: #fff; border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }}
button {{ display: block; width: 100%; padding: .9rem; margin: .5rem 0; font-size: 1rem;
  border: 0; border-radius: .4rem; cursor: pointer; }}
.ok {{ background: #0a7d32; color: #fff; }} .fail {{ background: #b3261e; color: #fff; }}
.cancel {{ background: #e0e0e0; }}
.note {{ font-size: .85rem; color: #555; }}
</style></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""

PAY_FORM = """<div class="box">
<p>Số tiền: <strong>{amount} ₫</strong></p>
<p>Mã giao dịch: <strong>{txn_ref}</strong></p>
<p>Nội dung: {info}</p>
</div>
<form method="post" action="{action}" class="box">
<input type="hidden" name="token" value="{token}">
<p>Chọn kết quả thanh toán để thử:</p>
<button class="ok" name="choice" value="success">Thanh toán thành công</button>
<button class="fail" name="choice" value="insufficient">Tài khoản không đủ số dư (51)</button>
<button class="cancel" name="choice" value="cancel">Huỷ thanh toán (24)</button>
</form>
<p class="note">Cổng VNPay thử nghiệm chạy trên máy của bạn: không có tiền thật nào được chuyển.</p>"""

INDEX = """<div class="box"><p>Cổng VNPay thử nghiệm đang chạy. Trang thanh toán mở ra khi người mua
chọn thanh toán qua VNPay trên Chợ Số.</p></div>"""
