"""Report renderers: PDF, Markdown, CSV action plan, JSON and the CNIL PIA export.

Pure functions of a questionnaire, an engine result, the answers and a `ReportMeta`; nothing here
imports Flask.
"""
