"""The Secretariat's admin of centres: every page renders, statuses, history, attachments."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from centres.models import Centre, Correspondence, Endorsement, Hosting
from tests import factories

NOW = dt.datetime(2017, 3, 1, 10, tzinfo=dt.UTC)

pytestmark = pytest.mark.time_machine(NOW, tick=False)

# Seven for the list itself; the rest is left to middleware and context processors.
MAX_LIST_QUERIES = 12


OWN_MODELS = {
    "Region",
    "Party",
    "Institution",
    "Centre",
    "Hosting",
    "Endorsement",
    "Contact",
    "Correspondence",
    "HostChange",
}


def centres_models():
    """Every model of the app registered in the admin, this task's and those of other tasks."""
    return sorted(
        (m for m in admin.site._registry if m._meta.app_label == "centres"),
        key=lambda m: m._meta.model_name,
    )


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def records(centre_a, centre_b, director_a):
    """One of everything: an endorsed centre with its records, and a nominated one."""
    hosting = factories.HostingFactory(centre=centre_a)
    factories.EndorsementFactory(centre=centre_a, hosting=hosting)
    factories.CorrespondenceFactory(
        centre=centre_a,
        attachment=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"),
        attachment_name="Letter to Brazil.pdf",
    )
    factories.HostChangeFactory(centre=centre_a)
    return {"endorsed": centre_a, "nominated": centre_b}


def test_every_centres_model_is_registered_with_history():
    registered = {
        m.__name__: a for m, a in admin.site._registry.items() if m._meta.app_label == "centres"
    }
    for name in OWN_MODELS:
        assert isinstance(registered.get(name), SimpleHistoryAdmin), name


@pytest.mark.parametrize("model", centres_models(), ids=lambda m: m._meta.model_name)
def test_changelist_add_change_and_history_pages_render_for_staff(
    staff_client, staff, rf, records, model
):
    model_admin = admin.site._registry[model]
    obj = model.objects.first()
    assert obj is not None or model.__name__ not in OWN_MODELS, "the fixture makes one of each"
    request = rf.get("/")
    request.user = staff

    assert staff_client.get(url(model, "changelist")).status_code == 200
    add = staff_client.get(url(model, "add"))
    if model.__name__ in OWN_MODELS:
        assert add.status_code == 200  # nothing of centres is added by the system alone
    else:
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    if obj is not None:
        assert staff_client.get(url(model, "change", obj.pk)).status_code == 200
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert staff_client.get(url(model, "history", obj.pk)).status_code == 200


