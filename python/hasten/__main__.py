"""`python -m hasten ...` is the `hasten` command."""

from hasten.cli import main

raise SystemExit(main())
