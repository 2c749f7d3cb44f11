"""Email addresses as staff type them (pure: no I/O). Part of the core because the template's
Email Penerima cell is read by the contract, and the mail edge uses the same rules."""

from __future__ import annotations

import re
import unicodedata
from email.utils import getaddresses
from typing import Iterable

__all__ = ["AddressError", "has_line_break", "parse_addresses", "show"]

# Dot-atom local part and a dotted hostname. Stricter than RFC 5322 on purpose: quoted local
# parts, IP literals and non-ASCII addresses are never what a government office means to type,
# and they would only fail later at the server (or need SMTPUTF8, which many servers lack).
_ADDR_SPEC = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


class AddressError(ValueError):
    """Indonesian message naming the text that is not an address."""


def show(text: str, limit: int = 120) -> str:
    # Control characters are shown escaped so an injected CR/LF cannot break the error line itself.
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"


def has_line_break(text: str) -> bool:
    return any(
        unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch != "\t" for ch in text
    )


def _plain_address(piece: str) -> str | None:
    text = piece.strip()
    parsed = getaddresses([text])
    if len(parsed) != 1:
        return None
    name, addr = parsed[0]
    if not addr or addr.count("@") != 1 or any(ch.isspace() for ch in addr):
        return None
    if not _ADDR_SPEC.fullmatch(addr):
        return None
    # Python 3.11's parser quietly repairs junk ('a@x.id b@y.id', 'x <a@x.id> y'), picking one
    # address out of it; only the two shapes people really paste are accepted.
    if text != addr and not text.endswith(f"<{addr}>"):
        return None
    if name and any(ch in name for ch in "<>@") and name.strip("'\" ").lower() != addr.lower():
        return None
    return addr


def parse_addresses(raw: str | Iterable[str], label: str | None = None) -> tuple[str, ...]:
    """Plain addr-specs from comma/semicolon separated text (or an iterable of such texts).

    ``Nama <alamat@instansi.go.id>`` is accepted and reduced to the address; empty pieces are
    skipped and duplicates (case-insensitive) dropped, keeping the first spelling. Anything else
    -- CR/LF, two addresses in one piece, spaces, non-ASCII -- raises ``AddressError`` naming it.
    """
    # With a label the message reads "Pengaturan smtp.from: alamat email ...", without one it
    # must still start with a capital letter.
    prefix = f"{label}: " if label else ""

    def fail(text: str) -> AddressError:
        return AddressError(prefix + text if prefix else text[0].upper() + text[1:])

    items = [raw] if isinstance(raw, str) else list(raw)
    found: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise fail(f"alamat email harus berupa teks, bukan {show(repr(item))}.")
        if has_line_break(item):
            raise fail(
                f"alamat email {show(item)} mengandung baris baru (CR/LF) atau karakter "
                "kendali dan ditolak demi keamanan."
            )
        for piece in re.split(r"[,;]", item):
            if not piece.strip():
                continue
            addr = _plain_address(piece)
            if addr is None:
                raise fail(
                    f"alamat email tidak sah: {show(piece.strip())}. Tulis satu alamat "
                    "seperti nama@instansi.go.id; pisahkan beberapa alamat dengan koma."
                )
            key = addr.lower()
            if key not in seen:
                seen.add(key)
                found.append(addr)
    return tuple(found)
