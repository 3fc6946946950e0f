#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare two `make bench` results files (build/bench/results.json, or a
baseline such as tests/bench/baseline.json), per configuration.

    compare.py A B                  print B's change against A: the added cost
                                    per call (wall ns, icount instructions)
    compare.py --gate PCT BASE NEW  also fail (exit 1) when NEW's
                                    deterministic (icount) added cost of a
                                    gated configuration (GATED: sastrace's
                                    record, with and without the reader) grows
                                    by more than PCT % over BASE's
    compare.py --write-baseline RESULTS OUT
                                    keep of RESULTS what the gate reads (see
                                    tests/bench/baseline.json's "about")

A file holding several kernels ({"runs": {SERIES: doc}}, make bench with
SASTRACE_BENCH_KERNELS) is compared kernel by kernel with the other's
matching series. Only runs of the same architecture and the same loop
counts are comparable: the gate fails on a mismatch rather than compare
unlike figures.
"""
import json
import sys

from report import CALL, UPROBE

GATED = ("sastrace-noreader", "sastrace")


def load(path):
    with open(path) as f:
        d = json.load(f)
    if "runs" in d:
        return {k: v for k, v in d["runs"].items() if v}
    return {(d.get("run") or {}).get("series") or d.get("kernel") or "?": d}


def added(doc, mode, table, name):
    if mode == "icount":
        doc = doc.get("icount") or {}
    return ((doc.get(table) or {}).get(name) or {}).get("added_ns")


def change(a, b):
    if a is None or b is None or a == 0:
        return None
    return 100.0 * (b - a) / abs(a)


def fmt(v, spec=".0f"):
    return "-" if v is None else format(v, spec)


def ident(doc):
    r = doc.get("run") or {}
    i = (doc.get("icount") or {}).get("info") or {}
    return (f"{doc.get('kernel')} {r.get('arch', '?')} commit {r.get('commit', '?')}"
            f" (icount: {i.get('rounds', '?')} rounds of {i.get('n_call', '?')} calls)")


def compare(sa, a, sb, b, gate):
    print(f"A: {ident(a)}\nB: {ident(b)}")
    print(f"  {'added cost per call':<44} {'wall A':>8} {'wall B':>8} {'change':>7}"
          f" {'insns A':>8} {'insns B':>8} {'change':>7}")
    failed = []
    for table, cfgs in (("per_call", CALL), ("uprobe", UPROBE)):
        for name, label in cfgs[1:]:
            wa, wb = added(a, "wall", table, name), added(b, "wall", table, name)
            ia, ib = added(a, "icount", table, name), added(b, "icount", table, name)
            if None in (wa, wb, ia, ib) and (ia is None and wa is None):
                continue
            ci = change(ia, ib)
            mark = ""
            if gate is not None and table == "per_call" and name in GATED:
                if ci is None:
                    failed.append(f"{name}: no icount figure in both files")
                    mark = "  GATE: no figure"
                elif ci > gate:
                    failed.append(f"{name}: {ia:.0f} -> {ib:.0f} instructions "
                                  f"per call (+{ci:.1f}% > {gate:g}%)")
                    mark = f"  GATE: > +{gate:g}%"
                else:
                    mark = "  gate ok"
            cw = change(wa, wb)
            print(f"  {label[:44]:<44} {fmt(wa):>8} {fmt(wb):>8} "
                  f"{'-' if cw is None else format(cw, '+.1f') + '%':>7} "
                  f"{fmt(ia):>8} {fmt(ib):>8} "
                  f"{'-' if ci is None else format(ci, '+.1f') + '%':>7}{mark}")
    if gate is not None:
        ra, rb = a.get("run") or {}, b.get("run") or {}
        ia = (a.get("icount") or {}).get("info") or {}
        ib = (b.get("icount") or {}).get("info") or {}
        for k, x, y in (("arch", ra.get("arch"), rb.get("arch")),
                        ("series", ra.get("series"), rb.get("series")),
                        ("n_call", ia.get("n_call"), ib.get("n_call")),
                        ("rounds", ia.get("rounds"), ib.get("rounds"))):
            if x != y:
                failed.append(f"not comparable: {k} {x} vs {y}")
    return failed


def write_baseline(src, dst):
    with open(src) as f:
        d = json.load(f)
    ic = d.get("icount") or {}
    keep = {name: {k: v for k, v in s.items()
                   if k in ("ns", "added_ns", "per_round", "per_round_added")}
            for name, s in (ic.get("per_call") or {}).items()}
    out = {
        "about": [
            "The deterministic (qemu -icount) cost per call that make check's "
            "bench smoke (tests/bench/smoke.sh) compares its own figure with: "
            "the smoke fails when sastrace's added instructions per call "
            "(compare.py GATED: with and without the reader) grow by more "
            "than 10% over these.",
            "Update it on purpose only: `make bench-baseline` (runs the smoke's "
            "bench on 6.1 and rewrites this file), then commit it alone, "
            "saying in the commit message why the record's cost changed "
            "and the old and new figures (compare.py prints them).",
        ],
        "kernel": d.get("kernel"), "date": d.get("date"), "run": d.get("run"),
        "icount": {"info": ic.get("info"), "ns_per_insn": ic.get("ns_per_insn"),
                   "per_call": keep},
    }
    with open(dst, "w") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")
    return 0


def main(argv):
    gate = None
    if argv[:1] == ["--write-baseline"] and len(argv) == 3:
        return write_baseline(argv[1], argv[2])
    if argv[:1] == ["--gate"] and len(argv) == 4:
        gate = float(argv[1])
        argv = argv[2:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        a, b = load(argv[0]), load(argv[1])
    except (OSError, ValueError) as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    pairs = [(k, k) for k in a if k in b]
    if not pairs and len(a) == 1 and len(b) == 1:
        pairs = [(next(iter(a)), next(iter(b)))]
    if not pairs:
        print(f"compare: no kernel in common ({', '.join(a)} vs {', '.join(b)})",
              file=sys.stderr)
        return 1
    failed = []
    for ka, kb in pairs:
        print(f"== {ka}" if ka == kb else f"== {ka} vs {kb}")
        failed += compare(ka, a[ka], kb, b[kb], gate)
    for f in failed:
        print(f"compare: FAIL: {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
