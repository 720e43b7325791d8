"""Backups: deploy/backup.sh dumps the PostgreSQL database, deploy/restore.sh restores it into a fresh
database, and the restored copy serves the same assessments (answers, versions, migrations)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import make_app, postgres_url
from wizard import assessments
from wizard.extensions import db

from .helpers import BASICS, USAGE, Respondent

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("assessment", "answer", "obligation_status", "questionnaire_snapshot", "alembic_version")


def table_contents(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {table: [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]  # noqa: S608
                    for table in TABLES}
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_backup_restores_into_a_fresh_database(tmp_path: Path) -> None:
    source = postgres_url()
    app = make_app(source)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.drop_all()
        upgrade(directory=str(ROOT / "migrations"))
        db.session.remove()
    respondent = Respondent(app.test_client())
    reference = respondent.start()
    respondent.answer(reference, "basics", BASICS)
    respondent.answer(reference, "usage", USAGE)
    token = respondent.get(f"/assessments/{reference}/link") and respondent.secret_link().rsplit("/", 1)[-1]

    dump = subprocess.run(["sh", str(ROOT / "deploy" / "backup.sh"), source, str(tmp_path / "backups")],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert Path(dump).is_file() and Path(dump).stat().st_mode & 0o077 == 0   # confidential: owner only

    target = make_url(source).set(database=f"{make_url(source).database}_restore")
    admin = create_engine(make_url(source).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
        target_url = target.render_as_string(hide_password=False)
        subprocess.run(["sh", str(ROOT / "deploy" / "restore.sh"), dump, target_url], capture_output=True,
                       text=True, check=True)
        assert table_contents(target_url) == table_contents(source)
        restored = make_app(target_url)
        with restored.app_context():
            found = assessments.find_by_token(token)
            assert found is not None and found.reference == reference
            assert assessments.answers_of(found)["purpose"] == BASICS["purpose"]
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        admin.dispose()
        with app.app_context():
            db.session.remove()
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.engine.dispose()


def test_backup_keeps_only_the_newest_dumps(tmp_path: Path) -> None:
    """Old dumps are pruned to WIZARD_BACKUP_KEEP (pg_dump replaced by a stub that writes a file)."""
    backups = tmp_path / "backups"
    backups.mkdir()
    for day in range(1, 6):
        (backups / f"wizard-2026110{day}T030000Z.dump").write_bytes(b"old")
        subprocess.run(["touch", "-d", f"2026-11-0{day}", str(backups / f"wizard-2026110{day}T030000Z.dump")],
                       check=True)
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "pg_dump").write_text('#!/bin/sh\nfor a; do case "$a" in --file=*) echo dump > "${a#--file=}";; '
                                  'esac; done\n')
    (stub / "pg_dump").chmod(0o755)
    env = {"PATH": f"{stub}:/usr/bin:/bin", "WIZARD_BACKUP_KEEP": "3"}
    new = subprocess.run(["sh", str(ROOT / "deploy" / "backup.sh"), "postgresql+psycopg://u@h/db", str(backups)],
                         capture_output=True, text=True, check=True, env=env).stdout.strip()
    kept = sorted(p.name for p in backups.iterdir())
    assert Path(new).name in kept and len(kept) == 3
    assert kept[:2] == ["wizard-20261104T030000Z.dump", "wizard-20261105T030000Z.dump"]
