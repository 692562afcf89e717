"""The directory's sections as HTML: twenty centres a page, too many fields for a template each.

The markup is the one the directory's template had (`registry/directory/index.html`), written
here as the template wrote it (tests/registry/test_directory_html.py reads both): labels are
translated once per page and every value is escaped. A centre's host changes and endorsement
gaps, rare, are still rendered by their templates (`centres/_host_changes.html`,
`centres/_endorsement_gaps.html`), which the staff pages share.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

HOST_CHANGES_TEMPLATE = "centres/_host_changes.html"
GAPS_TEMPLATE = "centres/_endorsement_gaps.html"
NO_VALUE = "—"
LABELS = {
    "host": _("Host institution"),
    "host_change": _("Host change"),
    "conventions": _("Conventions"),
    "reporting": _("Reporting"),
    "countries": _("Countries served"),
    "website": _("Website"),
    "contacts": _("Contacts"),
    "documents": _("Documents"),
    "no_document": _("No accepted document yet."),
}


def _e(value):
    return conditional_escape(value)


def _joined(values):
    return ", ".join(_e(v) for v in values)


class SectionsHtml:
    """Writes the directory's sections in the active language."""

    def __init__(self):
        # Not escaped, as `{% translate %}` wrote them: translations of the template's literals.
        self._labels = {key: str(label) for key, label in LABELS.items()}
        self._no_gaps = render_to_string(GAPS_TEMPLATE, {"rows": []})

    def _host(self, centre):
        host = centre["host"]
        if host:
            name = _e(host["name"])
            if host["website"]:
                html = f'<a href="{_e(host["website"])}">{name}</a>'
            else:
                html = name
            if host["city"]:
                html += f", {_e(host['city'])}"
        else:
            html = _e(centre["city"] or NO_VALUE)
        return f"{html}, {_e(centre['host_country'])}"

    def _documents(self, documents):
        if not documents:
            return f'<span class="text-muted">{self._labels["no_document"]}</span>'
        parts = []
        for document in documents:
            period = ""
            if document["period"]:
                start, end = document["period"]
                period = f" {_e(start)}–{_e('' if end is None else end)}"
            links = ", ".join(
                f'<a href="{reverse("directory:document", args=[pk])}">{_e(name)}</a>'
                for pk, name in document["files"]
            )
            parts.append(
                f"\n          <div>{_e(document['kind'])}{period}:\n            {links}</div>\n"
                "        "
            )
        return "".join(parts)

    def article(self, centre):
        labels = self._labels
        acronym = (
            f' <small class="text-muted">({_e(centre["acronym"])})</small>'
            if centre["acronym"]
            else ""
        )
        host_changes = ""
        if centre["host_changes"]:
            changes = render_to_string(HOST_CHANGES_TEMPLATE, {"rows": centre["host_changes"]})
            host_changes = (
                f'<dt class="col-sm-3">{labels["host_change"]}</dt>\n'
                f'        <dd class="col-sm-9" data-testid="host-changes">{changes}</dd>'
            )
        gaps = (
            render_to_string(GAPS_TEMPLATE, {"rows": centre["endorsement_gaps"]})
            if centre["endorsement_gaps"]
            else self._no_gaps
        )
        standing = " · ".join(f"{_e(s['convention'])}: {_e(s['text'])}" for s in centre["standing"])
        countries = (
            _joined(centre["countries_served"])
            if centre["countries_served"]
            else _e(centre["area_served"] or NO_VALUE)
        )
        website = ""
        if centre["website"]:
            url = _e(centre["website"])
            website = (
                f'<dt class="col-sm-3">{labels["website"]}</dt>'
                f'<dd class="col-sm-9"><a href="{url}">{url}</a></dd>'
            )
        contacts = (
            "".join(
                f"<div>{_e(c['name'])} ({_e(c['role'])}) – "
                f'<a href="mailto:{_e(c["email"])}">{_e(c["email"])}</a></div>'
                for c in centre["contacts"]
            )
            or NO_VALUE
        )
        name = _e(centre["name"])
        return (
            f'\n  <article class="card mb-3" id="centre-{_e(centre["pk"])}" data-centre="{name}">\n'
            '    <div class="card-body">\n'
            f'      <h3 class="h5 card-title">{name}{acronym}</h3>\n'
            '      <dl class="row mb-0 small">\n'
            f'        <dt class="col-sm-3">{labels["host"]}</dt>\n'
            f'        <dd class="col-sm-9" data-testid="host">{self._host(centre)}</dd>\n'
            f"        {host_changes}\n"
            f'        <dt class="col-sm-3">{labels["conventions"]}</dt>\n'
            f'        <dd class="col-sm-9">{_joined(centre["conventions"])} '
            f'<span class="badge text-bg-light">{_e(centre["status"])}</span>{gaps}</dd>\n'
            f'        <dt class="col-sm-3">{labels["reporting"]}</dt>\n'
            f'        <dd class="col-sm-9" data-testid="standing">{standing}</dd>\n'
            f'        <dt class="col-sm-3">{labels["countries"]}</dt>\n'
            f'        <dd class="col-sm-9">{countries}</dd>\n'
            f"        {website}\n"
            f'        <dt class="col-sm-3">{labels["contacts"]}</dt>\n'
            f'        <dd class="col-sm-9">{contacts}</dd>\n'
            f'        <dt class="col-sm-3">{labels["documents"]}</dt>\n'
            f'        <dd class="col-sm-9">{self._documents(centre["documents"])}</dd>\n'
            "      </dl>\n"
            "    </div>\n"
            "  </article>\n"
            "  "
        )

    def section(self, region_name, region_code, entries):
        return (
            f'\n<section id="region-{slugify(region_code)}" class="mb-4">\n'
            f'  <h2 class="h4">{_e(region_name)}</h2>\n'
            "  " + "".join(self.article(centre) for centre in entries) + "\n</section>\n"
        )


def sections_html(sections):
    """Return the HTML of the directory's `sections` [(region name, code, [entry])] as a plain
    string (cached beside them); mark it safe where it is shown."""
    html = SectionsHtml()
    return "".join(html.section(*section) for section in sections)
