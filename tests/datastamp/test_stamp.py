"""The data stamp: bumped once per committed transaction, after the commit, by itself."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

import datastamp
from datastamp.models import DataStamp
from datastamp.stamp import STAMP_PK, stamp_bump, stamp_token

pytestmark = pytest.mark.django_db(transaction=True)

OUR_APPS = {"centres", "submissions", "evaluations", "registry", "outbox"}


def version():
    return DataStamp.objects.get(pk=STAMP_PK).version


def test_many_writes_in_one_transaction_bump_once_after_the_commit():
    stamp_token()
    before = version()
    with transaction.atomic():
        stamp_bump()
        stamp_bump()
        with transaction.atomic():
            stamp_bump()
        assert version() == before  # not inside the transaction

    assert version() == before + 1


def test_a_rolled_back_transaction_does_not_stop_the_next_ones_bump():
    stamp_token()
    before = version()
    with pytest.raises(RuntimeError), transaction.atomic():
        stamp_bump()
        raise RuntimeError("rolled back")
    assert version() == before

    with transaction.atomic():
        stamp_bump()

    assert version() == before + 1


def test_outside_a_transaction_the_bump_is_at_once():
    old = stamp_token()

    stamp_bump()

    assert stamp_token() != old


def test_the_stamp_imports_nothing_of_the_registrys_apps():
    root = Path(datastamp.__file__).parent
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])

    assert not imported & OUR_APPS
