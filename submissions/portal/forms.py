"""One form per action, shared by the portal, the Secretariat's pages and the admin.

The forms give the messages early; the services (`submissions.services`) hold the rules and
check them again under lock, with the same messages.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import services, uploads
from ..models import ActionState, BlockerReason, ReceivedThrough, secretariat_tz

DATE_IN_PAST = _("Propose a date in the future.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files; cleans to a list (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _checked_files(files, *, judge):
    """Return the files, judged by content (`uploads.validate_uploads`) when `judge` is set.

    The portal's views leave the judging to the service, which they call at once (and which
    reports on the "files" field), so that each file is read and scanned once.
    """
    if not files:
        raise forms.ValidationError(uploads.MISSING_FILE)
    return uploads.validate_uploads(files) if judge else files


def _add_service_error(form, exc):
    """Show a service's ValidationError on the fields it names (elsewhere: above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ActionForm(forms.Form):
    # Forms whose data reach the service only after the form is done (the admin's) judge the
    # files themselves, so that a refusal shows on the form.
    judge_files = False

    def add_service_error(self, exc):
        _add_service_error(self, exc)


class UploadForm(ActionForm):
    files = MultipleFileField(label=_("Files"), required=False)
    tz = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.help_text = _(
            "Accepted: %(types)s; up to %(size)s MB each. Several files make one version."
        ) % {
            "types": uploads.accepted_label(),
            "size": settings.REGISTRY_UPLOAD_MAX_BYTES // (1024 * 1024),
        }
        field.widget.attrs["accept"] = uploads.accept_attribute()

    def clean_files(self):
        return _checked_files(self.cleaned_data.get("files") or [], judge=self.judge_files)


class RecordVersionForm(ActionForm):
    """A version the Secretariat received by email or on paper (portal staff page and admin)."""

    received_through = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            (ReceivedThrough.EMAIL, ReceivedThrough.EMAIL.label),
            (ReceivedThrough.PAPER, ReceivedThrough.PAPER.label),
        ],
    )
    received_at = forms.DateTimeField(
        label=_("Received at (Geneva time)"),
        help_text=_(
            "When the Secretariat actually received it (date of the email or the "
            "postmark), in Geneva time."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    files = MultipleFileField(label=_("Files (a scan for paper)"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, obligation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        # Read the typed time in Geneva, whatever the active time zone.
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return naive.replace(tzinfo=secretariat_tz()) if isinstance(naive, dt.datetime) else value

    def clean_files(self):
        return _checked_files(self.cleaned_data.get("files") or [], judge=self.judge_files)

    def clean(self):
        cleaned = super().clean()
        obligation = cleaned.get("obligation", self.obligation)
        received_at = cleaned.get("received_at")
        if obligation is not None and received_at is not None:
            try:
                services.check_received_at(
                    obligation=obligation, received_at=received_at, now=timezone.now()
                )
            except ValidationError as exc:
                self.add_service_error(exc)
        return cleaned


def _decision_field(choices):
    return forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=choices)


def _message_field(label, *, rows, max_length):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
    )


class DecisionForm(ActionForm):
    """A yes-or-no decision whose "no" (`refusal`) must say why in `message_field`."""

    refusal = ""
    message_field = ""
    message_required = ""

    def clean(self):
        cleaned = super().clean()
        message = cleaned.get(self.message_field, "")
        if cleaned.get("decision") == self.refusal and not message.strip():
            self.add_error(self.message_field, self.message_required)
        return cleaned


class ReviewForm(DecisionForm):
    refusal = "return"
    message_field = "comments"
    message_required = services.RETURN_NEEDS_COMMENTS

    decision = _decision_field([("accept", _("Accept")), ("return", _("Return for revision"))])
    comments = _message_field(
        _("Comments to the centre"), rows=3, max_length=services.COMMENTS_MAX_LENGTH
    )
    flags_seen = forms.BooleanField(
        label=_("I have read the flags from the upload checks above"),
        required=False,
    )

    def __init__(self, *args, flagged=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not flagged:
            del self.fields["flags_seen"]


class ExtensionRequestForm(ActionForm):
    new_due_date = forms.DateField(
        label=_("Proposed due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.REASON_MAX_LENGTH,
    )

    def __init__(self, *args, obligation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation

    def clean_new_due_date(self):
        day = self.cleaned_data["new_due_date"]
        if day < timezone.localtime(timezone.now(), secretariat_tz()).date():
            raise forms.ValidationError(DATE_IN_PAST)
        return day

    def clean(self):
        cleaned = super().clean()
        obligation = cleaned.get("obligation", self.obligation)
        day = cleaned.get("new_due_date")
        if obligation is not None and day is not None:
            due = services.current_due_date(obligation)
            if due is not None:
                try:
                    services.check_new_due_date(due=due, new_due_date=day)
                except ValidationError as exc:
                    self.add_service_error(exc)
        return cleaned


class ExtensionDecisionForm(DecisionForm):
    refusal = "refuse"
    message_field = "response"
    message_required = services.REFUSAL_NEEDS_MESSAGE

    decision = _decision_field([("grant", _("Grant")), ("refuse", _("Refuse"))])
    response = _message_field(
        _("Message to the centre"), rows=2, max_length=services.RESPONSE_MAX_LENGTH
    )


class WaiveForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason for waiving"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.REASON_MAX_LENGTH,
        error_messages={"required": services.WAIVER_NEEDS_REASON},
    )


class ActionUpdateForm(ActionForm):
    """The owner centre's update of one action of its plan (state and evidence)."""

    state = forms.ChoiceField(label=_("State"), choices=ActionState.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=services.EVIDENCE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows progress or completion (a report, a list of participants...)."),
    )
    evidence_link = forms.URLField(label=_("Evidence link"), required=False, max_length=200)


class BlockerForm(ActionForm):
    """ "What blocks you": the reason, details, a date the centre proposes, and whether to ask
    for an extension to it."""

    reason = forms.ChoiceField(
        label=_("What prevents the submission?"),
        choices=BlockerReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposed_date = forms.DateField(
        label=_("By when can you submit?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ask_extension = forms.BooleanField(
        label=_("Also ask the Secretariat for an extension to this date"), required=False
    )

    def clean_proposed_date(self):
        day = self.cleaned_data["proposed_date"]
        if day is not None and day < timezone.localtime(timezone.now(), secretariat_tz()).date():
            raise forms.ValidationError(DATE_IN_PAST)
        if day is not None and day.year > 2100:
            raise forms.ValidationError(_("Propose a date before 2100."))
        return day
