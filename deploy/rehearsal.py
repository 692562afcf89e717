"""The multi-host rehearsal (deploy/rehearse): starts deploy.cluster, proves five things on it and
prints the figures. Exits 1 when any proof fails."""

import argparse
import hashlib
import os
import re
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.cluster import Cluster, add_cluster_arguments, new_id, pid_of_socket, wait_until  # noqa: E402
from deploy.web_client import Client, pdf  # noqa: E402

# What differs between two renderings of one answer: nonces and masked CSRF tokens.
NONCE = re.compile(r'(nonce|value)="[^"]*"|"X-CSRFToken": "[^"]*"')
results = []


def say(line=""):
    print(line, flush=True)


def proved(name, ok, figures):
    results.append((name, ok))
    say(f"[{'PASS' if ok else 'FAIL'}] {name}: {figures}")


def upload(client, obligation_pk, label):
    body = pdf(f"Rehearsal {label} {new_id()}")
    path = f"/portal/obligations/{obligation_pk}/"
    client.form_token(path)
    response = client.post(
        path,
        {"tz": ""},
        files=[("files", (f"{label}.pdf", body, "application/pdf"))],
    )
    return response, body


def open_obligations(username, fresh_only=True):
    """The user's obligations (by default those without any version yet, whose status changes
    on an upload), in a stable order."""
    from django.contrib.auth import get_user_model

    from submissions.portal.selectors import obligations_for

    user = get_user_model().objects.get(username=username)
    owed = obligations_for(user).filter(waived_at__isnull=True)
    if fresh_only:
        owed = owed.filter(submission__isnull=True)
    return list(owed.order_by("pk").values_list("pk", flat=True))


def upload_on_a_download_on_b(cluster, obligations):
    director_a = Client(cluster.url("A")).sign_in("director.br")
    response, body = upload(director_a, obligations.pop(0), "host-a")
    from submissions.models import SubmissionFile

    sent = hashlib.sha256(body).hexdigest()
    file_pk = SubmissionFile.objects.get(sha256=sent).pk
    director_b = director_a.on(cluster.url("B"))
    download = director_b.get(f"/portal/files/{file_pk}/download/")
    got = hashlib.sha256(download.content).hexdigest()
    proved(
        "an upload through host A downloads through host B with the same SHA-256",
        response.status_code == 302 and download.status_code == 200 and sent == got,
        f"upload {response.status_code}, download {download.status_code}, "
        f"sent {sent[:16]}..., received {got[:16]}...",
    )


def dashboard_cache_across_hosts(cluster, obligations):
    bureau_a = Client(cluster.url("A")).sign_in("bureau")
    bureau_a.get("/")  # shows (and so clears) the "signed in" message before the readings

    def overview():
        started = time.perf_counter()
        page = bureau_a.get("/dashboard/")
        return NONCE.sub("", page.text), (time.perf_counter() - started) * 1000, page.status_code

    first, first_ms, _ = overview()
    cached, cached_ms, _ = overview()
    director_b = Client(cluster.url("B")).sign_in("director.br")
    response, _body = upload(director_b, obligations.pop(0), "host-b-write")
    after, after_ms, status = overview()
    if first != cached:
        import difflib

        diff = difflib.unified_diff(first.splitlines(), cached.splitlines(), lineterm="", n=0)
        say("  the two readings differ: " + " | ".join(list(diff)[2:8]))
    proved(
        "a dashboard answer cached on host A is invalidated by a write on host B",
        first == cached and after != cached and response.status_code == 302 and status == 200,
        f"overview on A: first {first_ms:.0f} ms, cached {cached_ms:.0f} ms (same answer: "
        f"{first == cached}); after an upload on B: {after_ms:.0f} ms, answer changed: "
        f"{after != cached}",
    )