def test_a_user_who_is_not_staff_is_sent_to_the_login_page(client, director_a, records):
    client.force_login(director_a)

    response = client.get(url(Centre, "changelist"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_centre_list_shows_each_centres_status_today(staff_client, records):
    response = staff_client.get(url(Centre, "changelist"))

    rows = {r.name: r for r in response.context["cl"].result_list}
    column = admin.site._registry[Centre].status_today
    assert column(rows["Centre in Brazil"]) == "Endorsed"
    assert column(rows["Centre in Spain"]) == "Nominated"
    assert "Endorsed" in response.text and "Nominated" in response.text


@pytest.mark.parametrize(
    "status, expected",
    [
        ("endorsed", ["Centre in Brazil"]),
        ("nominated", ["Centre in Spain"]),
        ("term_expired", ["Centre in Chile"]),
        ("ceased", ["Centre in Peru"]),
    ],
)
def test_the_status_filter_agrees_with_the_status_rule(staff_client, records, status, expected):
    chile = factories.CentreFactory(name="Centre in Chile")
    factories.EndorsementFactory(centre=chile, endorsed_on=dt.date(2009, 5, 8))
    peru = factories.CentreFactory(name="Centre in Peru", ceased_on=dt.date(2016, 12, 31))
    factories.EndorsementFactory(centre=peru)

    response = staff_client.get(url(Centre, "changelist"), {"status": status})

    names = [c.name for c in response.context["cl"].result_list]
    assert names == expected
    assert all(c.status_at(NOW) == status for c in response.context["cl"].result_list)


def test_the_centre_list_runs_the_same_queries_for_2_and_20_centres(
    staff_client, django_assert_max_num_queries
):
    """Session, user, two counts, the page, its endorsements, the region filter: no more."""
    made = 0
    for size in (2, 20):
        for n in range(made, size):
            centre = factories.CentreFactory(name=f"Centre {n:02}")
            factories.EndorsementFactory(
                centre=centre, hosting=factories.HostingFactory(centre=centre)
            )
            factories.ContactFactory(centre=centre)
        made = size

        with django_assert_max_num_queries(MAX_LIST_QUERIES):
            response = staff_client.get(url(Centre, "changelist"))

        assert len(response.context["cl"].result_list) == size
        assert response.text.count("Endorsed") >= size


def test_no_changelist_runs_more_queries_for_more_rows(staff_client, records):
    def count_queries():
        counts = {}
        for model in centres_models():
            if model.__name__ not in OWN_MODELS:
                continue
            with CaptureQueriesContext(connection) as queries:
                staff_client.get(url(model, "changelist"))
            counts[model.__name__] = len(queries)
        return counts

    before = count_queries()
    for n in range(3):
        centre = factories.CentreFactory(name=f"Centre {n}", serves_basel=True)
        centre.countries_served.add(factories.PartyFactory())
        hosting = factories.HostingFactory(centre=centre)
        factories.EndorsementFactory(centre=centre, hosting=hosting)
        factories.ContactFactory(centre=centre, user=factories.UserFactory())
        factories.CorrespondenceFactory(centre=centre)
    after = count_queries()

    assert after == before


def test_changing_a_centre_records_who_changed_it_in_its_history(staff_client, records):
    centre = records["nominated"]
    page = staff_client.get(url(Centre, "change", centre.pk))
    data = _form_data(page)
    data["city"] = "Barcelona"

    response = staff_client.post(url(Centre, "change", centre.pk), data)

    assert response.status_code == 302, response.context and _errors(response)
    latest = centre.history.latest()
    assert latest.city == "Barcelona"
    assert latest.history_user.username == "secretariat"
    history = staff_client.get(url(Centre, "history", centre.pk))
    assert "secretariat" in history.text


def test_an_endorsement_inline_offers_only_the_centres_own_hostings(staff_client, records):
    other = factories.HostingFactory(centre=records["nominated"])
    own = Hosting.objects.get(centre=records["endorsed"])

    response = staff_client.get(url(Centre, "change", records["endorsed"].pk))

    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.model is Endorsement
    )
    choices = list(formset.formset.forms[0].fields["hosting"].queryset)
    assert choices == [own]
    assert other not in choices


def test_a_correspondence_attachment_is_stored_under_a_random_name_and_keeps_its_own(
    staff_client,
):
    response = staff_client.post(
        url(Correspondence, "add"),
        {
            "date": "2016-05-04",
            "kind": "note_verbale",
            "sender": "Secretariat",
            "recipient": "Permanent Mission of Brazil",
            "subject": "Endorsement",
            "centre": "",
            "attachment": SimpleUploadedFile("Note to Brazil.pdf", b"%PDF note"),
        },
    )

    assert response.status_code == 302
    letter = Correspondence.objects.get()
    assert letter.attachment_name == "Note to Brazil.pdf"
    assert "Brazil" not in letter.attachment.name
    assert letter.attachment.name.startswith("correspondence/")
    assert letter.attachment.read() == b"%PDF note"


def test_clearing_the_attachment_clears_its_name(staff_client, records):
    letter = Correspondence.objects.get()
    data = {
        "date": "2015-06-09",
        "kind": "letter",
        "sender": "Secretariat",
        "recipient": "Permanent Mission",
        "subject": "About a centre",
        "centre": letter.centre_id,
        "attachment-clear": "on",
    }

    response = staff_client.post(url(Correspondence, "change", letter.pk), data)

    assert response.status_code == 302
    letter.refresh_from_db()
    assert not letter.attachment
    assert letter.attachment_name == ""


def test_staff_download_the_attachment_under_its_original_name(staff_client, records):
    letter = Correspondence.objects.get()

    change = staff_client.get(url(Correspondence, "change", letter.pk))
    response = staff_client.get(url(Correspondence, "attachment", letter.pk))

    assert "Letter to Brazil.pdf" in change.text
    assert url(Correspondence, "attachment", letter.pk) in change.text
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 letter"
    assert 'filename="Letter to Brazil.pdf"' in response["Content-Disposition"]


def test_a_correspondence_without_attachment_has_nothing_to_download(staff_client):
    letter = factories.CorrespondenceFactory()

    response = staff_client.get(url(Correspondence, "attachment", letter.pk))

    assert response.status_code == 404


def test_a_director_cannot_download_an_attachment(client, director_a, records):
    client.force_login(director_a)
    letter = Correspondence.objects.get()

    response = client.get(url(Correspondence, "attachment", letter.pk))

    assert response.status_code == 302
    assert "login" in response["Location"]


def _form_data(response):
    """Return the POST data of an admin change form as rendered, inlines included."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "all"):
            value = [o.pk for o in value.all()]
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = len(formset.forms)
        data[f"{prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        for i, sub in enumerate(formset.forms):
            for name in sub.fields:
                value = sub.initial.get(name)
                if value is None:
                    continue
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{i}-{name}"] = "on"
                else:
                    data[f"{prefix}-{i}-{name}"] = getattr(value, "pk", value)
    return data


def _errors(response):
    form = response.context["adminform"].form
    return form.errors, [f.errors for f in response.context["inline_admin_formsets"]]
