"""Fixtures for the engine's tests: the demo questionnaire and a helper to write YAML files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wizard.questionnaire import Questionnaire, load_questionnaire

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def demo() -> Questionnaire:
    """The demo questionnaire, which uses every feature of the format."""
    return load_questionnaire(FIXTURES / "good" / "demo.yaml")


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file under a temporary folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write
