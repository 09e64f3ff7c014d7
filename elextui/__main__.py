"""`python -m elextui` runs the command line."""

from elextui.cli import main

raise SystemExit(main())
