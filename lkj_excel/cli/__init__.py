"""The `lkj-excel` command: each subcommand parses its options, calls one library function, and turns
its errors into an Indonesian message and an exit code.

Exit codes: 0 done; 1 the input has validation errors; 2 the input cannot be read, or bad usage.
Heavy modules (pandas, xlsxwriter) are imported inside the commands that need them.
"""

from .app import cli, main
from .base import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE

__all__ = ["cli", "main", "EXIT_OK", "EXIT_INVALID", "EXIT_UNREADABLE"]
