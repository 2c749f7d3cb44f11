"""Whether a template's body can be written as Jinja renders it, with no XML parse afterwards.

docxtpl parses every rendered body (lxml, recover=True) for two things: fix_tables, which mends a
table's grid when `{%tc %}` loops or merges changed a row's cells, and fix_docpr_ids, which
renumbers pictures. On a 200-indicator report that parse and the walk over every cell cost more than
the rest of the render. Neither can change anything when the template's Jinja only repeats or drops
whole rows, paragraphs or runs, and the rows already fit their table's grid. This module proves that
from the patched template, once, so the renderer can skip the parse; anything it is not sure of
(cell-level tags, merges, pictures, nested tables, macros) keeps docxtpl's path.

The proof, over Jinja's own tokens of the patched XML:
- every block (if/for) opens and closes at the same depth of XML elements, and each branch stays
  inside it: any number of iterations or any branch leaves the XML well formed;
- no block sits directly inside a w:tr, w:tblGrid or w:tcPr, and no tag inside an XML tag: a row's
  cells and the grid are the template's;
- every row of every table spans exactly its table's grid, and each table keeps one row that no
  block inside the table can drop (fix_tables trims the grid of a table with no full row);
- no table in a table (fix_tables counts a nested table's rows for the outer one), no w:docPr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARKUP = re.compile(r"<([^<>]*)>")
_SPAN = re.compile(r'\bw:val="(\d+)"')
_BLOCK_OPEN = {"if", "for"}
_BRANCH = {"elif", "else"}
_BLOCK_CLOSE = {"endif", "endfor"}
_NO_BLOCK_INSIDE = {"w:tr", "w:tblGrid", "w:tcPr"}


class _NotPlain(Exception):
    pass


@dataclass
class _Table:
    depth: int  # len(stack) once the w:tbl is open
    grid: int = 0
    full_row: bool = False  # a row no block inside the table can drop


@dataclass
class _Scan:
    stack: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # XML depth at each open block
    table: _Table | None = None
    row_span: int = 0
    row_fixed: bool = False


def plain_body(source: str, env) -> bool:
    """True when rendering `source` (a docxtpl-patched w:body) can need neither fix_tables nor
    fix_docpr_ids, and always gives well-formed XML."""
    if "docPr" in source or not source.startswith("<w:body"):
        return False
    scan = _Scan()
    try:
        stream = env.lexer.tokenize(source)
        for token in stream:
            if token.type == "data":
                _markup(scan, token.value)
            elif token.type == "block_begin":
                name = next(stream)
                rest = []
                while True:
                    t = next(stream)
                    if t.type == "block_end":
                        break
                    rest.append(t.type)
                _block(scan, name.value if name.type == "name" else "", rest)
    except _NotPlain:
        return False
    except Exception:  # a template Jinja cannot lex has failed to compile already; be safe anyway
        return False
    return not scan.stack and not scan.blocks


def _block(scan: _Scan, name: str, rest: list[str]) -> None:
    depth = len(scan.stack)
    if name in _BLOCK_OPEN:
        if scan.stack and scan.stack[-1] in _NO_BLOCK_INSIDE:
            raise _NotPlain
        scan.blocks.append(depth)
    elif name in _BRANCH or name in _BLOCK_CLOSE:
        if not scan.blocks or scan.blocks[-1] != depth:
            raise _NotPlain
        if name in _BLOCK_CLOSE:
            scan.blocks.pop()
    elif not (name == "set" and "assign" in rest):  # `{% set x = ... %}` prints nothing
        raise _NotPlain


def _markup(scan: _Scan, data: str) -> None:
    tags = _MARKUP.findall(data)
    if data.count("<") != len(tags) or data.count(">") != len(tags):
        raise _NotPlain  # an XML tag cut by a Jinja tag, or markup lxml would not write
    for tag in tags:
        if tag.startswith(("!", "?")):
            raise _NotPlain
        if tag.startswith("/"):
            _close(scan, tag[1:].strip())
        else:
            _open(scan, tag)


def _open(scan: _Scan, tag: str) -> None:
    empty = tag.endswith("/")
    name = tag.rstrip("/").split(None, 1)[0] if tag.rstrip("/") else ""
    stack = scan.stack
    parent = stack[-1] if stack else ""
    if name == "w:tbl":
        if scan.table is not None:
            raise _NotPlain
        scan.table = _Table(depth=len(stack) + 1)
    elif scan.table is not None:
        if name == "w:gridCol" and parent == "w:tblGrid" and len(stack) == scan.table.depth + 1:
            scan.table.grid += 1
        elif name == "w:tr" and parent == "w:tbl":
            scan.row_span = 0
            scan.row_fixed = not any(b >= scan.table.depth for b in scan.blocks)
        elif name == "w:tc" and parent == "w:tr":
            scan.row_span += 1
        elif name == "w:gridSpan" and parent == "w:tcPr" and stack[-2:-1] == ["w:tc"] and stack[-3:-2] == ["w:tr"]:
            span = _SPAN.search(tag)
            if not span:
                raise _NotPlain
            scan.row_span += int(span.group(1)) - 1
    if not empty:
        stack.append(name)


def _close(scan: _Scan, name: str) -> None:
    stack = scan.stack
    if not stack or stack[-1] != name or (scan.blocks and len(stack) - 1 < scan.blocks[-1]):
        raise _NotPlain
    stack.pop()
    table = scan.table
    if table is None:
        return
    if name == "w:tr" and len(stack) == table.depth:
        if scan.row_span != table.grid:
            raise _NotPlain
        table.full_row = table.full_row or scan.row_fixed
    elif name == "w:tbl" and len(stack) == table.depth - 1:
        if not table.full_row:
            raise _NotPlain
        scan.table = None
