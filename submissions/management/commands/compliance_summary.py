"""Print, for each request, how many addressees had submitted as at an instant."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from submissions.selectors import compliance_summary, parse_as_at

KEYS = [
    "mode",
    "decision",
    "paragraph",
    "kind",
    "period_start",
    "period_end",
    "due_date",
    "expected",
    "submitted",
    "on_time",
    "late",
    "missing",
    # The rest of the partition of an obligation's addressees, and an invitation's replies.
    "waived",
    "overdue",
    "extended",
    "due_soon",
    "not_yet_due",
    "replies",
]
# The table shows the partition; `missing` (expected minus submitted) is in the JSON only, as it
# counts addressees not yet due too.
COUNTS = [key for key in KEYS[KEYS.index("expected") :] if key != "missing"]


class Command(BaseCommand):
    help = (
        "Counts of addressees per request as at an instant: for an obligation, expected, "
        "submitted (on time, late), missing, and every addressee in one of on time, late, "
        "waived, overdue, extended, due soon, not yet due; for an invitation, the replies "
        "received. A date means the end of that day in the Secretariat's time zone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-at",
            default="",
            help="YYYY-MM-DD (end of that day, Geneva time) or an ISO timestamp with an offset. "
            "Default: now.",
        )
        parser.add_argument("--json", action="store_true", help="Print a JSON list of objects.")

    def handle(self, *args, **options):
        if options["as_at"]:
            try:
                as_at = parse_as_at(options["as_at"])
            except ValueError as exc:
                raise CommandError(f"--as-at {options['as_at']!r}: {exc}") from None
        else:
            as_at = timezone.now()
        rows = [{k: row[k] for k in KEYS} for row in compliance_summary(as_at)]
        if options["json"]:
            self.stdout.write(json.dumps(rows, default=str, indent=2))
            return
        self.stdout.write(f"As at {as_at.isoformat()}")
        header = (
            "Decision",
            "Para.",
            "Kind",
            "Period",
            "Due",
            "Exp.",
            "Subm.",
            "On time",
            "Late",
            "Waived",
            "Overdue",
            "Extended",
            "Due soon",
            "Not yet due",
            "Replies",
        )
        lines = [header]
        for r in rows:
            period = f"{r['period_start']}–{r['period_end']}" if r["period_start"] else ""
            lines.append(
                (
                    r["decision"],
                    r["paragraph"],
                    r["kind"],
                    period,
                    str(r["due_date"] or ("invitation" if r["mode"] == "invitation" else "open")),
                    *("–" if r[k] is None else str(r[k]) for k in COUNTS),
                )
            )
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
        for line in lines:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)))
