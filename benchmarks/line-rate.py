"""Reads `mailauth check --batch` output on stdin; prints the lines after the first WARMUP, how many of those contain
PATTERN, and their rate per second (from the arrival of line WARMUP to the end of the output)."""
import sys
import time

warmup, pattern = int(sys.argv[1]), sys.argv[2]
count = matched = 0
start = time.monotonic()
for line in sys.stdin:
    count += 1
    if count == warmup:
        start = time.monotonic()
    elif count > warmup and pattern in line:
        matched += 1
elapsed = time.monotonic() - start
measured = count - warmup
print(measured, matched, f"{measured / elapsed:.1f}")
