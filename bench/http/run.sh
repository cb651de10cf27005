#!/usr/bin/env bash
# bench/http/run.sh: HTTP throughput and latency of `guihua serve` under 64 concurrent
# keep-alive connections (wrk), for the cheapest authenticated route (GET /api/v1/me) and for
# the dashboard (GET /api/v1/dashboard, which evaluates every indicator x region on each
# request), on a throwaway database loaded with the same sample data as `make run`.
# Prints measured numbers only; it never passes or fails on time (exit 1 only when the server
# could not be started, refused the login or died during the run).
#
#   bench/http/run.sh                     10 s per endpoint
#   DURATION=30 bench/http/run.sh         longer runs
# Knobs: BUILD (build dir, default build; binary $BUILD/app/guihua), DURATION (seconds of wrk
# per endpoint, default 10), SERVE_ARGS (extra `guihua serve` options, e.g. "--threads 8
# --keep-alive 5"), PIN=1 (the server on CPU 0 and wrk on CPU 1 with taskset, so the
# load generator does not preempt the server; default: both float over all cores), HTTP_KEEP=1 keeps the temp directory (database, server log, raw
# wrk output). Installs wrk (and curl) with apt-get when missing (sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
DURATION=${DURATION:-10}
CONNECTIONS=64
SERVER_PIN=""
WRK_PIN=""
if [ "${PIN:-0}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  SERVER_PIN="taskset -c 0"
  WRK_PIN="taskset -c 1"
fi
THREADS=2
PASSWORD=bench-pass-123
SAMPLE=data/plans/hengyang-14th-fyp-proposal.txt

# --- what we need (the pattern of tools/install-deps.sh) ------------------------------------
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
GUIHUA=$ROOT/$BUILD/app/guihua
if [ ! -x "$GUIHUA" ]; then
  if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$BUILD" >/dev/null
fi
[ -x "$GUIHUA" ] || { echo "bench/http: $GUIHUA not found after the build" >&2; exit 1; }

# --- temp dir and the server, stopped and removed on exit -----------------------------------
WORK=$(mktemp -d /tmp/guihua-http.XXXXXX)
SERVER_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "bench/http: server did not stop within 15 s of SIGTERM; killing it" >&2
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
cleanup() {
  stop_server
  if [ "${HTTP_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() {
  echo "bench/http: $*" >&2
  if [ -f "$WORK/serve.log" ]; then
    echo "--- last lines of the server log ---" >&2
    tail -20 "$WORK/serve.log" >&2
  fi
  exit 1
}

# --- the sample data, loaded as `make run` loads it -----------------------------------------
echo "bench/http: loading the sample data into $WORK/bench.db …" >&2
DB=$WORK/bench.db
{
  "$GUIHUA" import "$SAMPLE" --db "$DB"
  "$GUIHUA" regions import data/units/hengyang_regions.csv --db "$DB"
  "$GUIHUA" indicators import data/indicators/national-14th-fyp-indicators.csv --db "$DB"
  "$GUIHUA" data import data/indicators/national-14th-fyp-actuals-2020-2021.csv --db "$DB"
  "$GUIHUA" gen --out "$WORK/synthetic" --end 2023-12
  "$GUIHUA" indicators import data/indicators/hengyang-synthetic-indicators.csv --db "$DB"
  "$GUIHUA" data import "$WORK/synthetic/observations.csv" --db "$DB"
  printf '%s\n' "$PASSWORD" | "$GUIHUA" user add bench --role admin --db "$DB"
} >"$WORK/load.log" 2>&1 || { tail -20 "$WORK/load.log" >&2; fail "loading the sample data failed"; }

# --- start the server on a free port ----------------------------------------------------------
PORT=""
for p in $(seq 18180 18279); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
done
[ -n "$PORT" ] || fail "no free port in 18180-18279"
BASE=http://127.0.0.1:$PORT/api/v1
# shellcheck disable=SC2086  # SERVE_ARGS is a list of options, e.g. "--threads 16"
$SERVER_PIN "$GUIHUA" serve --db "$DB" --port "$PORT" --no-web ${SERVE_ARGS:-} 2>"$WORK/serve.log" >&2 &
SERVER_PID=$!
up=no
for _ in $(seq 100); do
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited while starting"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/openapi.json" || true)" = 200 ]; then
    up=yes
    break
  fi
  sleep 0.1
done
[ "$up" = yes ] || fail "the server did not answer on port $PORT within 10 s"

# --- log in ------------------------------------------------------------------------------------
code=$(curl -s -o "$WORK/login.json" -D "$WORK/login.headers" -w '%{http_code}' \
  -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$PASSWORD\"}" "$BASE/session" || true)
[ "$code" = 200 ] || fail "login answered $code: $(cat "$WORK/login.json" 2>/dev/null)"
SESSION=$(tr -d '\r' <"$WORK/login.headers" |
  sed -n 's/^[Ss]et-[Cc]ookie: *guihua_session=\([^;]*\).*/\1/p' | head -1)
[ -n "$SESSION" ] || fail "login set no guihua_session cookie"
COOKIE="Cookie: guihua_session=$SESSION"

# One request each on the idle server: the status must be 200 (else wrk measures errors) and
# the single-request time is the floor the loaded latencies compare with.
declare -A IDLE_MS BYTES
for name in me dashboard; do
  out=$(curl -s -o "$WORK/$name.json" -w '%{http_code} %{time_total} %{size_download}' \
    -H "$COOKIE" "$BASE/$name" || true)
  read -r code secs size <<<"$out"
  [ "$code" = 200 ] || fail "GET /api/v1/$name answered $code: $(head -c 300 "$WORK/$name.json")"
  IDLE_MS[$name]=$(awk -v s="$secs" 'BEGIN { printf "%.2f", s * 1000 }')
  BYTES[$name]=$size
done

# --- wrk -------------------------------------------------------------------------------------
# wrk prints latencies as 812.00us, 3.21ms, 1.02s, 1.50m; returns milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : -1
    if (f < 0) print "-"; else printf "%.2f", n * f }'
}
declare -A RPS P50 P99 NON2XX SOCKERR REQUESTS
run_wrk() {
  local name=$1 raw=$WORK/wrk-$1.txt
  echo "bench/http: wrk -c$CONNECTIONS -t$THREADS -d${DURATION}s GET /api/v1/$name …" >&2
  $WRK_PIN wrk -c"$CONNECTIONS" -t"$THREADS" -d"${DURATION}s" --latency -H "$COOKIE" "$BASE/$name" >"$raw" 2>&1 ||
    fail "wrk failed on /api/v1/$name: $(tail -5 "$raw")"
  RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$raw")
  P50[$name]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$raw")")
  P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$raw")")
  NON2XX[$name]=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$raw")
  NON2XX[$name]=${NON2XX[$name]:-0}
  SOCKERR[$name]=$(sed -n 's/^ *Socket errors: *//p' "$raw")
  SOCKERR[$name]=${SOCKERR[$name]:-none}
  REQUESTS[$name]=$(awk '/requests in/ { print $1 }' "$raw")
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server died during the /api/v1/$name run"
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
run_wrk me
run_wrk dashboard
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
stop_server

