"""What apps above the outbox plug into it, so that the outbox imports none of them.

- A renderer makes an email's subject, text and HTML when it is sent, not when it is queued
  (reminders describe the obligation as it is then; an invitation mints its one-time link then).
- A pre-send check says, just before sending, that an email is no longer wanted (a reminder for
  an obligation submitted meanwhile); the email is then cancelled with that reason.

Apps register both in their `AppConfig.ready()`.
"""

_renderers: dict[str, tuple] = {}
_checks: dict[str, object] = {}


def renderer_register(kind, renderer, *, keep_content=True):
    """Render emails of `kind` at send time with `renderer(email, now) -> (subject, text, html)`.

    With `keep_content=False` the rendered text is never stored (it holds a secret).
    """
    _renderers[str(kind)] = (renderer, keep_content)


def check_register(kind, check):
    """Call `check(email, now)` before sending an email of `kind`; a non-empty string it returns
    is the reason to cancel the email instead."""
    _checks[str(kind)] = check


def renderer_for(kind):
    """Return (renderer, keep_content), or (None, True) for emails rendered when queued."""
    return _renderers.get(str(kind), (None, True))


def check_for(kind):
    return _checks.get(str(kind))
