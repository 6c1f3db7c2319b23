"""English as the United Nations writes dates: "25 October 2025", not "Oct. 25, 2025"."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
