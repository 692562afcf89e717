"""Form fields written in Python with the markup of Django's own widget templates
(django/forms/widgets/select.html, select_option.html, input.html and attrs.html), byte for
byte, without a template per widget and per option: a select of 1,000 centres through the
templates cost a page about 50 ms of CPU, the matrix's eighty options more than its table.

The functions below write the markup; two ways use them:
- `PlainSelect`, a select widget that writes itself (the filters' selects, `filters.py`), its
  model choice rows read as keys and labels when it is given the column of the labels;
- `FilterRenderer`, a form renderer that writes any select and input from the context the
  templates receive (the dashboards' filter forms, `registry/dashboard/filters.py`).
Anything they cannot write as the templates do (option groups, labels that are not text, other
widgets) goes through the templates. `tests/submissions/test_widgets.py` and
`tests/registry/test_dashboard_widgets.py` check that both ways write the templates' HTML.
"""

from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "date", "email", "url", "search", "hidden")
}
SELECTED = {"selected": True}


def formatted(value):
    """`{{ value|stringformat:'s' }}` with autoescaping."""
    if type(value) is int:
        return str(value)  # digits: nothing to escape
    text = f"{value}"
    return text if isinstance(value, SafeData) else escape(text)


def attrs_html(attrs):
    """django/forms/widgets/attrs.html: True bare, False left out."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def option_html(value, label, attrs):
    """select_option.html as select.html includes it, or None when the label is not text
    (a group's choices; a number, which the template would localize)."""
    if type(label) is str:
        label_html = escape(label)  # most labels: `conditional_escape` without its wrapping
    elif isinstance(label, str | Promise):
        label_html = conditional_escape(label)
    else:
        return None
    attrs_written = attrs_html(attrs) if attrs else ""
    # the option's template ends a line
    return f'\n  <option value="{formatted(value)}"{attrs_written}>{label_html}</option>\n'


def select_html(name, attrs, options):
    """select.html without option groups, around options written by `option_html`."""
    opening = f'<select name="{conditional_escape(name)}"{attrs_html(attrs)}>'
    return f"{opening}{''.join(options)}\n</select>"


def input_html(input_type, name, value, attrs):
    """input.html."""
    value_html = "" if value is None else f' value="{formatted(value)}"'
    return (
        f'<input type="{conditional_escape(input_type)}" '
        f'name="{conditional_escape(name)}"{value_html}{attrs_html(attrs)}>'
    )


class PlainSelect(forms.Select):
    """A select of flat choices that writes itself with the functions above.

    `label_field` names the column that labels the rows of a model choice field, read with
    their keys alone rather than as model instances.
    """

    def __init__(self, attrs=None, choices=(), *, label_field=None):
        super().__init__(attrs, choices)
        self.label_field = label_field

    def _option_rows(self):
        choices = self.choices
        if self.label_field and isinstance(choices, ModelChoiceIterator):
            empty = choices.field.empty_label
            rows = choices.queryset.values_list("pk", self.label_field)
            return [("", empty), *rows] if empty is not None else list(rows)
        return choices

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in self._option_rows():
            if option_value is None:
                option_value = ""
            selected = bool(chosen) and str(option_value) in chosen
            if selected and not self.allow_multiple_selected:
                chosen = set()
            option = option_html(option_value, label, SELECTED if selected else None)
            if option is None:
                return super().render(name, value, attrs, renderer)
            options.append(option)
        html = select_html(name, self.build_attrs(self.attrs, attrs), options)
        return mark_safe(html)  # noqa: S308 (every text escaped as the templates do)


def _select(widget):
    """The select of a template's context, or None when it needs the template."""
    options = []
    for group_name, group, _index in widget["optgroups"]:
        if group_name:
            return None
        for option in group:
            if option["template_name"] != SELECT_OPTION:
                return None
            html = option_html(option["value"], option["label"], option["attrs"])
            if html is None:
                return None
            options.append(html)
    return select_html(widget["name"], widget["attrs"], options)


class FilterRenderer(DjangoTemplates):
    """Django's template renderer, with selects and inputs written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        html = None
        if template_name == SELECT and widget is not None:
            html = _select(widget)
        elif template_name in INPUTS and widget is not None:
            html = input_html(widget["type"], widget["name"], widget["value"], widget["attrs"])
        if html is None:
            return super().render(template_name, context, request=request)
        return html


RENDERER = FilterRenderer()