# --- report ----------------------------------------------------------------------------------
printf '\nbench/http — guihua serve, wrk -c%s -t%s -d%ss --latency, keep-alive, session cookie\n' \
  "$CONNECTIONS" "$THREADS" "$DURATION"
printf '%s cores: %s; load average before %s, after %s (wrk and the server share the cores)\n\n' \
  "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
  "$LOAD_BEFORE" "$LOAD_AFTER"
printf '%-22s %10s %10s %10s %12s %12s %10s\n' endpoint req/s p50_ms p99_ms requests idle_1req_ms body_B
for name in me dashboard; do
  printf '%-22s %10s %10s %10s %12s %12s %10s\n' "GET /api/v1/$name" "${RPS[$name]}" \
    "${P50[$name]}" "${P99[$name]}" "${REQUESTS[$name]}" "${IDLE_MS[$name]}" "${BYTES[$name]}"
done
ratio=$(awk -v a="${RPS[dashboard]}" -v b="${RPS[me]}" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "0" }')
printf '\ndashboard/trivial throughput: %s\n' "$ratio"
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi; }
echo "goal: dashboard ≥ 0.5× trivial throughput, p99 < 20 ms"
printf '  throughput ratio %s ≥ 0.5:      %s\n' "$ratio" \
  "$(verdict "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.5) ? 1 : 0 }')")"
for name in me dashboard; do
  printf '  p99 /api/v1/%-10s %8s ms < 20: %s\n' "$name" "${P99[$name]}" \
    "$(verdict "$(awk -v p="${P99[$name]}" 'BEGIN { print (p != "-" && p < 20) ? 1 : 0 }')")"
done
for name in me dashboard; do
  printf 'socket errors /api/v1/%s: %s\n' "$name" "${SOCKERR[$name]}"
done
bad=0
for name in me dashboard; do
  if [ "${NON2XX[$name]}" != 0 ]; then
    bad=1
    printf '\n!!!!!!!! /api/v1/%s: %s NON-2xx/3xx RESPONSES — THESE NUMBERS ARE MEANINGLESS !!!!!!!!\n' \
      "$name" "${NON2XX[$name]}"
  fi
done
[ "$bad" = 1 ] || echo "non-2xx/3xx responses: 0 on both endpoints"
# wrk leaves requests that took longer than its 2 s timeout out of the latency distribution.
for name in me dashboard; do
  timeouts=$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' <<<"${SOCKERR[$name]}")
  if [ "${timeouts:-0}" != 0 ]; then
    printf '!!! /api/v1/%s: %s requests timed out (> 2 s) and are NOT in p50/p99: the real tail is worse\n' \
      "$name" "$timeouts"
  fi
done
