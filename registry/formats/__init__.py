"""The registry's date formats per language (FORMAT_MODULE_PATH), and the abbreviated months
that its short dates ("N") write.

Django's own Spanish catalogue writes two of them capitalised ("Ene.", "Feb.") and its French one
uses "jan." and "fév."; the registry's catalogues (LOCALE_PATHS, read before Django's) give the
forms the UN editorial manuals use. Naming the msgids here, with Django's context, puts them in
the registry's catalogues (`make messages`).
"""

from django.utils.translation import pgettext_lazy

MONTHS_ABBREVIATED = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
