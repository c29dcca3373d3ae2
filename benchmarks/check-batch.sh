#!/usr/bin/env bash
# The command-line measurements of docs/performance.md ("mailauth check --batch"), on this host only: a DNS server on
# 127.0.0.1 (benchmarks' ZoneServer) answers the workload's records and NXDOMAIN for every other name; nothing is
# asked of the Internet.
#
#   1. threads started by `check --batch` over 2,000 lines for 2,000 different unpublished domains, in a JVM whose
#      common fork-join pool has parallelism 1 (JFR jdk.ThreadStart events);
#   2. `check --batch` throughput on 400 RSA-2048-signed 4.7 KB messages x 40 (16,000 checks, after 60,000 warm-up
#      lines in the same process; also the first 16,000 lines of a fresh process), cached DNS, against rspamd 3.4
#      (Debian's package; only its SPF, DKIM and DMARC checks, 2 normal workers, benchmarks/rspamd/rspamd.conf) fed the
#      same 16,000 messages by `rspamc -n 8` with the same SMTP facts (--ip, --helo, --from), in alternating runs.
#
# Usage: benchmarks/check-batch.sh [--rounds N] [--also NAME=JAR]... [--only threads|throughput]
#   --also NAME=JAR  also measure another build of the command (e.g. before=JAR: the code before issue 15), same runs
#   --rounds N     throughput runs of each contestant (default 3); the table gives the median and the spread
# Needs: a JDK 17 (java, jfr), Maven for the first build, python3, awk, rspamd/rspamc (installed with apt-get when missing).
# Keep other work off the machine while it runs: both cores are measured.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
contestants=("after=$root/cli/target/mailauth.jar")
only=""
while (($#)); do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --also) contestants+=("${2%%=*}=$(realpath "${2#*=}")"); shift 2 ;;
        --only) only="$2"; shift 2 ;;
        *) echo "usage: $0 [--rounds N] [--also NAME=JAR]... [--only threads|throughput]" >&2; exit 2 ;;
    esac
done

jar="$root/cli/target/mailauth.jar"
bench="$root/benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" || ! -f "$bench" ]]; then
    (cd "$root" && mvn -q -B -DskipTests -pl cli,benchmarks -am package)
fi
if ! command -v rspamd > /dev/null || ! command -v rspamc > /dev/null; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends rspamd
fi

work="${MAILAUTH_BENCH_DIR:-/tmp/mailauth-check-batch}"
mkdir -p "$work"
if [[ ! -f "$work/zone.txt" || "$bench" -nt "$work/zone.txt" ]]; then  # new keys and files after each build
    java -cp "$bench" org.mailauth.benchmarks.batch.BatchWorkload "$work"
fi

pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2> /dev/null || true
    done
}
trap cleanup EXIT

rm -f "$work/dns.port"
java -Xmx256m -cp "$bench" org.mailauth.benchmarks.batch.ZoneServer "$work/zone.txt" "$work/dns.port" 2> "$work/zone.log" &
pids+=($!)
for _ in $(seq 100); do [[ -f "$work/dns.port" ]] && break; sleep 0.1; done
dns="127.0.0.1:$(cat "$work/dns.port")"

echo "== $(date -u '+%F %T') UTC; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "== $(java -version 2>&1 | head -1); $(rspamd --version | head -1); DNS server $dns"
echo "== load before: $(uptime | sed 's/.*load average/load average/')"


# 1. Thread starts.
if [[ "$only" != throughput ]]; then
    echo
    echo "Threads started (JFR jdk.ThreadStart) by check --batch, 2,000 lines for 2,000 unpublished domains,"
    echo "-Djava.util.concurrent.ForkJoinPool.common.parallelism=1:"
    printf '%-8s %-10s %8s %8s %9s\n' build messages threads lines seconds
    for contestant in "${contestants[@]}"; do
        name="${contestant%%=*}"
        for kind in unsigned signed; do
            recording="$work/threads-$name-$kind.jfr"
            rm -f "$recording"
            start=$(date +%s%N)
            java -Djava.util.concurrent.ForkJoinPool.common.parallelism=1 \
                -XX:StartFlightRecording=filename="$recording",settings=default \
                -jar "${contestant#*=}" --dns "$dns" check --batch < "$work/uncached-$kind.jsonl" > "$work/threads-$name-$kind.out" 2> /dev/null
            end=$(date +%s%N)
            threads=$(jfr print --events jdk.ThreadStart "$recording" | grep -c '^jdk.ThreadStart')
            printf '%-8s %-10s %8d %8d %9.1f\n' "$name" "$kind" "$threads" "$(grep -c '^{' "$work/threads-$name-$kind.out")" \
                "$(awk -v s="$start" -v e="$end" 'BEGIN { print (e - s) / 1e9 }')"
        done
    done
