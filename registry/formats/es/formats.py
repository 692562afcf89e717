# The registry's one way of writing dates and times in Spanish (see the English module).
DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i T"
SHORT_DATETIME_FORMAT = "j N Y, H:i T"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
