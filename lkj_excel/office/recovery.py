"""After a crash or kill: finish what the journal says was under way, and put back anything in the
work area that no unfinished job owns."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Callable

from ..fileops import file_sha256, rename_noreplace
from .journal import Job, Journal
from .layout import Layout
from .moves import fitted, remove_empty_tree


def job_dirs(job: Job | None, layout: Layout) -> tuple[str, str, str, str]:
    """The folder names inside a job's work directory, as configured when it was claimed: the config
    may change between a crash and the restart."""
    if job is not None and job.dirs:
        return tuple(json.loads(job.dirs))
    return layout.names


def claimed_original(layout: Layout, job: Job) -> Path:
    return layout.work / str(job.id) / job_dirs(job, layout)[2] / job.work_file


def sweep_orphans(layout: Layout, journal: Journal, live: set[str], say: Callable[..., None]) -> None:
    """Work directories no unfinished job owns: an original found there goes back to masuk,
    anything else there is a leftover of ours."""
    try:
        entries = list(layout.work.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name in live or not entry.is_dir():
            continue
        owner = journal.get(int(entry.name)) if entry.name.isdigit() else None
        dirs = job_dirs(owner, layout)
        originals = entry / dirs[2]
        if originals.is_dir():
            for item in originals.iterdir():
                if item.is_file():
                    _return_to_inbox(layout, item, say)
        for folder in (entry / dirs[1], entry / dirs[3]):
            if folder.is_dir():
                for item in folder.iterdir():
                    if item.is_file():
                        item.unlink()
        remove_empty_tree(entry)


def _return_to_inbox(layout: Layout, item: Path, say: Callable[..., None]) -> None:
    for candidate in fitted(item.name, layout.inbox, fallback="isian" + item.suffix[:8]):
        try:
            rename_noreplace(item, layout.inbox / candidate)
        except FileExistsError:
            continue
        except OSError as exc:
            say(f"Berkas {item} di area kerja belum dapat dikembalikan ke folder masuk ({exc.strerror or exc}); "
                "dicoba lagi saat dijalankan berikutnya.", logging.WARNING)
            return
        say(f"Berkas {item.name} ditemukan di area kerja tanpa catatan jurnal; "
            f"dikembalikan ke folder masuk sebagai {candidate}.", logging.WARNING)
        return


def unclaim_or_hash(layout: Layout, journal: Journal, job: Job) -> bool:
    """A job left in `claiming`: True (and now `claimed`) when its file reached the work area; else
    the move out of masuk never happened and the row is dropped."""
    original = claimed_original(layout, job)
    if original.is_file():
        sha, size = file_sha256(original)
        journal.update(job.id, state="claimed", sha256=sha, size=size)
        job.state, job.sha256, job.size = "claimed", sha, size
        return True
    journal.delete(job.id)
    remove_empty_tree(layout.work / str(job.id))
    return False
