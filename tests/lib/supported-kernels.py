#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The README's "Supported kernels" table, from one `make check` run.

    supported-kernels.py CHECK_OUT SERIES... > TABLE.md
    supported-kernels.py --readme README.md TABLE.md

The first form reads what tests/check.sh left in CHECK_OUT (build/check) for
each kernel SERIES: SERIES/kbuild (the release, architecture), SERIES/series.log
(every result line of that series) and the guests' dmesg (which hooks the
module attached: the smoke test's boot, or core's where smoke does not run,
for the syscall and signal hooks, the uprobe test's for the uprobe hook). The second replaces the table between the
README's `<!-- supported-kernels -->` and `<!-- /supported-kernels -->`
markers. Nothing here is typed by hand: a series that did not run is a row
that says so.
"""
import datetime
import os
import re
import sys

BEGIN = "<!-- supported-kernels -->"
END = "<!-- /supported-kernels -->"


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def hooks(sdir, arch):
    """Which hooks the module attached, from the guests' kernel logs."""
    for test in ("smoke", "core"):
        smoke = read(os.path.join(sdir, f"vm-{test}", "dmesg.txt"))
        if smoke is not None:
            break
    upr = read(os.path.join(sdir, "vm-uprobe", "dmesg.txt"))
    got = []
    if smoke is None:
        return "? (no smoke or core boot)"
    if "sastrace: tracing sigaltstack" in smoke:
        got.append("kprobe")
        if not re.search(r"sastrace: no (32-bit|compat) hook", smoke):
            got.append("compat")
        if arch == "amd64" and "sastrace: no x32 hook" not in smoke:
            got.append("x32")
        if "sastrace: no signal hook" not in smoke:
            got.append("signal")
    if upr is not None and re.search(r"sastrace: uprobes: [1-9][0-9]* target", upr):
        got.append("uprobe")
    return ", ".join(got) or "none"


def row(out, series, today):
    sdir = os.path.join(out, series)
    kbuild = read(os.path.join(sdir, "kbuild"))
    log = read(os.path.join(sdir, "series.log"))
    if series in ("debug", "debug-rt"):
        env = read(os.path.join(sdir, "kernel.env")) or ""
        m = re.search(r"^KVER=(\S+)", env, re.M)
        kver, arch = (m.group(1) if m else "?"), "amd64"
    elif kbuild:
        kv, _chroot, arch, _cross = kbuild.split()
        kver = kv.split("=", 1)[0]
    else:
        kver, arch = "?", "?"
    if log is None:
        return f"| `{series}` | {kver} | {arch} | | did not run | | {today} |"
    passed = len(re.findall(r"^ok - (?!.*#\s*skip)", log, re.M | re.I))
    failed = len(re.findall(r"^not ok - ", log, re.M))
    if series == "debug":
        flavour = "KUnit/debug (lockdep, KASAN, ...)"
    elif series == "debug-rt":
        flavour = "PREEMPT_RT, KUnit/debug (lockdep, KASAN, ...)"
    else:
        flavour = "PREEMPT_RT" if "-rt-" in kver else "generic"
    return (f"| `{series}` | {kver} | {arch} | {flavour} | {passed} passed, "
            f"{failed} failed | {hooks(sdir, arch)} | {today} |")


def table(out, series_list):
    today = datetime.date.today().isoformat()
    lines = ["| series | kernel release | arch | flavour | tests | hooks attached | date |",
             "|---|---|---|---|---|---|---|"]
    lines += [row(out, s, today) for s in series_list]
    return "\n".join(lines) + "\n"


def readme(path, table_path):
    text = read(path)
    new = read(table_path)
    if text is None or new is None:
        sys.exit(f"supported-kernels.py: cannot read {path} or {table_path}")
    b, e = text.find(BEGIN), text.find(END)
    if b < 0 or e < b:
        sys.exit(f"supported-kernels.py: no {BEGIN} ... {END} in {path}")
    text = text[:b + len(BEGIN)] + "\n" + new + text[e:]
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--readme":
        readme(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        sys.stdout.write(table(sys.argv[1], sys.argv[2:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
