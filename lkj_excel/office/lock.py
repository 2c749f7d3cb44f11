"""One watcher per drop folder: a lock on this machine's disk, and a second one in ROOT that keeps a
watcher on another PC off the same share (best effort: some shares cannot lock at all).

filelock's platform classes (fcntl.flock, msvcrt.locking) are used, never its soft lock: a soft lock
is a file's existence, which a kill -9 would leave behind and so stop every later start.
"""

from __future__ import annotations

import os
from pathlib import Path

import filelock

_PlatformLock = filelock.WindowsFileLock if os.name == "nt" else filelock.UnixFileLock

# A `--status` probe holds the lock for an instant; a starting watcher waits this long for it
# rather than taking the probe for another watcher.
START_WAIT = 3.0


class Held(Exception):
    """Another watcher holds the lock."""


class WatchLock:
    def __init__(self, local: Path, shared: Path):
        self._local = _PlatformLock(str(local), timeout=START_WAIT)
        self._shared = _PlatformLock(str(shared), timeout=START_WAIT)
        self.local_path, self.shared_path = local, shared
        self.shared_unsupported = False

    def acquire(self) -> None:
        """Raises Held when another watcher has either lock."""
        self.local_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._local.acquire()
        except filelock.Timeout:
            raise Held() from None
        try:
            self._shared.acquire()
        except filelock.Timeout:
            self._local.release()
            raise Held() from None
        except (OSError, NotImplementedError):
            # A share without byte-range locks: running unguarded beats not running.
            self.shared_unsupported = True

    def release(self) -> None:
        if self._shared.is_locked:
            self._shared.release()
        if self._local.is_locked:
            self._local.release()


def is_held(path: Path) -> bool:
    """Whether a watcher holds the lock at `path` now; never waits, so it cannot hold up a watcher
    that is starting for longer than the instant of the probe."""
    if not path.exists():
        return False
    probe = _PlatformLock(str(path), timeout=0)
    try:
        probe.acquire()
    except filelock.Timeout:
        return True
    except (OSError, NotImplementedError):
        return False
    probe.release()
    return False
