"""The dashboards' filter fields written without a template per widget and per option.

Django writes a select through a template for the select and one more for each of its options
(the matrix's filters have about eighty), which costs a dashboard page more than its whole
table read from the cache. `FilterRenderer` writes the selects and inputs in Python, from the
same context the templates receive, with the markup of Django's own widget templates
(django/forms/widgets/select.html, select_option.html, input.html and attrs.html); anything
else (option groups, labels that are not text, other widgets) goes through the templates.
`tests/registry/test_dashboard_widgets.py` checks that both write the same HTML.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "date", "email", "url", "search", "hidden")
}


def _formatted(value):
    """`{{ value|stringformat:'s' }}` with autoescaping."""
    text = f"{value}"
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _select(widget):
    """The select, or None when it needs the template (option groups, labels not text)."""
    options = []
    for group_name, group, _index in widget["optgroups"]:
        if group_name:
            return None
        for option in group:
            label = option["label"]
            if option["template_name"] != SELECT_OPTION or not isinstance(label, str | Promise):
                return None
            options.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(label)}</option>\n"  # the option's template ends a line
            )
    return (
        f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
        f"{''.join(options)}\n</select>"
    )


class FilterRenderer(DjangoTemplates):
    """Django's template renderer, with selects and inputs written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        html = None
        if template_name == SELECT and widget is not None:
            html = _select(widget)
        elif template_name in INPUTS and widget is not None:
            html = _input(widget)
        if html is None:
            return super().render(template_name, context, request=request)
        return html


RENDERER = FilterRenderer()
