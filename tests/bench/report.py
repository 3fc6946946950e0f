#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The benchmark's report: the guest's "BENCH ..." lines (results.txt) ->
a table on stdout and a JSON file.

    report.py RESULTS_TXT OUT_JSON [--record-bytes N] [--boot-seconds S]
              [--total-seconds S] [--icount ICOUNT_RESULTS_TXT]
              [--meta KEY=VALUE ...]
    report.py --matrix OUT_JSON SERIES=RESULTS_JSON ...

RESULTS_TXT is the wall-clock boot's ("none": there was none), --icount the
boot under qemu's -icount shift=0 (guest ns are executed instructions): its
per-call figures go beside the wall-clock ones, under "icount" in the JSON,
with the check of its clock ("ns_per_insn": a two-instruction loop's guest
ns per instruction, which must be 1.00 +- 5%) and the spread of the added
cost over the rounds. --meta: the run's identity (commit, series, arch, qemu,
qemu_cpu, ...), under "run". --matrix: several kernels' JSON files -> one
table with a column per kernel, and OUT_JSON = {"runs": {SERIES: doc}}.

Per configuration: the median ns per call over the rounds, its min-max, and
the added cost over no tracing (the median of the per-round differences:
the rounds interleave the configurations, so each difference compares runs
made seconds apart). Exit status 1 when a configuration has no numeric
result (a note, e.g. why bpftrace could not run, excuses bpftrace only), or
the throughput runs are missing: the smoke test in `make check` relies on
that.
"""
import argparse
import datetime
import json
import statistics
import sys

CALL = [
    ("none", "no tracing"),
    ("kprobe", "empty kprobe (floor)"),
    ("kretprobe", "empty kretprobe (floor with return value)"),
    ("kevent", "kprobe_events + kretprobe event, trace_pipe drained"),
    ("bpftrace", "bpftrace, sys_enter/exit tracepoints"),
    ("sastrace-noreader", "sastrace, no reader"),
    ("sastrace", "sastrace, reader draining (symbol names on)"),
    ("sastrace-nosym", "sastrace, reader draining, --no-symbols"),
    ("sastrace-rawcat", "sastrace, raw records drained by cat"),
]
UPROBE = [
    ("none", "no tracing"),
    ("uevent", "uprobe_events + uretprobe event, trace_pipe drained"),
    ("uevent+kevent", "uprobe + kprobe events (what sastrace hooks)"),
    ("sastrace-uprobe", "sastrace uprobe + kprobe, reader draining"),
]

# Records one traced call makes, per configuration (for the lost fraction).
RECORDS_PER_CALL = {"kevent": 2, "uevent": 2, "uevent+kevent": 4,
                    "sastrace-uprobe": 2}


def parse(path):
    res = {"call": {}, "uprobe": {}, "tput": {}, "flat": {}, "mem": {},
           "info": {}, "notes": {}, "lost": {}, "calib": {}}
    if path == "none":
        return res
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.strip().split(" ", 2)
            if len(parts) < 2 or parts[0] != "BENCH":
                continue
            kind = parts[1]
            rest = parts[2] if len(parts) > 2 else ""
            if kind == "note":
                k, _, v = rest.partition("=")
                res["notes"][k] = v
                continue
            kv = dict(p.split("=", 1) for p in rest.split() if "=" in p)
            if kind in ("call", "uprobe"):
                try:
                    ns = float(kv["ns"])
                except (KeyError, ValueError):
                    ns = None
                res[kind].setdefault(kv.get("config"), {})[int(kv["round"])] = ns
                if kv.get("lost", "-") != "-":
                    res["lost"].setdefault(kind, {}).setdefault(
                        kv.get("config"), 0)
                    res["lost"][kind][kv.get("config")] += int(kv["lost"])
            elif kind == "tput":
                res["tput"].setdefault(kv["tracer"], []).append(
                    {k: int(kv[k]) for k in ("target", "rate", "calls", "lost")})
            elif kind == "flat":
                res["flat"][kv["tracer"]] = {
                    k: int(kv[k]) for k in ("rate", "calls", "lost")}
            elif kind in ("mem", "info", "calib"):
                res[kind].update(kv)
    return res


def summarize(rounds, configs, lost, calls):
    """rounds: {config: {round: ns}} -> {config: stats}, problems."""
    out, problems = {}, []
    base = rounds.get("none", {})
    base_ok = [v for v in base.values() if v is not None]
    for name, label in configs:
        vals = rounds.get(name, {})
        ok = {r: v for r, v in vals.items() if v is not None}
        if not ok:
            problems.append(name)
            out[name] = {"label": label, "ns": None}
            continue
        diffs = [v - base[r] for r, v in ok.items() if base.get(r) is not None]
        s = {"label": label, "rounds": len(ok),
             "ns": statistics.median(ok.values()),
             "ns_min": min(ok.values()), "ns_max": max(ok.values()),
             "per_round": [ok[r] for r in sorted(ok)]}
        if name in lost:
            s["lost"] = lost[name]
            recs = calls * len(ok) * RECORDS_PER_CALL.get(name, 1)
            s["lost_fraction"] = lost[name] / recs if recs else None
        if name != "none" and base_ok:
            s["added_at_min_ns"] = min(ok.values()) - min(base_ok)
        if name != "none" and diffs:
            s["per_round_added"] = [v - base[r] for r, v in sorted(ok.items())
                                    if base.get(r) is not None]
            s["added_ns"] = statistics.median(diffs)
            s["added_min"] = min(diffs)
            s["added_max"] = max(diffs)
        out[name] = s
    return out, problems


def spread(s):
    """(max - min) / median of the per-round added cost, in %."""
    d = s.get("per_round_added")
    if not d or len(d) < 2 or not s.get("added_ns"):
        return None
    return 100.0 * (max(d) - min(d)) / abs(s["added_ns"])


def call_ratios(call, upr):
    added = {k: v.get("added_ns") for k, v in call.items()}
    sas = added.get("sastrace")
    ratios = {f"sastrace/{k}": ratio(sas, added.get(k))
              for k in ("kprobe", "kevent", "bpftrace")}
    ratios["sastrace/kretprobe"] = ratio(sas, added.get("kretprobe"))
    ratios["sastrace-noreader/kprobe"] = ratio(added.get("sastrace-noreader"),
                                               added.get("kprobe"))
    ratios["sastrace-noreader/kevent"] = ratio(added.get("sastrace-noreader"),
                                               added.get("kevent"))
    uadded = {k: v.get("added_ns") for k, v in upr.items()}
    ratios["sastrace-uprobe/uevent+kevent"] = ratio(
        uadded.get("sastrace-uprobe"), uadded.get("uevent+kevent"))
    return ratios


# The icount boot's clock check: a loop of two instructions must read 1 ns
# per instruction (shift=0), within this fraction (the kernel's periodic
# work takes a few % of the CPU on 6.12 and 7.3; a clock that followed the
# host instead would read the emulator's speed, 0.3 on a 2026 host).
CALIB_TOLERANCE = 0.05


def icount_section(path, problems):
    res = parse(path)
    info = res["info"]
    call, p1 = summarize(res["call"], CALL, res["lost"].get("call", {}),
                         int(info.get("n_call", 0)))
    upr, p2 = summarize(res["uprobe"], UPROBE, res["lost"].get("uprobe", {}),
                        int(info.get("n_uprobe", 0)))
    if "bpftrace" in p1 and "bpftrace" in res["notes"]:
        p1.remove("bpftrace")
    problems += [f"icount:call:{p}" for p in p1]
    problems += [f"icount:uprobe:{p}" for p in p2]
    for t in (call, upr):
        for s in t.values():
            if s.get("added_ns") is not None:
                s["added_spread_pct"] = spread(s)
    try:
        calib = float(res["calib"].get("ns_per_insn"))
    except (TypeError, ValueError):
        calib = None
    if calib is None or abs(calib - 1.0) > CALIB_TOLERANCE:
        problems.append(f"icount:clock (ns per instruction {calib}, want 1.00: "
                        "the guest's clock does not follow the instruction count)")
    return {"unit": "instructions (guest ns under -icount shift=0)",
            "ns_per_insn": calib, "info": info, "notes": res["notes"],
            "per_call": call, "uprobe": upr, "ratios": call_ratios(call, upr)}


def matrix(out_json, pairs):
    runs, cols = {}, []
    for p in pairs:
        series, _, path = p.partition("=")
        try:
            with open(path) as f:
                runs[series] = json.load(f)
        except (OSError, ValueError) as e:
            print(f"report: {series}: {e}", file=sys.stderr)
            runs[series] = None
        cols.append(series)
    with open(out_json, "w") as f:
        json.dump({"runs": runs}, f, indent=2, sort_keys=True)
        f.write("\n")
    p = print
    p("sastrace benchmark, a column per kernel: added cost per call, "
      "wall ns / icount instructions (medians over the rounds)")
    head = "".join(f" {c:>17}" for c in cols)
    for title, key, cfgs in (("static loop", "per_call", CALL),
                             ("libc sigaltstack() (uprobes)", "uprobe", UPROBE)):
        p(f"  {title:<54}{head}")
        for name, label in cfgs[1:]:
            cells = []
            for c in cols:
                d = runs.get(c) or {}
                w = (d.get(key) or {}).get(name, {}).get("added_ns")
                i = ((d.get("icount") or {}).get(key) or {}).get(name, {}).get("added_ns")
                cells.append(f" {fmt(w) + ' / ' + fmt(i):>17}")
            p(f"  {label:<54}{''.join(cells)}")
        p("")
    bad = [c for c in cols if not runs.get(c) or runs[c].get("problems")]
    for c in bad:
        p(f"incomplete: {c}: "
          f"{', '.join((runs.get(c) or {}).get('problems', ['no results']))}")
    return 1 if bad else 0


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def fmt(v, spec=".0f"):
    return "-" if v is None else format(v, spec)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--matrix":
        return matrix(sys.argv[2], sys.argv[3:])
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("json_out")
    ap.add_argument("--record-bytes", type=int, default=None)
    ap.add_argument("--boot-seconds", type=int, default=None)
    ap.add_argument("--total-seconds", type=int, default=None)
    ap.add_argument("--icount", default=None)
    ap.add_argument("--meta", action="append", default=[])
    a = ap.parse_args()
    wall = a.results != "none"

    try:
        res = parse(a.results)
    except OSError as e:
        print(f"report: {e}", file=sys.stderr)
        return 1
    info = res["info"]
    call, p1 = summarize(res["call"], CALL, res["lost"].get("call", {}),
                         int(info.get("n_call", 0)))
    upr, p2 = summarize(res["uprobe"], UPROBE, res["lost"].get("uprobe", {}),
                        int(info.get("n_uprobe", 0)))
    problems = [f"call:{p}" for p in p1] + [f"uprobe:{p}" for p in p2]
    if "bpftrace" in p1 and "bpftrace" in res["notes"]:
        problems.remove("call:bpftrace")

    if not wall:
        problems = []
    ratios = call_ratios(call, upr)
    icount = None
    if a.icount:
        icount = icount_section(a.icount, problems)

    # Throughput.
    tput = {}
    for tracer in ("sastrace", "kevent"):
        steps = res["tput"].get(tracer, [])
        flat = res["flat"].get(tracer)
        if not steps or not flat:
            if wall:
                problems.append(f"throughput:{tracer}")
            continue
        clean = [s["rate"] for s in steps if s["lost"] == 0]
        if flat["lost"] == 0:
            clean.append(flat["rate"])
        tput[tracer] = {
            "steps": steps, "flat": flat,
            "max_zero_loss_rate": max(clean) if clean else 0,
            "records_per_call": RECORDS_PER_CALL.get(tracer, 1),
            "flat_loss_fraction": flat["lost"] / max(
                1, flat["calls"] * RECORDS_PER_CALL.get(tracer, 1)),
        }

    # Memory.
    mem = {}
    m = res["mem"]
    if a.record_bytes:
        slot = (8 + a.record_bytes + 7) // 8 * 8
        mem["sastrace_record_bytes"] = a.record_bytes
        mem["sastrace_slot_bytes"] = slot
        if "sastrace_buffer_records" in m:
            recs = int(m["sastrace_buffer_records"])
            mem["sastrace_buffer_kb"] = int(m["sastrace_buffer_kb"])
            mem["sastrace_records_per_cpu"] = recs
            mem["sastrace_ring_bytes_per_cpu"] = recs * slot
    if int(m.get("kevent_entries", 0) or 0) > 0:
        ev = int(m["kevent_bytes"]) / int(m["kevent_entries"])
        mem["kevent_bytes_per_event"] = round(ev, 1)
        mem["kevent_bytes_per_call"] = round(2 * ev, 1)
        mem["kevent_buffer_kb_per_cpu"] = int(m["kevent_buffer_kb"])

    def target(v, limit):
        return None if v is None else ("PASS" if v <= limit else "MISS")
    targets = {
        "sastrace added <= 0.5 x kprobe+kretprobe event added":
            target(ratios["sastrace/kevent"], 0.5),
        "sastrace added <= 3 x empty kprobe added":
            target(ratios["sastrace/kprobe"], 3.0),
        "zero drops, reader draining, storm flat out on 2 vCPUs":
            None if "sastrace" not in tput else
            ("PASS" if tput["sastrace"]["flat"]["lost"] == 0 else "MISS"),
    }

    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    run = dict(x.split("=", 1) for x in a.meta if "=" in x)
    doc = {"kernel": res["info"].get("kernel") or
           (icount or {}).get("info", {}).get("kernel"), "date": date,
           "run": run, "icount": icount,
           "emulation": "qemu TCG (software), -smp 2, thread=single",
           "info": res["info"], "notes": res["notes"],
           "per_call": call, "uprobe": upr, "ratios": ratios,
           "throughput": tput, "memory": mem, "targets": targets,
           "boot_seconds": a.boot_seconds, "total_seconds": a.total_seconds,
           "problems": problems}
    with open(a.json_out, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")

    # The table.
    p = print
    p(f"sastrace benchmark: kernel {doc['kernel']}, {date}, "
      f"{res['info'].get('rounds', '?')} interleaved rounds")
    p(f"commit {run.get('commit', '?')}, {run.get('arch', '?')}, qemu "
      f"{run.get('qemu', '?')} -cpu {run.get('qemu_cpu', '?')}")
    p("measured under qemu TCG software emulation: compare ratios, not absolute speed")
    if icount:
        p(f"insns: a second boot, one CPU, under -icount {run.get('icount', '?')}: "
          "guest ns = executed instructions (clock check: "
          f"{fmt(icount['ns_per_insn'], '.3f')} ns per instruction);")
        p("  spread: (max - min) / median of its added cost over the rounds")
    p("")
    for title, key, cfgs, n in (
            ("Per-call cost, static loop (ns/call)", "per_call", CALL, "n_call"),
            ("User-space hook, libc sigaltstack() in a dynamic loop (ns/call)",
             "uprobe", UPROBE, "n_uprobe")):
        table = doc[key]
        itable = icount[key] if icount else {}
        p(f"{title}, {res['info'].get(n, '?')} calls per run")
        p(f"  {'configuration':<54} {'median':>8} {'min-max':>15} {'added':>8} {'at min':>8} {'lost':>6}"
          + (f" {'insns':>8} {'added':>8} {'spread':>7}" if icount else ""))
        for name, label in cfgs:
            s = table[name]
            rng = "-" if s["ns"] is None else f"{s['ns_min']:.0f}-{s['ns_max']:.0f}"
            lf = s.get("lost_fraction")
            line = (f"  {label:<54} {fmt(s['ns']):>8} {rng:>15} "
                    f"{fmt(s.get('added_ns')):>8} {fmt(s.get('added_at_min_ns')):>8} "
                    f"{'-' if lf is None else format(100 * lf, '.0f') + '%':>6}")
            if icount:
                i = itable.get(name, {})
                sp = i.get("added_spread_pct")
                line += (f" {fmt(i.get('ns')):>8} {fmt(i.get('added_ns')):>8} "
                         f"{'-' if sp is None else format(sp, '.1f') + '%':>7}")
            p(line)
        p("")
    p("sastrace's added cost as a ratio of the others' (reader draining)"
      + ("; wall, insns" if icount else ""))
    for k, v in ratios.items():
        p(f"  {k:<36} {fmt(v, '.2f'):>6}"
          + (f" {fmt(icount['ratios'].get(k), '.2f'):>6}" if icount else ""))
    p("  added: median over rounds of (config - no tracing) in the same round;")
    p("  at min: fastest run minus fastest untraced run (host noise only adds);")
    p("  lost: records dropped because the buffer was full (a tracer that drops")
    p("  pays less per call than one that keeps everything)")
    p("")
    p("Throughput, 2 producer threads (calls/s over all threads)")
    for tracer, t in tput.items():
        steps = ", ".join(f"{s['rate']}{'' if s['lost'] == 0 else ' (lost ' + str(s['lost']) + ')'}"
                          for s in t["steps"])
        unit = "records" if t["records_per_call"] == 1 else \
            f"records, {t['records_per_call']} per call"
        p(f"  {tracer:<9} paced: {steps}")
        p(f"  {'':<9} highest rate with zero loss: {t['max_zero_loss_rate']}; "
          f"flat out {t['flat']['rate']}/s, lost {t['flat']['lost']} "
          f"{unit} in {t['flat']['calls']} calls "
          f"({100 * t['flat_loss_fraction']:.1f}%)")
    p("")
    p("Memory")
    if "sastrace_ring_bytes_per_cpu" in mem:
        p(f"  sastrace: record {mem['sastrace_record_bytes']} B, ring slot "
          f"{mem['sastrace_slot_bytes']} B; buffer_kb={mem['sastrace_buffer_kb']}: "
          f"{mem['sastrace_records_per_cpu']} records, "
          f"{mem['sastrace_ring_bytes_per_cpu']} B per CPU")
    if "kevent_bytes_per_event" in mem:
        p(f"  kernel events: {mem['kevent_bytes_per_event']} B per event, "
          f"{mem['kevent_bytes_per_call']} B per call (entry + return); "
          f"buffer_size_kb={mem['kevent_buffer_kb_per_cpu']} per CPU")
    p("")
    p("Targets")
    for k, v in targets.items():
        p(f"  {v or '-':<5} {k}")
    for k, v in res["notes"].items():
        p(f"note: {k}: {v}")
    if problems:
        p(f"incomplete: {', '.join(problems)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
