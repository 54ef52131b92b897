"""`python -m paperkg`: the same command line as the `paperkg` script."""

from paperkg.cli import main

main()
