#!/bin/sh
# Matches the benchmark's queries with PostgreSQL 15 and pg_trgm: a GiST
# trigram index and a KNN top-10 (ORDER BY name <-> query LIMIT 10), on a
# throw-away cluster listening on 127.0.0.1 only.
#
# usage: pg_trgm.sh WORKDIR NAMES.tsv QUERIES.tsv LABEL
# writes WORKDIR/LABEL.results.tsv (qid, id, rank) and prints
# 'LABEL load_s X index_s Y median_ms M mean_ms A backend_rss_kb R index_mb I'.
set -eu

work=$1 names=$2 queries=$3 label=$4
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data="$work/pg-$label"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# PostgreSQL refuses to run as root: run it as the postgres account then.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

mkdir -p "$data"
chmod 755 "$work"
[ "$(id -u)" -eq 0 ] && chown postgres "$data" "$work"
as_pg "$pgbin/initdb" -D "$data" -U bench -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$data" -w -l "$data/log" \
	-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c shared_buffers=512MB -c fsync=off" \
	start >/dev/null
stop() { as_pg "$pgbin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true; }
trap stop EXIT

psql_run() {
	as_pg psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U bench -d postgres "$@"
}

now() { date +%s.%N; }

cut -f1,2 "$names" >"$work/$label.names.copy"
cut -f1,2 "$queries" >"$work/$label.queries.copy"
chmod 644 "$work/$label.names.copy" "$work/$label.queries.copy"

t0=$(now)
psql_run -c "CREATE EXTENSION pg_trgm" \
	-c "CREATE TABLE people (id text, name text)" \
	-c "\\copy people FROM '$work/$label.names.copy'"
t1=$(now)
psql_run -c "CREATE INDEX people_name_trgm ON people USING gist (name gist_trgm_ops)" \
	-c "VACUUM ANALYZE people"
t2=$(now)

# One session runs every query and times each on the server, so client
# round trips do not count; the backend's peak memory is read after.
psql_run <<SQL >"$work/$label.pg.out"
CREATE TABLE queries (qid text, name text);
\\copy queries FROM '$work/$label.queries.copy'
CREATE TABLE results (qid text, id text, rank int);
CREATE TABLE timings (qid text, ms double precision);
DO \$\$
DECLARE q record; t0 timestamptz; r record; n int;
BEGIN
  -- Warm the cache first, as vigil's index is warm.
  FOR q IN SELECT * FROM queries LIMIT 50 LOOP
    PERFORM id FROM people ORDER BY name <-> q.name LIMIT 10;
  END LOOP;
  FOR q IN SELECT * FROM queries LOOP
    t0 := clock_timestamp();
    n := 0;
    FOR r IN SELECT id FROM people ORDER BY name <-> q.name LIMIT 10 LOOP
      n := n + 1;
      INSERT INTO results VALUES (q.qid, r.id, n);
    END LOOP;
    INSERT INTO timings VALUES (q.qid,
      extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
END
\$\$;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median,
       avg(ms) AS mean,
       pg_relation_size('people_name_trgm') / 1048576 AS index_mb
  FROM timings \\gset s_
\\echo median_ms :s_median mean_ms :s_mean index_mb :s_index_mb
SELECT pg_backend_pid() AS pid \\gset
\\setenv BENCH_PG_PID :pid
\\! grep VmHWM /proc/\$BENCH_PG_PID/status
\\copy (SELECT qid, id, rank FROM results ORDER BY qid, rank) TO '$work/$label.results.tsv'
SQL

median=$(sed -n 's/.*median_ms \([^ ]*\).*/\1/p' "$work/$label.pg.out")
mean=$(sed -n 's/.*mean_ms \([^ ]*\).*/\1/p' "$work/$label.pg.out")
index_mb=$(sed -n 's/.*index_mb \([^ ]*\).*/\1/p' "$work/$label.pg.out")
rss=$(awk '/VmHWM/ {print $2}' "$work/$label.pg.out")
printf '%s load_s %.2f index_s %.2f median_ms %.3f mean_ms %.3f backend_rss_kb %s index_mb %s\n' \
	"$label" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" \
	"$median" "$mean" "$rss" "$index_mb"
