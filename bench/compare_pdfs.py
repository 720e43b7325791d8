"""Render the bundled scenarios' PDF reports and compare them with a saved set: the check that a change
to the PDF code changes nothing a reader sees.

Run before a change:  python bench/compare_pdfs.py save DIR [--only N]
and after it:         python bench/compare_pdfs.py compare DIR [--only N] [--pixels K]

Every bundled scenario is rendered in English and French with `rl_config.invariant` (no dates or
random identifiers in the file). `compare` reports the files whose bytes differ; for those (and for the
K largest scenarios in any case, with --pixels) it compares the text of each page (pypdf) and the
pixels of each page rendered by `pdftoppm -r 50` (poppler-utils), allowing anti-aliasing noise only.
Not part of the test suite: it takes about a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportlab import rl_config  # noqa: E402
from scenario_cases import bundled_cases  # noqa: E402

from wizard.report.meta import ReportMeta  # noqa: E402
from wizard.report.pdf import render_pdf  # noqa: E402


def scenarios(only: int | None) -> list[tuple[str, int, bytes, bytes]]:
    """(name, size, English PDF, French PDF) of each bundled scenario, largest first; `only` keeps the
    first few."""
    rl_config.invariant = 1
    cases = sorted(bundled_cases(), key=lambda c: (-c.size[0], -c.size[1], c.name))
    out = []
    now = dt.datetime(2026, 11, 29, 10, 0)
    for case in cases[:only]:
        pdfs = []
        for lang in ("en", "fr"):
            meta = ReportMeta(reference="CMP-0001", system_name=case.title, organisation="Example SAS",
                              contact="dpo@example.org", lang=lang, created_at=now, updated_at=now)
            pdfs.append(render_pdf(case.questionnaire, case.result, case.answers.answers, case.answers.statuses, meta))
        out.append((case.name, case.size[0] * 1000 + case.size[1], pdfs[0], pdfs[1]))
    return out


def page_texts(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_pixels(pdf: bytes) -> list[bytes]:
    """Each page rendered by pdftoppm at 50 dpi, greyscale, as raw PGM bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        # poppler-utils from the PATH, on a file of our own
        subprocess.run(["pdftoppm", "-r", "50", "-gray", str(src), str(Path(tmp) / "p")], check=True)  # noqa: S603, S607
        return [p.read_bytes() for p in sorted(Path(tmp).glob("p-*.pgm"))]


def pixel_difference(a: bytes, b: bytes) -> tuple[int, int]:
    """(pixels that differ by more than 8 grey levels in 255, largest difference) of two PGM images of
    the same size; (-1, -1) when their sizes differ."""
    if len(a) != len(b):
        return -1, -1
    big = worst = 0
    for x, y in zip(a, b, strict=True):
        d = abs(x - y)
        if d > worst:
            worst = d
        if d > 8:
            big += 1
    return big, worst


def same_look(name: str, before: bytes, after: bytes) -> bool:
    """Whether two PDFs have the same pages, text and pixels (anti-aliasing noise apart); prints why not."""
    ok = True
    texts_a, texts_b = page_texts(before), page_texts(after)
    if len(texts_a) != len(texts_b):
        print(f"  {name}: {len(texts_a)} pages before, {len(texts_b)} after")
        return False
    for i, (x, y) in enumerate(zip(texts_a, texts_b, strict=True), start=1):
        if x != y:
            print(f"  {name}: the text of page {i} differs")
            ok = False
    for i, (x, y) in enumerate(zip(page_pixels(before), page_pixels(after), strict=True), start=1):
        big, worst = pixel_difference(x, y)
        if big:
            print(f"  {name}: page {i}: {big} pixels differ (up to {worst} grey levels)")
            ok = False
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("directory", type=Path)
    parser.add_argument("--only", type=int, help="the N largest scenarios only")
    parser.add_argument("--pixels", type=int, default=3,
                        help="compare text and pixels of the K largest scenarios even when the bytes agree")
    args = parser.parse_args()
    rendered = scenarios(args.only)
    if args.action == "save":
        args.directory.mkdir(parents=True, exist_ok=True)
        for name, _, en, fr in rendered:
            (args.directory / f"{name}.en.pdf").write_bytes(en)
            (args.directory / f"{name}.fr.pdf").write_bytes(fr)
        print(f"saved {2 * len(rendered)} PDFs to {args.directory}")
        return
    differ = looked = 0
    bad = False
    for rank, (name, _, en, fr) in enumerate(rendered):
        for lang, pdf in (("en", en), ("fr", fr)):
            saved = (args.directory / f"{name}.{lang}.pdf").read_bytes()
            identical = hashlib.sha256(saved).digest() == hashlib.sha256(pdf).digest()
            differ += not identical
            if not identical or rank < args.pixels:
                looked += 1
                bad |= not same_look(f"{name}.{lang}", saved, pdf)
    print(f"{2 * len(rendered)} PDFs: {differ} differ in their bytes; {looked} compared page by page "
          f"(text and pixels): {'differences found' if bad else 'same text and pixels'}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
