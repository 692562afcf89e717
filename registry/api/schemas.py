"""What the API answers: pydantic schemas, from which the OpenAPI schema is generated.

Instants are ISO 8601 with their offset, in the Secretariat's time zone; dates are calendar days.
"""

import datetime as dt
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, create_model

from centres.models import CentreStatus, Convention
from evaluations.models import CycleStatus
from submissions.models import ObligationStatus, RequestKind, RequestMode, secretariat_tz


def _in_geneva(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.localtime(value, secretariat_tz())
    return value


Instant = Annotated[dt.datetime, BeforeValidator(_in_geneva)]

ConventionCode = Literal[tuple(Convention.values)]  # type: ignore[valid-type]
KindCode = Literal[tuple(RequestKind.values)]  # type: ignore[valid-type]
ModeCode = Literal[tuple(RequestMode.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(ObligationStatus.values)]  # type: ignore[valid-type]
CentreStatusCode = Literal[tuple(CentreStatus.values)]  # type: ignore[valid-type]
CycleStatusCode = Literal[tuple(CycleStatus.values)]  # type: ignore[valid-type]


def page_of(schema):
    """The page schema of a list of `schema`: its rows and the link to the next page."""
    return create_model(
        f"{schema.__name__}Page",
        __base__=Schema,
        items=(list[schema], ...),
        next=(str | None, Field(..., description="The next page, or null on the last.")),
    )


class Named(Schema):
    code: str
    name: str


class Institution(Schema):
    name: str
    city: str
    country: str


class Hosting(Schema):
    institution: Institution
    nominated_on: dt.date | None
    started_on: dt.date | None
    ended_on: dt.date | None


class PublicContact(Schema):
    name: str
    role: str
    email: str


class Centre(Schema):
    id: int
    name: str
    acronym: str
    conventions: list[ConventionCode]
    region: Named
    host_country: Named
    city: str
    area_served: str
    countries_served: list[Named]
    website: str
    status: CentreStatusCode
    status_on: dt.date
    host: Hosting | None
    hostings: list[Hosting]
    contacts: list[PublicContact]


class RequestOut(Schema):
    id: int
    decision: str | None
    paragraph: str
    issued_on: dt.date | None
    letter_reference: str
    title: str
    kind: KindCode
    mode: ModeCode
    replies_wanted_by: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    due_date: dt.date | None
    for_cop: int | None


class DecisionOut(Schema):
    id: int
    code: str
    convention: ConventionCode
    cop: int
    adopted_on: dt.date | None
    year: int
    title: str
    document_symbol: str
    url: str
    requests: list[RequestOut]


class CentreRef(Schema):
    id: int
    name: str


class Document(Schema):
    id: int
    centre: CentreRef
    request_id: int
    kind: KindCode
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    version: int
    received_at: Instant
    name: str
    content_type: str
    size: int
    sha256: str
    download_url: str


class Obligation(Schema):
    id: int
    request_id: int
    centre_id: int | None
    party_id: int | None
    addressee: str
    status: StatusCode
    due_date: dt.date | None
    extended_due_date: dt.date | None
    effective_due_date: dt.date | None
    first_received_at: Instant | None
    as_at: Instant


class ComplianceRow(Schema):
    """One request's counts as at the instant: the keys of `compliance_summary --json`.

    An obligation's addressees are partitioned: on_time + late + waived + overdue + extended +
    due_soon + not_yet_due = expected, and missing = expected - submitted. An invitation has no
    such counts (null): its figure is `replies`, the addressees that replied by the instant.
    """

    model_config = ConfigDict(extra="allow")

    request_id: int
    decision: str
    paragraph: str
    kind: KindCode
    mode: Literal["obligation", "invitation"]
    period_start: dt.date | None
    period_end: dt.date | None
    due_date: dt.date | None
    expected: int
    submitted: int
    on_time: int | None
    late: int | None
    missing: int | None
    waived: int | None
    overdue: int | None
    extended: int | None
    due_soon: int | None
    not_yet_due: int | None
    replies: int | None


class Reply(Schema):
    obligation_id: int
    request_id: int
    centre_id: int | None
    party_id: int | None
    addressee: str
    received_at: Instant


class Cycle(Schema):
    id: int
    year: int
    convention: ConventionCode
    cop: int
    period_start: dt.date
    period_end: dt.date
    status: CycleStatusCode
    methodology: str


class CycleEvaluation(Schema):
    centre: CentreRef
    total: int
    max_total: int
    outcome: str


class CycleDetail(Cycle):
    evaluations: list[CycleEvaluation]


class Compliance(Schema):
    as_at: Instant
    items: list[ComplianceRow]
    next: str | None
