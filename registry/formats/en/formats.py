# The registry's one way of writing dates and times in English (the UN's day-month-year order).
# Templates name these formats (|date:"DATE_FORMAT"), Python uses django.utils.formats; machine
# exports (CSV, the API) keep ISO 8601. Times name their zone (T: CET, CEST...).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
