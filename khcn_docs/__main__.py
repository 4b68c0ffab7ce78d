"""``python -m khcn_docs`` runs the command line."""

from khcn_docs.cli import main

main()
