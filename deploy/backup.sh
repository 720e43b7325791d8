#!/bin/sh
# Back up the wizard's PostgreSQL database: a compressed pg_dump (custom format) in a dated file.
#
#   deploy/backup.sh [DATABASE_URL] [DIRECTORY]        (defaults: $DATABASE_URL, /var/backups/wizard)
#
# Keeps the newest $WIZARD_BACKUP_KEEP dumps (default 14) and prints the new file's path. The dump holds
# every assessment and answer: it is confidential (files are created mode 0600). Restore with
# deploy/restore.sh; see docs/deploy.md ("Backups") for what else to keep (SECRET_KEY).
set -eu
url="${1:-${DATABASE_URL:?give a database URL or set DATABASE_URL}}"
dir="${2:-/var/backups/wizard}"
keep="${WIZARD_BACKUP_KEEP:-14}"
# SQLAlchemy URLs (postgresql+psycopg://, postgres://) to the libpq form pg_dump reads
url=$(printf '%s' "$url" | sed -E 's#^postgres(ql)?(\+[a-z0-9]+)?://#postgresql://#')
umask 077
mkdir -p "$dir"
file="$dir/wizard-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" "$url"
mv "$file.partial" "$file"
# the newest $keep dumps stay; older ones go
ls -1t "$dir"/wizard-*.dump | tail -n "+$((keep + 1))" | while read -r old; do rm -f -- "$old"; done
echo "$file"
