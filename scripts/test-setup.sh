#!/bin/sh
# Prepares what the non-C tests need (browser tooling); quiet when present.
set -eu
cd "$(dirname "$0")/.."
for f in scripts/test-setup.d/*.sh; do
	[ -e "$f" ] || continue
	sh "$f"
done
