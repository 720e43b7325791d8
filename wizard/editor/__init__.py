"""Tools for questionnaire editors: diff, impact, coverage, the legal logic as a document, the preview.

Everything here except the preview's blueprint is pure or command-line code (no Flask), so that the
commands work without the web application, on a broken questionnaire too.
"""
