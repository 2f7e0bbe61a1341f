"""``python -m e2e``: the ``e2e`` command."""

from e2e.cli import main

raise SystemExit(main())
