"""The dashboards' filter fields written in Python are the HTML Django's widget templates write.

`registry.dashboard.widgets.FilterRenderer` replaces the select, option and input templates;
for every field of the overview's and the matrix's filters, unbound, bound to each choice,
bound to values refused, in the three languages, both renderers write the same HTML.
"""

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation

from registry.dashboard.filters import MatrixFilter, OverviewFilter
from registry.dashboard.widgets import RENDERER
from submissions.models import Obligation
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
        slow = str(field.as_widget())
        form.renderer = RENDERER
        written.append((name, slow, fast))
    return written


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


def test_what_it_cannot_write_goes_through_the_templates():
    class Grouped(forms.Form):
        pick = forms.ChoiceField(choices=[("Group", [("a", "A"), ("b", "B")])])
        number = forms.ChoiceField(choices=[(1, 1), (2, 2)])
        text = forms.CharField(widget=forms.Textarea)

    form = Grouped({"pick": "b", "number": "2"}, renderer=RENDERER)
    default = Grouped({"pick": "b", "number": "2"})
    for name in form.fields:
        assert str(form[name].as_widget()) == str(default[name].as_widget()), name


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_request_choices_read_as_the_requests_do(choices, language):
    net.workplan_request(paragraph="11(z)", title="")
    factories.ViewsLetterFactory()
    with translation.override(language):
        field = MatrixFilter(queryset=Obligation.objects.none()).form.fields["request"]
        labels = [label for value, label in field.choices if value != ""]
        assert labels == [str(r) for r in field.queryset]
        assert len(labels) == 4
