"""Writes of the COP note's stored draft."""

from django.db import transaction


@transaction.atomic
def cop_note_save(*, form, user):
    """Save the draft of `form` (a valid `CopNoteForm`), keeping the wording of paragraphs not
    drafted this time (a paragraph may come back when its records do)."""
    note = form.save(commit=False)
    drafted = set(form.paragraphs)
    kept = {k: v for k, v in (note.wording or {}).items() if k not in drafted}
    note.wording = kept | form.wording()
    note.updated_by = user
    note.save()
    return note
