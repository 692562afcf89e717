"""Forms of the portal's centre pages and of invitations."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from .models import Centre, Contact

ONE_DIRECTOR = _("A centre has one director: mark only one contact as director.")
EMAIL_TWICE = _("Each contact needs a different email address.")
KEEP_YOURSELF = _("You cannot remove yourself; ask the Secretariat to do it.")
USERNAME_TAKEN = _("This user name is taken; choose another.")
PASSWORDS_DIFFER = _("The two passwords differ.")


class CentreWebsiteForm(forms.ModelForm):
    class Meta:
        model = Centre
        fields = ["website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "preferred_language", "is_public"]


class BaseContactFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        directors, emails = 0, set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk and form.instance.user_id == getattr(self.user, "pk", None):
                    raise forms.ValidationError(KEEP_YOURSELF)
                continue
            if form.cleaned_data.get("role") == Contact.Role.DIRECTOR:
                directors += 1
            email = (form.cleaned_data.get("email") or "").lower()
            if email in emails:
                raise forms.ValidationError(EMAIL_TWICE)
            emails.add(email)
        if directors > 1:
            raise forms.ValidationError(ONE_DIRECTOR)


ContactFormSet = forms.inlineformset_factory(
    Centre,
    Contact,
    form=ContactForm,
    formset=BaseContactFormSet,
    extra=1,
    can_delete=True,
)


class InvitationAcceptForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user_model = get_user_model()
        user_model.username_validator(username)
        if user_model.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_TAKEN)
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif p1:
            user = get_user_model()(username=data.get("username", ""), email=self.email)
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
