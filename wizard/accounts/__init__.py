"""Accounts of advisors, editors and admins: sign-in, roles, and the one access choke point.

Respondents have no account; their assessments are reached by secret links (``wizard/web/access.py``).
``policy`` declares who may reach each blueprint; ``setup.init_app`` binds it all. See docs/accounts.md.
"""
