"""Scan uploaded files with ClamAV's daemon (clamd) before a version is stored.

Scanning is on when REGISTRY_CLAMD_ADDRESS names clamd's socket (a path, ``unix:///path``, or
``host:port``) and REGISTRY_VIRUS_SCAN_DISABLED is not set. The files are streamed to clamd
(INSTREAM) through clamav-client. An infected file is refused and logged. When clamd cannot
be reached or cannot scan, REGISTRY_CLAMD_UNAVAILABLE decides: "refuse" the upload ("try
again later"), or "hold" it: accept it with a flag that staff see before accepting it.
"""

import logging

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

INFECTED = _(
    "The file “%(name)s” contains a virus or malware (%(signature)s) and was refused. "
    "Check your computer with an up-to-date antivirus before sending it again."
)
UNAVAILABLE = _(
    "Files cannot be checked for viruses at the moment, so nothing was stored. "
    "Please try again later."
)
NOT_SCANNED_FLAG = _(
    "“%(name)s” was not scanned for viruses: the antivirus could not be reached when it "
    "was received. Open it only after scanning it."
)

REFUSE = "refuse"
HOLD = "hold"
POLICIES = (REFUSE, HOLD)


class ScannerUnavailable(Exception):
    """clamd could not be reached, or could not scan the file."""


def scanning_enabled():
    return bool(settings.REGISTRY_CLAMD_ADDRESS) and not settings.REGISTRY_VIRUS_SCAN_DISABLED


def client(address=None, timeout=None):
    """Return a clamav-client connection to clamd at `address` (a socket path or host:port)."""
    address = (address or settings.REGISTRY_CLAMD_ADDRESS).strip()
    timeout = timeout or settings.REGISTRY_CLAMD_TIMEOUT
    if address.startswith("unix://"):
        return ClamdUnixSocket(path=address[len("unix://") :], timeout=timeout)
    if not address.startswith("tcp://") and "/" in address:
        return ClamdUnixSocket(path=address, timeout=timeout)
    host, _sep, port = address.removeprefix("tcp://").rpartition(":")
    if not host or not port.isascii() or not port.isdigit():
        raise ImproperlyConfigured(
            f"REGISTRY_CLAMD_ADDRESS must be a socket path or host:port, not {address!r}."
        )
    return ClamdNetworkSocket(host=host.strip("[]"), port=int(port), timeout=timeout)


def scan(uploaded):
    """Return the signature found in `uploaded`, or None when it is clean.

    Raise `ScannerUnavailable` when clamd cannot give an answer.
    """
    uploaded.seek(0)
    try:
        results = client().instream(uploaded)
    except (ClamdError, OSError) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    finally:
        uploaded.seek(0)
    status, detail = next(iter(results.values()), ("ERROR", "no answer"))
    if status == "FOUND":
        return detail or "unknown"
    if status != "OK":
        raise ScannerUnavailable(detail or status)
    return None


def scan_files(files):
    """Scan `files`; return the flags for staff ("not scanned") under the hold policy.

    Raise ValidationError naming every infected file, or UNAVAILABLE under the refuse policy.
    """
    if not scanning_enabled():
        return []
    errors, not_scanned = [], []
    for uploaded in files:
        try:
            signature = scan(uploaded)
        except ScannerUnavailable as exc:
            logger.error("Antivirus unavailable for upload %r: %s", uploaded.name, exc)
            if settings.REGISTRY_CLAMD_UNAVAILABLE != HOLD:
                raise ValidationError(UNAVAILABLE, code="unavailable") from None
            not_scanned.append(uploaded.name)
            continue
        if signature:
            logger.warning("Refused infected upload %r: %s", uploaded.name, signature)
            errors.append(
                ValidationError(
                    INFECTED % {"name": uploaded.name, "signature": signature}, code="upload"
                )
            )
    if errors:
        raise ValidationError(errors)
    with translation.override(settings.LANGUAGE_CODE):
        return [str(NOT_SCANNED_FLAG % {"name": name}) for name in not_scanned]
