# ruff: noqa: E501 - the template's lines, verbatim
"""The overview's rows, formatted in Python, read exactly as the template used to render them."""

import datetime as dt
import re

import pytest
from django.template import engines
from django.utils import translation

from registry.dashboard.cells import OverviewRowHtml

# The row markup the overview's template had before the rows moved to Python, each count an
# include of this link.
TEMPLATE_COUNT = (
    "{% if n %}<a href=\"{% url 'dashboard:matrix' %}?{% if matrix_as_at %}{{ matrix_as_at }}"
    "&amp;{% endif %}request={{ row.request.pk }}{% if status %}&amp;status={{ status }}"
    '{% endif %}">{{ n }}</a>{% else %}{{ n }}{% endif %}'
)
TEMPLATE_ROW_LINES = [
    '  <tr data-request="{{ row.request.label }}">',
    '    <td data-label="{% translate "Decision" %}">{{ row.decision|default:"—" }}</td>',
    '    <td data-label="{% translate "Paragraph" %}">{{ row.paragraph }}</td>',
    '    <td data-label="{% translate "Kind" %}">{{ row.request.get_kind_display }}{% if row.request.title %}<div class="small text-muted">{{ row.request.title }}</div>{% endif %}</td>',
    '    <td class="small" data-label="{% translate "Period" %}">{% if row.period_start %}{{ row.period_start|date:"SHORT_DATE_FORMAT" }} – {{ row.period_end|date:"SHORT_DATE_FORMAT" }}{% else %}—{% endif %}</td>',
    '    <td data-label="{% translate "Due date" %}">{{ row.due_date|date:"SHORT_DATE_FORMAT"|default:_("open") }}</td>',
    '    <td class="text-end" data-label="{% translate "Expected" %}" data-col="expected">{% include "registry/dashboard/_matrix_count.html" with n=row.expected status="" %}</td>',
    '    <td class="text-end" data-label="{% translate "Submitted" %}" data-col="submitted">{% include "registry/dashboard/_matrix_count.html" with n=row.submitted status="submitted" %}</td>',
    '    <td class="text-end" data-label="{% translate "On time" %}" data-col="on_time">{% include "registry/dashboard/_matrix_count.html" with n=row.on_time status="on_time" %}</td>',
    '    <td class="text-end" data-label="{% translate "Late" %}" data-col="late">{% include "registry/dashboard/_matrix_count.html" with n=row.late status="late" %}</td>',
    '    <td class="text-end" data-label="{% translate "Overdue" %}" data-col="overdue">{% include "registry/dashboard/_matrix_count.html" with n=row.overdue status="overdue" %}</td>',
    '    <td class="text-end" data-label="{% translate "Not yet due" %}" data-col="pending">{% include "registry/dashboard/_matrix_count.html" with n=row.pending status="pending" %}</td>',
    '    <td class="text-end" data-label="{% translate "Due soon" %}" data-col="due_soon">{% include "registry/dashboard/_matrix_count.html" with n=row.due_soon status="due_soon" %}</td>',
    '    <td class="text-end" data-label="{% translate "Extended" %}" data-col="extended">{% include "registry/dashboard/_matrix_count.html" with n=row.extended status="extended" %}</td>',
    '    <td class="text-end" data-label="{% translate "Waived" %}" data-col="waived">{% include "registry/dashboard/_matrix_count.html" with n=row.waived status="waived" %}</td>',
    '    <td data-label="{% translate "Progress" %}">',
    "      {% comment %}SVG geometry is attributes, not styles: the Content-Security-Policy allows it.{% endcomment %}",
    '      <svg class="progress-svg" role="img" aria-label="{% blocktranslate with s=row.submitted e=row.expected %}{{ s }} of {{ e }} submitted{% endblocktranslate %}">',
    '        <rect class="progress-on-time" x="0" y="0" height="100%" width="{{ row.on_time_pct|stringformat:\'.1f\' }}%"></rect>',
    '        <rect class="progress-late" x="{{ row.on_time_pct|stringformat:\'.1f\' }}%" y="0" height="100%" width="{{ row.late_pct|stringformat:\'.1f\' }}%"></rect>',
    "      </svg>",
    "    </td>",
    "  </tr>",
]
INCLUDE = re.compile(r'{% include "registry/dashboard/_matrix_count.html" with (.*?) %}')
TEMPLATE_ROW = "{% load i18n %}" + INCLUDE.sub(
    lambda m: "{% with " + m.group(1) + " %}" + TEMPLATE_COUNT + "{% endwith %}",
    "\n".join(TEMPLATE_ROW_LINES),
)


def row(**changes):
    counts = {"expected": 16, "submitted": 11, "on_time": 9, "late": 2, "overdue": 3}
    counts |= {"pending": 2, "due_soon": 1, "extended": 1, "waived": 0}
    base = counts | {
        "request": {
            "pk": 7,
            "label": "SC-7/18 para. 3 <&>",
            "title": "Activity report & more",
            "get_kind_display": "Activity report",
        },
        "decision": "SC-7/18",
        "paragraph": "3",
        "period_start": dt.date(2015, 1, 1),
        "period_end": dt.date(2016, 12, 31),
        "due_date": dt.date(2017, 1, 31),
        "on_time_pct": 56.25,
        "late_pct": 12.5,
    }
    return base | changes


ROWS = [
    row(),
    row(request=row()["request"] | {"title": ""}, decision="", paragraph=None),
    row(period_start=None, period_end=None, due_date=None),
    row(
        expected=0,
        submitted=0,
        on_time=0,
        late=0,
        overdue=0,
        pending=0,
        due_soon=0,
        extended=0,
        on_time_pct=0.0,
        late_pct=0.0,
    ),
    row(waived=1000, expected=1234, on_time_pct=33.333, late_pct=0.05),
]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("matrix_as_at", ["", "as_at=2016-12-31"])
def test_every_row_reads_as_the_template_rendered_it(language, matrix_as_at):
    template = engines["django"].from_string(TEMPLATE_ROW)
    with translation.override(language):
        html = OverviewRowHtml(matrix_as_at)
        for data in ROWS:
            expected = template.render({"row": data, "matrix_as_at": matrix_as_at})
            assert f"  {html.row(data)}" == expected  # the template's indent
