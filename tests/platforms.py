"""Which system the tests run on, for skips that must name it: Wine is not Windows
(../shared/windows/README.md lists where they differ), so a Wine-only skip must never fire on Windows."""

from __future__ import annotations

import os


def _under_wine() -> bool:
    if os.name != "nt":
        return False
    import ctypes

    try:
        # Wine's ntdll exports its version; Windows' never has.
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except OSError:
        return False


WINE = _under_wine()
