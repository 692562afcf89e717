"""The form fields written in Python (`submissions.widgets`) are the HTML Django's widget
templates write, byte for byte: `PlainSelect` as `forms.Select` renders, `FilterRenderer` as
Django's template renderer, and what either cannot write goes through the templates.

The dashboards' filter forms, every field in three languages:
tests/registry/test_dashboard_widgets.py.
"""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from centres.models import Centre, Region
from submissions.filters import region_filter
from submissions.widgets import RENDERER, PlainSelect
from tests import factories

CHOICES = [("", "All"), ("a", "A & B"), ("b", '"Quoted" <b>'), (3, mark_safe("<i>safe</i>"))]
ATTRS = {"class": "form-select", "id": "id_x", "required": True, "disabled": False}


@pytest.mark.parametrize("value", [None, "", "b", 3, "junk", ["a", "b"]])
def test_it_writes_the_options_as_the_templates_do_with_the_choice_selected(value):
    plain = PlainSelect(choices=CHOICES).render("x", value, ATTRS)
    django = forms.Select(choices=CHOICES).render("x", value, ATTRS)
    assert plain == django


def test_a_select_without_options_is_written_as_the_templates_do():
    assert PlainSelect().render("x", None) == forms.Select().render("x", None)


def test_what_it_cannot_write_goes_through_the_templates():
    grouped = [("", "All"), ("Group", [("a", "A"), ("b", "B")])]
    numbers = [(1, 1), (2, 2)]
    for choices in (grouped, numbers):
        plain = PlainSelect(choices=choices).render("x", "b", ATTRS)
        assert plain == forms.Select(choices=choices).render("x", "b", ATTRS)


@pytest.mark.django_db
def test_a_model_choice_field_is_read_as_keys_and_labels(django_assert_num_queries):
    factories.CentreFactory(name="Zeta <centre>")
    factories.CentreFactory(name="Alpha")
    chosen = factories.CentreFactory(name="Mu")
    queryset = Centre.objects.order_by("name")

    def rendered(widget):
        field = forms.ModelChoiceField(queryset, empty_label="All centres", widget=widget)
        return field.widget.render("centre", chosen.pk, {"id": "id_centre"})

    with django_assert_num_queries(1):
        plain = rendered(PlainSelect(label_field="name"))
    assert plain == rendered(forms.Select())


@pytest.mark.django_db
def test_the_region_filter_reads_its_regions_as_keys_and_names_in_their_order():
    factories.RegionFactory(code="ZZ", name="Zeta <region>")
    chosen = factories.RegionFactory(code="AA", name="Alpha")
    field = region_filter().field
    plain = field.widget.render("region", chosen.pk, {"id": "id_region"})
    django = forms.ModelChoiceField(Region.objects.all(), empty_label=field.empty_label)

    assert plain == django.widget.render("region", chosen.pk, {"id": "id_region"})
    assert "Zeta &lt;region&gt;" in plain
    assert "selected>Alpha" in plain


def test_the_renderer_writes_selects_and_inputs_as_the_templates_do():
    class Fields(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, required=False)
        many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
        number = forms.IntegerField(min_value=1)
        text = forms.CharField(max_length=20)
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    data = {"pick": "b", "many": ["a", "b"], "number": "2", "text": 'a "b" <c>', "day": "x"}
    for bound in ({}, data):
        form = Fields(bound or None, renderer=RENDERER)
        default = Fields(bound or None)
        for name in form.fields:
            assert str(form[name].as_widget()) == str(default[name].as_widget()), name


def test_what_the_renderer_cannot_write_goes_through_the_templates():
    class Grouped(forms.Form):
        pick = forms.ChoiceField(choices=[("Group", [("a", "A"), ("b", "B")])])
        number = forms.ChoiceField(choices=[(1, 1), (2, 2)])
        text = forms.CharField(widget=forms.Textarea)

    form = Grouped({"pick": "b", "number": "2"}, renderer=RENDERER)
    default = Grouped({"pick": "b", "number": "2"})
    for name in form.fields:
        assert str(form[name].as_widget()) == str(default[name].as_widget()), name
