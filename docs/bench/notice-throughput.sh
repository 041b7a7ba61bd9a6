#!/usr/bin/env bash
# Notice throughput: 10,000 notices from the outbox of one packaged instance to a local SMTP sink, while a
# logged-in staff page is fetched every 200 ms. Prints the send time, the rate, and page latencies.
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=patchcast PGPASSWORD=patchcast PGDATABASE=patchcast_bench \
#     docs/bench/notice-throughput.sh
#
# Needs: psql, curl, a PostgreSQL database the script may fill (the demo fleet is loaded into it when empty), and the
# app packaged for PostgreSQL (the script builds it when target/quarkus-app is missing:
# PATCHCAST_DB_KIND=postgresql ./mvnw -B package -DskipTests). Everything runs on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-10000}
HTTP_PORT=${HTTP_PORT:-43080}
SMTP_PORT=${SMTP_PORT:-43025}
WORK=target/bench
mkdir -p "$WORK"
: "${PGHOST:=127.0.0.1}" "${PGPORT:=5432}" "${PGUSER:=patchcast}" "${PGPASSWORD:=patchcast}" "${PGDATABASE:=patchcast_bench}"
export PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  PATCHCAST_DB_KIND=postgresql ./mvnw -B -q package -DskipTests
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

java docs/bench/SmtpSink.java "$SMTP_PORT" "$WORK/sink-count" > "$WORK/sink.log" 2>&1 &
pids+=($!)

PORT=$HTTP_PORT PATCHCAST_DEMO=true \
PATCHCAST_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" PATCHCAST_DB_USER="$PGUSER" PATCHCAST_DB_PASSWORD="$PGPASSWORD" \
PATCHCAST_SMTP_HOST=127.0.0.1 PATCHCAST_SMTP_PORT=$SMTP_PORT PATCHCAST_SMTP_STARTTLS=DISABLED \
PATCHCAST_NOTIFY_DISPATCH_EVERY=1s \
  java -Xmx512m -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
pids+=($!)

for i in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" > /dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" > /dev/null || { echo "app did not start, see $WORK/app.log"; exit 1; }

# A staff session for the page probe.
JAR="$WORK/cookies"; rm -f "$JAR"
curl -s -o /dev/null -c "$JAR" -b "$JAR" -d j_username=support -d j_password=support "http://127.0.0.1:$HTTP_PORT/j_security_check"
curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "http://127.0.0.1:$HTTP_PORT/console" | grep -q 200 \
  || { echo "staff login failed"; exit 1; }

# Baseline page latency with an idle outbox.
: > "$WORK/idle.txt"
for i in $(seq 1 20); do
  curl -s -o /dev/null -b "$JAR" -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$HTTP_PORT/console" >> "$WORK/idle.txt"
done

RUN=$(date +%s)
sent_before=$(psql -Atq -c "select count(*) from notice where status = 'SENT'")
sink_before=$(cat "$WORK/sink-count")
# One transaction writes all notices, as a bulk window move over a large fleet would.
psql -q -v ON_ERROR_STOP=1 <<SQL
insert into notice (id, kind, event_key, customer_id, recipient_name, recipient_email, subject, text_body, html_body,
                    idempotency_key, message_id, status, attempts, next_attempt_at, created_at, updated_at)
select nextval('notice_seq'), 'WINDOW_MOVED', 'bench:$RUN:' || g, null, 'Contact ' || g, 'contact' || g || '@example.com',
       'Your maintenance window moved', repeat('Your maintenance window moved to Tuesday 02:00 UTC. ', 20),
       '<table><tr><td style="font-family:Arial">' || repeat('Your maintenance window moved. ', 40) || '</td></tr></table>',
       'bench:$RUN:' || g || ':contact' || g || '@example.com', '<bench.$RUN.' || g || '@patchcast.example>',
       'PENDING', 0, now(), now(), now()
from generate_series(1, $N) g;
SQL
start=$(date +%s.%N)

: > "$WORK/busy.txt"
(
  while true; do
    curl -s -o /dev/null -b "$JAR" -w '%{http_code} %{time_total}\n' --max-time 10 "http://127.0.0.1:$HTTP_PORT/console" >> "$WORK/busy.txt"
    sleep 0.2
  done
) &
probe=$!
pids+=($probe)

deadline=$(( $(date +%s) + 300 ))
while true; do
  sent=$(( $(cat "$WORK/sink-count") - sink_before ))
  [ "$sent" -ge "$N" ] && break
  [ "$(date +%s)" -gt "$deadline" ] && { echo "gave up after 300 s with $sent of $N at the sink"; break; }
  sleep 0.2
done
end=$(date +%s.%N)
kill "$probe" 2>/dev/null || true
marked=$(( $(psql -Atq -c "select count(*) from notice where status = 'SENT'") - sent_before ))

stats() {
  local bad n
  bad=$(awk '$1 != "200"' "$1" | wc -l)
  n=$(wc -l < "$1")
  [ "$n" -eq 0 ] && { echo "no requests"; return; }
  awk '{ print $2 * 1000 }' "$1" | sort -n > "$1.sorted"
  printf '%d requests, %d not 200, p50 %.0f ms, p95 %.0f ms, max %.0f ms\n' "$n" "$bad" \
    "$(sed -n "$(( (n + 1) / 2 ))p" "$1.sorted")" "$(sed -n "$(( (n * 95 + 99) / 100 ))p" "$1.sorted")" "$(tail -1 "$1.sorted")"
}
elapsed=$(echo "$end - $start" | bc -l)
printf 'notices at the SMTP sink: %d of %d in %.1f s (%.0f per second); %d marked SENT\n' \
  "$sent" "$N" "$elapsed" "$(echo "$sent / $elapsed" | bc -l)" "$marked"
echo "staff page /console, idle:      $(stats "$WORK/idle.txt")"
echo "staff page /console, sending:   $(stats "$WORK/busy.txt")"
