"""The instructor's grading process and its workers: decides grades; no kernel imports it (the sandbox hides it)."""
