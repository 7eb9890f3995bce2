"""`python -m allyhub` runs the command line."""

from allyhub.cli.main import run

run()
