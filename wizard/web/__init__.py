"""The web interface: blueprints per audience, security headers, error pages, template helpers."""

from __future__ import annotations

from flask import Blueprint

from . import health, home, result, steps, upgrade

#: Blueprints of the respondent's wizard; other packages append theirs in create_app.
BLUEPRINTS: list[Blueprint] = [home.bp, steps.bp, result.bp, health.bp, upgrade.bp]
