#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check's bench smoke: `make bench` on 6.1 with tiny counts, so that it
# cannot rot (every configuration must give a number: tests/bench/report.py
# fails otherwise), and the regression gate: the deterministic (icount)
# added cost per call of sastrace's record, with and without the reader,
# must not grow by more than 10% over tests/bench/baseline.json
# (tests/bench/compare.py --gate).
#
#   tests/bench/smoke.sh OUT                    run, check, gate
#   tests/bench/smoke.sh OUT --update-baseline  run, check, and rewrite
#                                               tests/bench/baseline.json
#                                               (`make bench-baseline`)
# The counts live here only, so that the baseline is measured as the gate is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: $0 OUT [--update-baseline]" >&2; exit 2; }
out=$1
GATE_PCT=10
SASTRACE_BENCH_OUT=$out SASTRACE_BENCH_KERNELS=6.1 SASTRACE_BENCH_MODES="wall icount" \
	SASTRACE_BENCH_ROUNDS=1 SASTRACE_BENCH_CALLS=2000 SASTRACE_BENCH_UCALLS=200 \
	SASTRACE_BENCH_TPUT_SECS=0.5 SASTRACE_BENCH_TPUT_STEPS=1 \
	timeout 900 "$here/run.sh"
python3 -m json.tool "$out/results.json" >/dev/null
if [[ ${2:-} == --update-baseline ]]; then
	if [[ -f $here/baseline.json ]]; then
		python3 "$here/compare.py" "$here/baseline.json" "$out/results.json" || true
	fi
	python3 "$here/compare.py" --write-baseline "$out/results.json" "$here/baseline.json"
	echo "smoke: wrote $here/baseline.json: commit it alone, with the reason in the message" >&2
	exit 0
fi
python3 "$here/compare.py" --gate "$GATE_PCT" "$here/baseline.json" "$out/results.json"
