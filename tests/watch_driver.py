"""`lkj-excel watch ...` in a real process, with tests/office_hooks.build as the builder."""

import sys

import office_hooks

from lkj_excel.office import worker

if __name__ == "__main__":
    worker.build_job = office_hooks.build
    from lkj_excel.cli import main

    sys.argv[0] = "lkj-excel"
    sys.exit(main())
