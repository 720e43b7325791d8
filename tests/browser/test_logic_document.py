"""The legal logic document in a real browser: it opens, the diagrams are drawn, nothing comes from elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import loaded
from click.testing import CliRunner

from wizard.cli import main
from wizard.config import ROOT


def test_docs_output_opens_with_its_diagrams_and_no_third_party_request(browser_page: Any, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    done = CliRunner().invoke(main, ["questionnaires", "docs", str(ROOT / "questionnaires"), "-o", str(out),
                                     "--lang", "en"])
    assert done.exit_code == 0, done.output
    index = out / "ai-compliance" / "en" / "index.html"
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(index.as_uri())
    assert loaded.title(page).startswith("The legal logic of the questionnaire: AI Act and GDPR self-assessment")
    flow = page.locator("#flow svg")
    assert flow.count() == 1
    box = flow.bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 500  # drawn, not an empty box
    assert page.locator("#flow svg rect").count() >= 20  # one box per section
    assert page.locator("#outcome-ai_act_tier svg title").text_content() == "AI Act risk tier"
    # its stylesheet applied (local file), and every request stayed on the local files
    assert page.locator("body.logic main").evaluate("e => getComputedStyle(e).maxWidth") != "none"
    assert requests and all(url.startswith("file://") for url in requests), requests
