"""The dashboards' filter fields written in Python are the HTML Django's widget templates write.

Their selects write themselves (`submissions.widgets.PlainSelect`), their form's renderer
(`FilterRenderer`) writes the rest; for every field of the overview's and the matrix's filters,
unbound, bound to each choice, bound to values refused, in the three languages, they write what
Django's `Select` and template renderer write. The functions themselves:
tests/submissions/test_widgets.py.
"""

from unittest import mock

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation

from registry.dashboard.filters import MatrixFilter, OverviewFilter
from submissions.models import Obligation
from submissions.widgets import RENDERER, PlainSelect
from tests import factories
from tests.registry import dashboard_network as net

pytestmark = pytest.mark.django_db


@pytest.fixture
def choices():
    """Regions and requests to choose from, one with markup in its label."""
    factories.RegionFactory(name='Africa & "Arab" <States>')
    net.sc_centres(2)
    net.workplan_request()
    net.activity_report_request(paragraph="<b>11(b)</b>")


def both_ways(filterset):
    """[(field, HTML by the templates, HTML in Python)] of the filter set's form."""
    form = filterset.form
    assert form.renderer is RENDERER
    written = []
    for name in form.fields:
        field = form[name]
        fast = str(field.as_widget())
        form.renderer = get_default_renderer()
        with mock.patch.object(PlainSelect, "render", forms.Select.render):
            slow = str(field.as_widget())
        form.renderer = RENDERER
        written.append((name, slow, fast))
    return written


def test_the_filters_selects_write_themselves():
    form = MatrixFilter(queryset=Obligation.objects.none()).form
    selects = [f.widget for f in form.fields.values() if isinstance(f.widget, forms.Select)]
    assert len(selects) == 5
    assert all(isinstance(widget, PlainSelect) for widget in selects)


def bound_data(filterset_class):
    """Query strings binding each field to each of its choices, to nothing and to junk."""
    form = filterset_class(queryset=Obligation.objects.none()).form
    data = [{}, {"cycle": "8"}, {"cycle": "abc", "kind": "nonsense"}, {"convention": "<x>"}]
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.Select):
            data += [{name: str(value)} for value, _label in field.choices]
    return data


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("filterset_class", [OverviewFilter, MatrixFilter])
def test_every_field_reads_as_the_widget_templates_write_it(choices, language, filterset_class):
    with translation.override(language):
        for data in bound_data(filterset_class):
            filterset = filterset_class(data or None, queryset=Obligation.objects.all())
            filterset.is_valid()
            for name, slow, fast in both_ways(filterset):
                assert fast == slow, (name, data)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_request_choices_read_as_the_requests_do(choices, language):
    net.workplan_request(paragraph="11(z)", title="")
    factories.ViewsLetterFactory()
    with translation.override(language):
        field = MatrixFilter(queryset=Obligation.objects.none()).form.fields["request"]
        labels = [label for value, label in field.choices if value != ""]
        assert labels == [str(r) for r in field.queryset]
        assert len(labels) == 4
