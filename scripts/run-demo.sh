#!/bin/sh
# Creates a fresh demo database and serves it on 127.0.0.1.
# usage: run-demo.sh VIGIL_BINARY PORT
set -eu
bin=$1
port=${2:-8080}
db=${VIGIL_DEMO_DB:-build/demo.db}
rm -f "$db" "$db-wal" "$db-shm" "$db.key"
"$bin" init --db "$db" --demo

# One account per role, each with a random password made by `vigil user
# add` and shown only here, once.
accounts=""
for role in viewer contributor editor admin; do
	line=$("$bin" user add "demo-$role" --role "$role" --db "$db")
	accounts="$accounts
  $line  (role: $role)"
done
cat <<MSG

vigil demo: http://127.0.0.1:$port/ — sign in with one of these accounts
(the passwords are not stored anywhere else; note them now):
$accounts

The admin account must enrol an authenticator app at its first sign-in
(the page shows the key as text). The public view of the same casebook is
'$bin serve --public --db $db --listen 127.0.0.1:PORT'.

MSG
exec "$bin" serve --db "$db" --listen "127.0.0.1:$port"
