#!/usr/bin/env bash
# Re-extract interface strings, merge them into the French catalogue, compile it.
# Translate new (empty) entries in fr/LC_MESSAGES/messages.po, then run this again.
# The creation dates are pinned so that two branches adding strings do not conflict on them.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
    --project ai-compliance-wizard --width 100 -o translations/messages.pot wizard templates
pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --width 100
sed -i 's/^"POT-Creation-Date: .*\\n"$/"POT-Creation-Date: 2026-01-01 00:00+0000\\n"/' \
    translations/messages.pot translations/fr/LC_MESSAGES/messages.po
pybabel compile -d translations
