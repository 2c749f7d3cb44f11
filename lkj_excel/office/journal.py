"""The drop-folder journal: one SQLite row per input file, recording how far its handling got.

The watcher writes a row *before* each step whose effect it cannot undo (moving a file, sending an
email) and updates it *after* the effect is durable, so a restart after ``kill -9`` can tell, for
every file, which steps are done and finish the rest without repeating any of them.

States of a job (``state``):

- ``claiming``: the row exists; the input may still be in the inbox or already in the work area.
- ``claimed``: the input is in the work area (``.lkj-excel/kerja/<id>/<archive>/<work_name>``), hashed;
  it needs a build. ``work_name`` is also the name reserved for it in the archive (fitted to the
  path limit, numbered past names already taken), so the finished workbook's Validasi links, which
  point at ``../<archive>/<work_name>``, lead to this workbook's own original.
- ``built``: the build's artifacts (finished workbook or findings note, and beside them the LKj
  document and its PDF, or the marked copy of a refused file) are in the work area and hashed; what is left is moving files to their public folders (``*_target`` columns record each
  move's chosen name before the move happens).
- ``done``: every file is where it belongs; the work directory is gone.

Mail, for finished workbooks only (``mail_state``): ``pending`` (with ``mail_attempts`` and
``mail_next``) -> ``sending`` -> ``sent``; a transient failure goes back to ``pending`` with a later
``mail_next``, a permanent one to ``failed``. ``off`` and ``no-recipients`` record why no mail was
due. A row left in ``sending`` by a crash is sent again with the same Message-ID.

The journal lives on the machine's local disk (see layout.py), never on the share. The rollback
journal (not WAL) is kept anyway: ``--status`` reads while the watcher writes, and a rollback journal
needs no shared memory. Only the watcher process writes; ``--status`` only reads. ``user_version``
holds the schema version: an older journal is upgraded on open, a newer one is refused.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterator

SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    sha256 TEXT,
    size INTEGER,
    state TEXT NOT NULL,
    dirs TEXT,
    result TEXT,
    detail TEXT,
    crashes INTEGER NOT NULL DEFAULT 0,
    out_name TEXT,
    out_sha TEXT,
    out_target TEXT,
    orig_target TEXT,
    note_name TEXT,
    note_sha TEXT,
    note_target TEXT,
    mail_state TEXT,
    mail_to TEXT,
    mail_subject TEXT,
    mail_body TEXT,
    mail_id TEXT,
    mail_attempts INTEGER NOT NULL DEFAULT 0,
    mail_next REAL,
    mail_error TEXT,
    mail_sent_at REAL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    finished REAL,
    work_name TEXT,
    doc_name TEXT,
    doc_sha TEXT,
    doc_target TEXT,
    pdf_name TEXT,
    pdf_sha TEXT,
    pdf_target TEXT,
    marked_name TEXT,
    marked_sha TEXT,
    marked_target TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_content ON jobs (sha256, name);
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state);
CREATE INDEX IF NOT EXISTS jobs_by_mail ON jobs (mail_state, mail_next);
"""

# Version 1 -> 2: the work-area copy got its own (fitted) name, reserved in the archive as well.
# Version 2 -> 3: the outputs beside the workbook or the note (the LKj document, its PDF, the marked
# copy of a refused file), each with the name, hash and chosen public name a workbook has.
_EXTRA_OUTPUTS = ("doc", "pdf", "marked")
_ADDED = {2: ("work_name",), 3: tuple(f"{kind}_{what}" for kind in _EXTRA_OUTPUTS
                                      for what in ("name", "sha", "target"))}
_UPGRADES = {version - 1: tuple(f"ALTER TABLE jobs ADD COLUMN {column} TEXT" for column in columns)
             for version, columns in _ADDED.items()}

UNFINISHED = ("claiming", "claimed", "built")


class JournalError(Exception):
    """The journal cannot be opened or written (Indonesian message)."""


@dataclass
class Job:
    id: int
    name: str
    sha256: str | None
    size: int | None
    state: str
    dirs: str | None  # JSON: the folder names used inside the job's work directory
    result: str | None
    detail: str | None
    crashes: int
    out_name: str | None
    out_sha: str | None
    out_target: str | None
    orig_target: str | None
    note_name: str | None
    note_sha: str | None
    note_target: str | None
    mail_state: str | None
    mail_to: str | None
    mail_subject: str | None
    mail_body: str | None
    mail_id: str | None
    mail_attempts: int
    mail_next: float | None
    mail_error: str | None
    mail_sent_at: float | None
    created: float
    updated: float
    finished: float | None
    work_name: str | None = None  # None in rows from version 1: the work copy kept the input's name
    # Version 3 (None in older rows, and when the output was not made): see _ADDED.
    doc_name: str | None = None
    doc_sha: str | None = None
    doc_target: str | None = None
    pdf_name: str | None = None
    pdf_sha: str | None = None
    pdf_target: str | None = None
    marked_name: str | None = None
    marked_sha: str | None = None
    marked_target: str | None = None

    @property
    def work_file(self) -> str:
        return self.work_name or self.name

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.detail) if self.detail else {}

    @property
    def recipients(self) -> list[str]:
        return json.loads(self.mail_to) if self.mail_to else []


