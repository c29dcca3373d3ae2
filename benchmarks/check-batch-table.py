"""Prints the Markdown tables of check-batch.sh from its results file: median and spread of each contestant's runs, and
the ratio of the medians to rspamd's."""
import statistics
import sys

steady, cold = {}, {}
for line in open(sys.argv[1]):
    name, _, _, _, rate, cold_rate, _, _ = line.split()
    steady.setdefault(name, []).append(float(rate))
    cold.setdefault(name, []).append(float(cold_rate))
rspamd = statistics.median(steady["rspamd"])
for title, rates in (("steady (after warm-up)", steady), ("cold (fresh process)", cold)):
    print()
    print(f"| {title} | runs | median msg/s | min–max | median / rspamd's |")
    print("|---|---:|---:|---:|---:|")
    for name, values in rates.items():
        median = statistics.median(values)
        print(f"| {name} | {len(values)} | {median:,.0f} | {min(values):,.0f}–{max(values):,.0f} | {median / rspamd:.2f}× |")
