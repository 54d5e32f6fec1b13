import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, or that month's last day (29 Feb + 36 months → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
