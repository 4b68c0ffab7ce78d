"""Tests of the ND30 checker (khcn_docs.checks)."""
