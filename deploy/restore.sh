#!/bin/sh
# Restore a dump made by deploy/backup.sh into a NEW, empty database (never over a live one).
#
#   createdb -O wizard wizard_restored
#   deploy/restore.sh /var/backups/wizard/wizard-20261202T030000Z.dump postgresql://wizard@db/wizard_restored
#
# All or nothing (one transaction). Then point DATABASE_URL at it, run `flask --app wizard db upgrade`
# (a no-op unless the code is newer than the dump) and check /healthz.
set -eu
file="${1:?give the dump file}"
url="${2:?give the URL of the new, empty database}"
url=$(printf '%s' "$url" | sed -E 's#^postgres(ql)?(\+[a-z0-9]+)?://#postgresql://#')
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$file"
echo "restored $file"
