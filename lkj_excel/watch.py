"""The drop folder's public entry points; the pieces are in lkj_excel/office/."""

from .office import (Layout, WatchError, WatchOptions, WatchStatus, WatchSummary, format_status, is_ignored,
                     read_status, watch)

__all__ = ["Layout", "WatchError", "WatchOptions", "WatchStatus", "WatchSummary", "format_status", "is_ignored",
           "read_status", "watch"]