_COLUMNS = tuple(f.name for f in fields(Job))


class Journal:
    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = Path(path)
        try:
            if readonly:
                # query_only rather than a mode=ro URI: URIs cannot name a UNC path (\\server\share).
                self._db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
                self._db.execute("PRAGMA query_only=1")
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
                # FULL: a state change is on disk before the file operation it allows.
                self._db.execute("PRAGMA synchronous=FULL")
                self._db.execute("PRAGMA journal_mode=DELETE")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                self._db.close()
                raise JournalError(f"Jurnal {self.path} dibuat oleh versi lkj-excel yang lebih baru (skema {version}, "
                                   f"versi ini mengenal skema {SCHEMA_VERSION}); perbarui lkj-excel.")
            if not readonly:
                self._upgrade(version)
        except sqlite3.Error as exc:
            raise JournalError(f"Jurnal {self.path} tidak dapat dibuka: {exc}.") from None
        self._db.row_factory = sqlite3.Row
        self.version = SCHEMA_VERSION if not readonly else version

    def _upgrade(self, version: int) -> None:
        if version == 0:
            self._db.executescript(_SCHEMA)
        else:
            self._db.execute("BEGIN IMMEDIATE")
            for step in range(version, SCHEMA_VERSION):
                for sql in _UPGRADES[step]:
                    self._db.execute(sql)
            self._db.execute("COMMIT")
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writes (each one a committed transaction) ----------------------------------------------

    def _write(self, sql: str, params: tuple | dict) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise JournalError(f"Jurnal {self.path} tidak dapat ditulis: {exc}.") from None

    def new_job(self, name: str, dirs: str | None = None, work_name: str | None = None) -> int:
        now = time.time()
        cur = self._write("INSERT INTO jobs (name, state, dirs, work_name, created, updated) "
                          "VALUES (?, 'claiming', ?, ?, ?, ?)", (name, dirs, work_name, now, now))
        return int(cur.lastrowid)

    def update(self, job_id: int, **values: Any) -> None:
        unknown = set(values) - set(_COLUMNS)
        if unknown:
            raise ValueError(f"unknown journal columns: {sorted(unknown)}")
        values["updated"] = time.time()
        assignments = ", ".join(f"{key} = :{key}" for key in values)
        self._write(f"UPDATE jobs SET {assignments} WHERE id = :id", {**values, "id": job_id})

    def delete(self, job_id: int) -> None:
        self._write("DELETE FROM jobs WHERE id = ?", (job_id,))

    # -- reads ----------------------------------------------------------------------------------

    def _jobs(self, where: str, params: tuple = ()) -> list[Job]:
        # A read-only look at an older journal has none of the later versions' columns yet.
        missing = {c for version, added in _ADDED.items() if version > self.version for c in added}
        columns = [c for c in _COLUMNS if c not in missing]
        try:
            rows = self._db.execute(f"SELECT {', '.join(columns)} FROM jobs {where}", params).fetchall()
        except sqlite3.Error as exc:
            raise JournalError(f"Jurnal {self.path} tidak dapat dibaca: {exc}.") from None
        return [Job(**dict(row)) for row in rows]

    def get(self, job_id: int) -> Job | None:
        found = self._jobs("WHERE id = ?", (job_id,))
        return found[0] if found else None

    def unfinished(self) -> list[Job]:
        return self._jobs(f"WHERE state IN ({', '.join('?' * len(UNFINISHED))}) ORDER BY id", UNFINISHED)

    def finished_ok_like(self, sha256: str, name: str) -> list[Job]:
        return self._jobs("WHERE state = 'done' AND result = 'ok' AND sha256 = ? AND name = ? ORDER BY id DESC",
                          (sha256, name))

    def mails(self, *states: str) -> list[Job]:
        return self._jobs(f"WHERE mail_state IN ({', '.join('?' * len(states))}) ORDER BY mail_next, id", states)

    def due_mails(self, now: float) -> list[Job]:
        return self._jobs("WHERE mail_state = 'pending' AND mail_next <= ? ORDER BY mail_next, id", (now,))

    def next_mail_time(self) -> float | None:
        row = self._db.execute("SELECT MIN(mail_next) FROM jobs WHERE mail_state = 'pending'").fetchone()
        return row[0]

    def all_jobs(self) -> Iterator[Job]:
        yield from self._jobs("ORDER BY id")

    def counts(self) -> dict[str, dict[str, int]]:
        """{'state': {...}, 'result': {...}, 'mail': {...}} over all rows."""
        out: dict[str, dict[str, int]] = {"state": {}, "result": {}, "mail": {}}
        queries = {
            "state": "SELECT state, COUNT(*) FROM jobs GROUP BY state",
            "result": "SELECT result, COUNT(*) FROM jobs WHERE state = 'done' GROUP BY result",
            "mail": "SELECT mail_state, COUNT(*) FROM jobs WHERE mail_state IS NOT NULL GROUP BY mail_state",
        }
        try:
            for key, sql in queries.items():
                out[key] = {str(k): int(n) for k, n in self._db.execute(sql).fetchall()}
        except sqlite3.Error as exc:
            raise JournalError(f"Jurnal {self.path} tidak dapat dibaca: {exc}.") from None
        return out
