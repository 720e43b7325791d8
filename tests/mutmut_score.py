"""Python mutation score per package, from mutmut's results (not a test: run it after `mutmut run`).

    mutmut run --max-children 2                      # every mutant (about 4,300: close to an hour)
    mutmut run --max-children 2 $(python tests/mutmut_score.py names --every 5)   # a fifth, ~10 min
    python tests/mutmut_score.py score [--every 5]   # killed / checked, per package and in all

A mutant counts as killed when a test failed (or timed out, or the type checker caught it); one with
no test that reaches it counts as survived. The sample keeps mutants whose number is a multiple of
``--every``, so the same command on another commit draws the same mutants of unchanged functions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 24, 36, 37, 152, 255, -24}
PACKAGES = ("wizard/engine", "wizard/conditions", "wizard/report/integrity.py")


def _results(root: Path) -> dict[str, dict[str, int | None]]:
    """Exit code by mutant name, per source file (mutmut's .meta files under mutants/)."""
    out: dict[str, dict[str, int | None]] = {}
    for meta in sorted(root.glob("mutants/wizard/**/*.py.meta")):
        source = str(meta.relative_to(root / "mutants")).removesuffix(".meta")
        out[source] = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
    return out


def names(root: Path, every: int) -> list[str]:
    """The mutants whose number is a multiple of ``every`` (mutmut has generated them)."""
    return [name for codes in _results(root).values() for name in codes if _sampled(name, every)]


def _sampled(name: str, every: int) -> bool:
    number = name.rsplit("_", 1)[-1]
    return number.isdigit() and int(number) % every == 0


def score(root: Path, every: int = 1) -> list[str]:
    """Lines 'package: killed/checked (percent)' per package and in all, over the sample's checked mutants."""
    tally: dict[str, Counter[str]] = {p: Counter() for p in PACKAGES}
    for source, codes in _results(root).items():
        package = next((p for p in PACKAGES if source == p or source.startswith(p + "/")), None)
        if package is None:
            continue
        for name, code in codes.items():
            if code is None or code == 34 or not _sampled(name, every):  # not run, skipped, or not drawn
                continue
            tally[package]["checked"] += 1
            tally[package]["killed"] += code in KILLED
    lines = []
    total = Counter[str]()
    for package, counts in tally.items():
        total.update(counts)
        lines.append(_line(package, counts))
    lines.append(_line("all", total))
    return lines


def _line(name: str, counts: Counter[str]) -> str:
    checked, killed = counts["checked"], counts["killed"]
    percent = 100.0 * killed / checked if checked else 0.0
    return f"{name}: {killed}/{checked} killed ({percent:.1f}%)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=("names", "score"))
    parser.add_argument("--every", type=int, default=1, help="keep mutants numbered a multiple of this")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the folder mutmut ran in")
    args = parser.parse_args(argv)
    if args.command == "names":
        print(" ".join(names(args.root, args.every)))
    else:
        print("\n".join(score(args.root, args.every)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
