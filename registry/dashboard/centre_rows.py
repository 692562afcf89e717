"""The centre page's obligations as plain rows, each date and phrase formatted once here.

The template used to format every version, extension and date of every obligation with its
own filters and translation tags, so the page cost followed the centre's history; these rows
are plain strings (cached with the page's other counted answers) that the template only prints.
The phrases are the template's former `blocktranslate` messages.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def day(value):
    """Format a date, or a datetime in the current time zone, as `date:"SHORT_DATE_FORMAT"`."""
    return _format(value, "SHORT_DATE_FORMAT")


def _format(value, fmt):
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, fmt)


def obligation_rows(items):
    """Return plain rows (dicts of strings) for `selectors.centre_obligations`' items."""
    return [_row(item) for item in items]


def _row(item):
    obligation, cell = item["obligation"], item["cell"]
    request = obligation.request
    return {
        "label": request.label,
        "title": request.title or str(request.get_kind_display()),
        "due": day(request.due_date) if request.due_date else "",
        "status": cell.status,
        "style": cell.style,
        "status_label": str(cell.label),
        "date": day(cell.date) if cell.date else "",
        "history": _history(obligation, item["versions"], item["extensions"]),
    }


def _history(obligation, versions, extensions):
    lines = []
    for version in versions:
        line = _("Version %(n)s received %(at)s (%(through)s)") % {
            "n": version.number,
            "at": _format(version.received_at, "SHORT_DATETIME_FORMAT"),
            "through": version.get_received_through_display(),
        }
        if version.file_count:
            files = ngettext("%(counter)s file", "%(counter)s files", version.file_count) % {
                "counter": version.file_count
            }
            line = f"{line} · {files}"
        lines.append(line)
    for extension in extensions:
        line = _("Extension to %(due)s: %(status)s") % {
            "due": day(extension.new_due_date),
            "status": extension.get_status_display(),
        }
        if extension.decided_at:
            line = f"{line} ({day(extension.decided_at)})"
        lines.append(line)
    if obligation.waived_at:
        waived = _("Waived on %(at)s") % {"at": day(obligation.waived_at)}
        lines.append(f"{waived}: {obligation.waived_reason}")
    return lines
