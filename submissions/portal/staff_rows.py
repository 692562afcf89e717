"""The rows of the Secretariat's review queue and obligations list as HTML, written in Python as
their templates wrote them (tests/submissions/test_staff_rows.py renders both and compares).

A page holds 25 rows; the template's variables, filters, `{% url %}` and badge includes cost
about a third of the page's CPU. Labels are translated and formats looked up once a page in
the active language and time zone; every text is escaped.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from ..models import ReceivedThrough, RequestKind, ReviewStatus

# `_status_badge.html`'s classes by status (light with a border for any other).
STATUS_BADGE = {
    "overdue": "text-bg-danger",
    "due_soon": "text-bg-warning",
    "on_time": "text-bg-success",
    "late": "text-bg-secondary",
    "extended": "text-bg-info",
    "replied": "text-bg-success",
}
OTHER_STATUS_BADGE = "text-bg-light border"
# `_review_badge.html`'s classes by review state (secondary for any other).
REVIEW_BADGE = {"accepted": "text-bg-success", "returned": "text-bg-warning"}


def _labels(choices):
    return {value: str(label) for value, label in choices}


def _display(labels, value):
    """`get_FOO_display`: the label, or the value itself when it is not a choice."""
    return escape(labels.get(value, value))


class _Urls:
    """`reverse` once a page: the number is put where a placeholder stood (digits are inert)."""

    PLACEHOLDER = 987654321

    def __init__(self, name):
        self._head, self._tail = reverse(name, args=[self.PLACEHOLDER]).split(str(self.PLACEHOLDER))

    def __call__(self, pk):
        return escape(f"{self._head}{int(pk)}{self._tail}")


def review_rows_html(versions, files):
    """The review queue's rows of `versions` (with their obligation's addressee and request
    fetched) and their `files` (`staff_selectors.version_files`), as safe HTML."""
    kinds = _labels(RequestKind.choices)
    through = _labels(ReceivedThrough.choices)
    received_format = formats.get_format("SHORT_DATETIME_FORMAT")
    obligation_url = _Urls("portal:obligation")
    download_url = _Urls("portal:download")
    parts = []
    for v in versions:
        o = v.submission.obligation
        request = o.request
        received = template_localtime(v.received_at)
        links = ", ".join(
            f'<a href="{download_url(pk)}">{escape(name)}</a>' for pk, name in files[v.pk]
        )
        flags = (
            render_to_string("submissions/_upload_flags.html", {"version": v})
            if v.upload_flags
            else ""
        )
        parts.append(
            "\n  <tr>\n"
            f'    <td class="text-nowrap">'
            f"{escape(dateformat.format(received, received_format)) if received else ''}</td>\n"
            f"    <td>{escape(o.addressee.name)}</td>\n"
            f'    <td><a href="{obligation_url(o.pk)}#v{v.number}">'
            f"{_display(kinds, request.kind)} – {escape(request.label)}</a></td>\n"
            f"    <td>{v.number} ({_display(through, v.received_through)})</td>\n"
            f'    <td class="small">{links}\n'
            f"      {flags}</td>\n"
            "  </tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)


def obligation_rows_html(rows):
    """The obligations list's rows (`selectors.obligation_summary` of each), as safe HTML."""
    kinds = _labels(RequestKind.choices)
    reviews = _labels(ReviewStatus.choices)
    obligation_url = _Urls("portal:obligation")
    parts = []
    for row in rows:
        o = row["obligation"]
        request = o.request
        due = row["due"]
        late = row["days_late"]
        status = row["status"]
        latest = row["latest"]
        if latest:
            review = latest.review_status
            badge = REVIEW_BADGE.get(review, "text-bg-secondary")
            latest_html = (
                f'{latest.number} <span class="badge {badge}"'
                f' data-review="{escape(review)}">{_display(reviews, review)}</span>\n'
            )
        else:
            latest_html = "–"
        parts.append(
            "<tr>\n"
            f"    <td>{escape(o.addressee.name)}</td>\n"
            f'    <td><a href="{obligation_url(o.pk)}">'
            f"{_display(kinds, request.kind)} – {escape(request.label)}</a></td>\n"
            f'    <td class="text-nowrap">{escape(formats.localize(due)) if due else "–"}'
            f"{f' <span class="text-danger small">(+{late})</span>' if late else ''}</td>\n"
            f'    <td><span class="badge {STATUS_BADGE.get(status, OTHER_STATUS_BADGE)}"'
            f' data-status="{escape(status)}">{escape(row["status_label"])}</span>\n</td>\n'
            f"    <td>{latest_html}</td>\n"
            "  </tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped above)
