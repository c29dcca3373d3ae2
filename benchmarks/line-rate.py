"""Reads `mailauth check --batch` output on stdin and prints four figures:
  - the lines after the first WARMUP (the measured ones) and how many of them contain PATTERN;
  - their rate per second, from the arrival of line WARMUP to the end of the output (steady state);
  - the rate of the first COLD lines from START_NS (epoch nanoseconds taken just before the JVM was started): what a
    fresh process gives on a file of COLD lines, JVM start and JIT warm-up included.
Usage: java ... check --batch < lines | python3 line-rate.py START_NS COLD WARMUP PATTERN"""
import sys
import time

start_ns, cold, warmup, pattern = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
count = matched = 0
cold_seconds = None
steady_start = time.monotonic()
for line in sys.stdin:
    count += 1
    if count == cold:
        cold_seconds = (time.time_ns() - start_ns) / 1e9
    if count == warmup:
        steady_start = time.monotonic()
    elif count > warmup and pattern in line:
        matched += 1
elapsed = time.monotonic() - steady_start
measured = count - warmup
print(measured, matched, f"{measured / elapsed:.1f}", f"{cold / cold_seconds:.1f}" if cold_seconds else "-")
