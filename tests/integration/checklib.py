# SPDX-License-Identifier: GPL-2.0
"""What the host-side checks of the integration tests share: reading a
test's section of the guest's results, printing `ok - ` / `not ok - `
lines, and the module's `stats` counters."""


class Results:
    """A test's output from the guest; `=== NAME` lines start sections."""

    def __init__(self, path):
        with open(path, errors='replace') as f:
            self.lines = [l.rstrip('\r\n') for l in f]

    def section(self, name):
        """The lines after the first `=== NAME`, up to the next `=== `."""
        try:
            i = self.lines.index(f'=== {name}')
        except ValueError:
            return []
        j = i + 1
        while j < len(self.lines) and not self.lines[j].startswith('=== '):
            j += 1
        return self.lines[i + 1:j]


class Checker:
    """Prints one `ok - PREFIXname` or `not ok - PREFIXname: why` per check
    and counts the failures."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.failed = 0

    def check(self, name, cond, why=''):
        if cond:
            print(f'ok - {self.prefix}{name}')
        else:
            self.failed += 1
            print(f'not ok - {self.prefix}{name}: {why}')


def stats(lines):
    """The `name value` lines of the stats file, as a dict."""
    d = {}
    for l in lines:
        p = l.split()
        if len(p) == 2 and p[1].isdigit():
            d[p[0]] = int(p[1])
    return d
