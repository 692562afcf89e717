"""The review queue's and obligations list's rows, written in Python, read exactly as their
templates rendered them: in three languages, in the Geneva time zone, with text that needs
escaping, several files, upload flags, a letter, returned and accepted versions, overdue rows."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from submissions.models import Obligation, ReceivedThrough, SubmissionVersion
from submissions.portal import staff_selectors
from submissions.portal.staff_rows import obligation_rows_html, review_rows_html
from tests import factories
from tests.clock import GENEVA
from tests.registry import dashboard_network as net
from tests.submissions import staff_lists

pytestmark = pytest.mark.django_db

# The rows' markup the templates had before the rows moved to Python.
REVIEW_LOOP = """{% for v in versions %}{% with o=v.submission.obligation %}
  <tr>
    <td class="text-nowrap">{{ v.received_at|date:"SHORT_DATETIME_FORMAT" }}</td>
    <td>{{ o.centre.name }}</td>
    <td><a href="{% url 'portal:obligation' o.pk %}#v{{ v.number }}">{{ o.request.get_kind_display }} – {{ o.request.label }}</a></td>
    <td>{{ v.number }} ({{ v.get_received_through_display }})</td>
    <td class="small">{% for f in v.files.all %}<a href="{% url 'portal:download' f.pk %}">{{ f.original_name }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}
      {% if v.upload_flags %}{% include "submissions/_upload_flags.html" with version=v %}{% endif %}</td>
  </tr>
  {% endwith %}{% endfor %}"""  # noqa: E501
OBLIGATION_LOOP = """{% for row in rows %}{% with o=row.obligation %}<tr>
    <td>{{ o.centre.name }}</td>
    <td><a href="{% url 'portal:obligation' o.pk %}">{{ o.request.get_kind_display }} – {{ o.request.label }}</a></td>
    <td class="text-nowrap">{{ row.due|default:"–" }}{% if row.days_late %} <span class="text-danger small">(+{{ row.days_late }})</span>{% endif %}</td>
    <td>{% include "submissions/_status_badge.html" with status=row.status label=row.status_label %}</td>
    <td>{% if row.latest %}{{ row.latest.number }} {% include "submissions/_review_badge.html" with version=row.latest %}{% else %}–{% endif %}</td>
  </tr>{% endwith %}{% endfor %}"""  # noqa: E501
NOW = staff_lists.START.replace(year=2016).astimezone(GENEVA)


def pdf(name):
    return SimpleUploadedFile(name, net.files.PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def network():
    with time_machine.travel(NOW, tick=False):
        centres, versions, _extensions = staff_lists.network(4, prefix="<b>R&amp;\"'</b>")
        services_version = versions[0]
        SubmissionVersion.objects.filter(pk=services_version.pk).update(
            upload_flags='A link to <http://example.org/?a=1&b=2>\n\nUnscanned "file"\n',
            received_at=dt.datetime(2015, 12, 31, 23, 30, tzinfo=dt.UTC),  # 1 January in Geneva
        )
        net.submit(
            versions[1].submission.obligation,
            staff_lists.START + dt.timedelta(days=3),
            accepted=True,
            name='second <"&">.pdf',
        )
        SubmissionVersion.objects.filter(pk=versions[2].pk).update(
            review_status="returned", reviewed_at=staff_lists.START + dt.timedelta(days=5)
        )
        letter = factories.ViewsLetterFactory(convention_centres="")
        [owed] = staff_lists.owed(letter, centres[:1])
        factories.version_received(
            owed,
            files=[pdf("a.pdf"), pdf("b <&>.pdf"), pdf("c.pdf")],
            received_at=staff_lists.START + dt.timedelta(days=300),
            received_through=ReceivedThrough.PAPER,
        )
    return centres


def page_versions():
    page = staff_selectors.review_versions(SubmissionVersion.objects.all(), 1)
    return list(page.object_list)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_review_rows_read_as_the_template_rendered_them(network, language):
    template = engines["django"].from_string(REVIEW_LOOP)
    with translation.override(language), timezone.override(GENEVA):
        versions = page_versions()
        assert len(versions) == 6
        assert any(v.upload_flags for v in versions)
        files = staff_selectors.version_files(versions)
        assert sum(len(names) for names in files.values()) == 8
        assert review_rows_html(versions, files) == template.render({"versions": versions})


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_obligation_rows_read_as_the_template_rendered_them(network, language):
    template = engines["django"].from_string(OBLIGATION_LOOP)
    with time_machine.travel(NOW, tick=False):
        with translation.override(language), timezone.override(GENEVA):
            _page, rows = staff_selectors.staff_obligations(
                Obligation.objects.all(), timezone.now()
            )
            assert {row["status"] for row in rows} >= {"overdue", "on_time"}
            assert any(row["days_late"] for row in rows)
            assert any(row["latest"] is None for row in rows)
            assert obligation_rows_html(rows) == template.render({"rows": rows})


def test_no_rows_no_html():
    assert staff_selectors.version_files([]) == {}
    assert review_rows_html([], {}) == ""
    assert obligation_rows_html([]) == ""


def test_a_partys_version_is_listed_under_the_partys_name(staff_client):
    """An invitation's addressee may be a Party, not a centre (its row once made both lists
    answer 500)."""
    serbia = factories.PartyFactory(code="RS", name="Serbia <&>")
    invitation = factories.InvitationFactory(convention_centres="")
    invitation.parties.add(serbia)
    factories.version_received(invitation.obligations.get(party=serbia))

    for url in (reverse("portal:review_queue"), reverse("portal:staff_obligations")):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "<td>Serbia &lt;&amp;&gt;</td>" in response.content.decode(), url
