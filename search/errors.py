from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from marketplace.graphql.pagination import PageSizeExceeded


class SearchQueryHasNoWords(DomainError):
    code = "SEARCH_QUERY_HAS_NO_WORDS"
    message = _("Từ khoá tìm kiếm cần có ít nhất một chữ cái hoặc chữ số (ví dụ: “mật ong”).")


class InvalidSuggestionCount(PageSizeExceeded):
    # The same code as every other `first` out of range, whichever end it is out of.
    message = _("Số gợi ý (first) phải từ 1 đến 20.")


class TooManySuggestions(PageSizeExceeded):
    message = _("Lấy tối đa 20 gợi ý.")


class UnsupportedSort(DomainError):
    code = "UNSUPPORTED_SORT"
    message = _("Cách sắp xếp này không được hỗ trợ: chọn theo độ liên quan, giá, tên hoặc ngày đăng.")