fi

[[ "$only" == threads ]] && exit 0

# 2. Throughput.
run="$work/rspamd"
rm -rf "$run"
mkdir -p "$run"
chown _rspamd:_rspamd "$run"
rspamd_port=11433
sed -e "s|@RUN@|$run|g" -e "s|@DNS@|$dns|g" -e "s|@PORT@|$rspamd_port|g" "$root/benchmarks/rspamd/rspamd.conf" > "$run/rspamd.conf"
rspamd -f -c "$run/rspamd.conf" -u _rspamd -g _rspamd > "$run/stdout.log" 2>&1 &
pids+=($!)
facts=(--ip 203.0.113.25 --helo mail.example.org --from bounces@example.org)
rspamc_run() {
    rspamc -h "127.0.0.1:$rspamd_port" -n 8 -t 30 "${facts[@]}" "$@"
}
for _ in $(seq 120); do
    rspamc_run "$work/messages/m001.eml" 2> /dev/null | grep -q DMARC_POLICY_ALLOW && break
    sleep 1
done
messages_40=()
for _ in $(seq 40); do messages_40+=("$work/messages"); done
messages_10=("${messages_40[@]:0:10}")
rspamc_run "${messages_10[@]}" > /dev/null  # warm-up: 4,000 checks

cat "$work/warmup.jsonl" "$work/measured.jsonl" > "$work/all.jsonl"
warmup_lines=$(wc -l < "$work/warmup.jsonl")
results="$work/throughput.txt"
: > "$results"
mailauth_round() {  # name jar round
    local start end
    start=$(date +%s%N)
    java -jar "$2" --dns "$dns" check --batch < "$work/all.jsonl" \
        | python3 "$root/benchmarks/line-rate.py" "$start" 16000 "$warmup_lines" '"dmarc":{"result":"pass"' > "$work/rate.txt"
    end=$(date +%s%N)
    echo "$1 $3 $(cat "$work/rate.txt") $(( (end - start) / 1000000 )) -" >> "$results"
}
rspamd_pid="${pids[-1]}"
worker_ticks() {  # CPU time of rspamd's worker processes, in clock ticks
    local total=0 pid
    for pid in $(pgrep -P "$rspamd_pid"); do
        total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
    done
    echo "$total"
}
rspamd_round() {  # round
    local start end passed ticks rate cores
    ticks=$(worker_ticks)
    start=$(date +%s%N)
    passed=$(rspamc_run "${messages_40[@]}" | grep -c 'DMARC_POLICY_ALLOW')
    end=$(date +%s%N)
    ticks=$(( $(worker_ticks) - ticks ))
    rate=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", 16000 / ((e - s) / 1e9) }')
    cores=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", t / hz / ((e - s) / 1e9) }')
    echo "rspamd $1 16000 $passed $rate $rate $(( (end - start) / 1000000 )) $cores" >> "$results"
}
for round in $(seq "$rounds"); do
    for contestant in "${contestants[@]}"; do
        mailauth_round "${contestant%%=*}" "${contestant#*=}" "$round"
    done
    rspamd_round "$round"
    echo "== round $round done; load: $(uptime | sed 's/.*load average: //')"
done

echo
echo "check --batch: 400 messages x 40 (16,000 checks) after $warmup_lines warm-up lines in the same process (steady), and"
echo "the first 16,000 lines of a fresh process, JVM start included (cold). rspamd: rspamc -n 8, the same 16,000 messages."
echo "(columns: contestant round checks dmarc_pass steady/s cold/s wall_ms rspamd_worker_cores)"
cat "$results"
python3 "$root/benchmarks/check-batch-table.py" "$results"
echo "== load after: $(uptime | sed 's/.*load average/load average/')"
