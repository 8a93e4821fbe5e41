#!/bin/sh
# Creates a fresh demo database and serves it on 127.0.0.1.
# usage: run-demo.sh VIGIL_BINARY PORT
set -eu
bin=$1
port=${2:-8080}
db=${VIGIL_DEMO_DB:-build/demo.db}
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" --demo
exec "$bin" serve --db "$db" --listen "127.0.0.1:$port"
