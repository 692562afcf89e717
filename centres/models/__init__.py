"""Who: regions, Parties, institutions, centres, their hostings, endorsements and contacts.

One module per aggregate; everything is re-exported here, so `from centres.models import X` keeps
working (migrations refer to `centres.models.correspondence_upload_to`).
"""

from .accounts import AccountLanguage  # noqa: E402
from .host_changes import (
    OPEN_HOST_CHANGE_STATES,
    HostChange,
    HostChangeCorrespondence,
    HostChangeState,
    is_received,
)
from .network import (
    TERM_YEARS,
    Centre,
    CentreQuerySet,
    CentreStatus,
    Contact,
    Convention,
    Correspondence,
    Endorsement,
    EndorsementGap,
    EndorsementQuerySet,
    Hosting,
    Institution,
    Invitation,
    Language,
    Party,
    Region,
    add_years,
    correspondence_upload_to,
)
from .party_contacts import PartyContact  # noqa: E402

__all__ = [
    "AccountLanguage",
    "PartyContact",
    "Centre",
    "CentreQuerySet",
    "CentreStatus",
    "Contact",
    "Convention",
    "Correspondence",
    "Endorsement",
    "EndorsementGap",
    "EndorsementQuerySet",
    "HostChange",
    "HostChangeCorrespondence",
    "HostChangeState",
    "Hosting",
    "Institution",
    "Invitation",
    "Language",
    "OPEN_HOST_CHANGE_STATES",
    "Party",
    "Region",
    "TERM_YEARS",
    "add_years",
    "correspondence_upload_to",
    "is_received",
]
