"""The filters' select written in Python writes what Django's templates write."""

import re

import pytest
from django import forms

from centres.models import Centre
from submissions.filters import PlainSelect
from tests import factories

pytestmark = pytest.mark.django_db


def squeezed(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_it_writes_the_options_as_the_templates_do_with_the_choice_selected():
    choices = [("", "All"), ("a", "A & B"), ("b", '"Quoted" <b>')]
    attrs = {"class": "form-select", "id": "id_x", "required": True, "disabled": False}

    for value in (None, "", "b"):
        plain = PlainSelect(choices=choices).render("x", value, attrs)
        django = forms.Select(choices=choices).render("x", value, attrs)
        assert squeezed(plain) == squeezed(django)


def test_a_model_choice_field_is_read_as_keys_and_labels():
    factories.CentreFactory(name="Zeta <centre>")
    factories.CentreFactory(name="Alpha")
    chosen = factories.CentreFactory(name="Mu")
    queryset = Centre.objects.order_by("name")

    def rendered(widget):
        field = forms.ModelChoiceField(queryset, empty_label="All centres", widget=widget)
        return squeezed(field.widget.render("centre", chosen.pk, {"id": "id_centre"}))

    assert rendered(PlainSelect(label_field="name")) == rendered(forms.Select())


def test_the_region_filter_reads_its_regions_as_keys_and_names_in_their_order():
    from centres.models import Region
    from submissions.filters import region_filter

    factories.RegionFactory(code="ZZ", name="Zeta <region>")
    chosen = factories.RegionFactory(code="AA", name="Alpha")
    field = region_filter().field
    plain = field.widget.render("region", chosen.pk, {"id": "id_region"})
    django = forms.ModelChoiceField(Region.objects.all(), empty_label=field.empty_label)

    assert squeezed(plain) == squeezed(
        django.widget.render("region", chosen.pk, {"id": "id_region"})
    )
    assert "Zeta &lt;region&gt;" in plain
    assert "selected>Alpha" in plain
