"""Template filters that give form controls an accessible name where no <label> is printed."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def labelled(bound_field: BoundField) -> SafeString:
    """Render the field's widget named by its label (`aria-label`).

    The admin's tabular inlines print each label once, as a column header, and the inputs of
    every row have no <label>: screen readers announce an unnamed field (axe: "label",
    "select-name"). Renders what `str(bound_field)` renders, with the name added.
    """
    rendered = bound_field.as_widget(attrs={"aria-label": str(bound_field.label)})
    if bound_field.field.show_hidden_initial:
        rendered += bound_field.as_hidden(only_initial=True)
    return rendered
