#!/bin/sh
# Fails on C calls we do not allow: they have no bound, or hide errors.
set -eu
cd "$(dirname "$0")/.."
pattern='\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok|strncpy)[[:space:]]*\('
if grep -rnE "$pattern" src tests --include='*.c' --include='*.h'; then
	echo "lint: banned call above (use buf_*, snprintf, strtol, strtok_r)" >&2
	exit 1
fi
echo "lint: ok"
