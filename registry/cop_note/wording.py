"""The editable wording of the note: text with {placeholders} that the figures fill in.

Only names made of letters, digits and underscores are placeholders; anything else in braces is
left as written. A placeholder the paragraph does not offer is refused when the wording is saved,
so the figures can never be mistyped into the text by hand.
"""

import re

from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
UNKNOWN_PLACEHOLDERS = _("Unknown placeholders: %(names)s. Use only: %(allowed)s.")


def placeholders_in(text):
    """Return the placeholder names used in `text`, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


def unknown_placeholders(text, allowed):
    return [name for name in placeholders_in(text) if name not in allowed]


def fill(text, values):
    """Put `values` into the placeholders of `text`; an unknown one stays as written."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def braced(names):
    """ "{a}, {b}": placeholder names as staff type them."""
    return ", ".join(f"{{{name}}}" for name in names)