def worker_killed_mid_send(cluster, obligations):
    from outbox.models import EmailLog

    smtp = cluster.smtp
    smtp.hold_next = True
    director_b = Client(cluster.url("B")).sign_in("director.br")
    upload(director_b, obligations.pop(0), "worker-kill")
    if not smtp.held.wait(60):
        proved("a worker killed mid-send", False, "no worker reached the SMTP server")
        return
    pids = cluster.worker_pids()
    sender = pid_of_socket(smtp.held_peer[1], [p for group in pids.values() for p in group])
    victim = next((name for name, group in pids.items() if sender in group), None)
    if victim is None:
        smtp.release.set()
        proved("a worker killed mid-send", False, "could not tell which worker was sending")
        return
    sending = list(
        EmailLog.objects.filter(status=EmailLog.Status.SENDING).values_list("pk", flat=True)
    )
    cluster.kill(victim)  # the worker dies waiting for the SMTP server's reply
    smtp.release.set()
    say(f"  killed {victim} (pid {sender} was sending email {sending}); restarting it")
    cluster.spawn(
        victim,
        cluster.processes[victim].args,
        cluster.dir / victim,
        env=cluster.env(REGISTRY_MEDIA_ROOT=str(cluster.dir / victim / "media")),
    )
    time.sleep(6)  # the dead worker's lease (REGISTRY_EMAIL_LEASE_SECONDS=5) runs out
    from registry.celery import app

    # What the beat's emails-resume does every five minutes; twice, racing.
    app.send_task("outbox.emails_resume")
    app.send_task("outbox.emails_resume")
    wait_until(
        lambda: (
            EmailLog.objects.filter(pk__in=sending, status=EmailLog.Status.SENT).count()
            == len(sending)
        ),
        60,
        "the resumed email",
    )
    counts = Counter(smtp.delivered)
    proved(
        "a worker killed mid-send loses no email and duplicates none",
        bool(sending) and all(counts[pk] == 1 for pk in sending),
        f"email {sending}: delivered {[counts[pk] for pk in sending]} time(s), attempts "
        f"{list(EmailLog.objects.filter(pk__in=sending).values_list('attempts', flat=True))}",
    )


def web_host_killed_mid_load(cluster, obligations, seconds=12, kill_after=4):
    from submissions.models import SubmissionVersion

    bureau = Client(cluster.url()).sign_in("bureau")
    director = Client(cluster.url()).sign_in("director.br")
    pages = {
        "/": Client(cluster.url()),
        "/healthz": Client(cluster.url()),
        "/dashboard/": bureau,
        "/portal/": director,
    }
    outcomes = Counter()
    failures = []
    accepted = []
    stop = threading.Event()
    lock = threading.Lock()

    def reader(path, client):
        client = client.on(cluster.url())
        while not stop.is_set():
            try:
                status = client.get(path).status_code
            except Exception as exc:  # a request nginx did not answer counts as lost
                status = type(exc).__name__
            with lock:
                outcomes[(path, status)] += 1
                if status not in (200, 302):
                    failures.append((path, status))

    def uploader():
        client = director.on(cluster.url())
        n = 0
        while not stop.is_set() and obligations:
            n += 1
            try:
                response, body = upload(client, obligations[n % len(obligations)], f"load-{n}")
                status = response.status_code
            except Exception as exc:
                status = type(exc).__name__
            with lock:
                outcomes[("upload", status)] += 1
                if status == 302:
                    accepted.append(hashlib.sha256(body).hexdigest())

    threads = [
        threading.Thread(target=reader, args=(path, client))
        for path, client in pages.items()
        for _copy in range(2)
    ] + [threading.Thread(target=uploader)]
    before = SubmissionVersion.objects.count()
    for thread in threads:
        thread.start()
    time.sleep(kill_after)
    cluster.kill("webA")
    say(f"  killed web host A (SIGKILL, gunicorn master and workers) after {kill_after} s of load")
    time.sleep(seconds - kill_after)
    stop.set()
    for thread in threads:
        thread.join(120)
    from submissions.models import SubmissionFile

    stored = set(SubmissionFile.objects.values_list("sha256", flat=True))
    lost_uploads = [digest for digest in accepted if digest not in stored]
    reads = sum(n for (path, _s), n in outcomes.items() if path != "upload")
    upload_errors = sum(n for (path, s), n in outcomes.items() if path == "upload" and s != 302)
    proved(
        "killing a web host mid-load loses no retriable request and no stored data",
        not failures and not lost_uploads,
        f"{reads} page reads through nginx, {len(failures)} failed {failures[:5]}; "
        f"{len(accepted)} uploads acknowledged, {len(lost_uploads)} of them missing; "
        f"{upload_errors} uploads answered with an error (a POST in flight on the killed host "
        f"is not replayed); versions {before} -> {SubmissionVersion.objects.count()}",
    )
    cluster.start_web("A")


def one_beat_too_many(cluster, started):
    from outbox.models import EmailLog
    from submissions.models import ReminderStep

    def scans(name):
        text = (cluster.dir / f"{name}.log").read_text(errors="replace")
        return text.count("Sending due task deadlines-scan")

    wait_until(lambda: scans("beat") >= 1 and scans("beat2") >= 1, 150, "a scan from each beat")
    wait_until(
        lambda: not EmailLog.objects.exclude(status=EmailLog.Status.SENT).exists(),
        90,
        "every email sent",
    )
    time.sleep(2)  # let any duplicate arrive before counting
    counts = Counter(cluster.smtp.delivered)
    sent = set(EmailLog.objects.values_list("pk", flat=True))
    steps = ReminderStep.objects.count()
    keys = list(EmailLog.objects.exclude(once_key="").values_list("once_key", "recipient"))
    proved(
        "a second beat started by mistake doubles no reminder (and every email arrives once)",
        steps > 0
        and set(counts) == sent
        and set(counts.values()) == {1}
        and len(keys) == len(set(keys)),
        f"scans sent: beat {scans('beat')}, second beat {scans('beat2')}; reminder steps "
        f"{steps}, their emails {len(keys)} ({len(set(keys))} distinct); emails {len(sent)}, "
        f"delivered {sum(counts.values())}, most deliveries of one email "
        f"{max(counts.values(), default=0)}; {time.monotonic() - started:.0f} s in",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    add_cluster_arguments(
        parser, env_prefix="REHEARSAL", base_port=8270, database="registry_rehearsal"
    )
    options = parser.parse_args()
    cluster = Cluster.from_options(options)
    started = time.monotonic()
    try:
        cluster.start(log=lambda line: say(f"  {line}"))
        cluster.start_beat("beat2")  # the mistake: a second beat beside the first
        say(
            f"  up in {time.monotonic() - started:.0f} s: nginx :{cluster.port} -> web A "
            f":{cluster.web['A']}, web B :{cluster.web['B']}; 2 workers; beat (+ a second one); "
            f"PostgreSQL, Redis :{cluster.redis_port}, S3 :{cluster.s3_port}, SMTP sink "
            f":{cluster.smtp_port}"
        )
        os.environ.update(cluster.env(DJANGO_LOG_LEVEL="WARNING"))
        import django

        django.setup()
        obligations = open_obligations("director.br")
        say(f"  director.br owes {len(obligations)} obligations with nothing received yet")
        upload_on_a_download_on_b(cluster, obligations)
        dashboard_cache_across_hosts(cluster, obligations)
        worker_killed_mid_send(cluster, obligations)
        web_host_killed_mid_load(cluster, open_obligations("director.br", fresh_only=False))
        one_beat_too_many(cluster, started)
        from registry.storage import uploads_verify

        report = uploads_verify()
        proved(
            "every stored file matches its row's SHA-256 (in the bucket)",
            report.ok,
            f"{len(report.present)} files verified, {len(report.missing)} missing, "
            f"{len(report.mismatched)} differ",
        )
    except Exception as exc:
        proved("the rehearsal ran to its end", False, f"{type(exc).__name__}: {exc}")
        if not options.keep:
            say(f"  logs were in {cluster.dir}; run with --keep to keep them")
    finally:
        if "django" in sys.modules and sys.modules["django"].apps.apps.ready:
            from django.db import connections

            connections.close_all()
        cluster.stop()
    failed = [name for name, ok in results if not ok]
    say(
        f"{len(results) - len(failed)} passed, {len(failed)} failed "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
