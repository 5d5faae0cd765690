#!/usr/bin/env python3
"""CPU of commands run alternately: each command N times in turn (default 20,
`N=...`), its output to /dev/null, and from the kernel's rusage of each run the
median CPU (user + system), the first quartile and minimum, the median user and
system times, peak RSS and minor page faults.

    N=20 python3 benches/ab.py "OLD check /tmp/map.argdown" "NEW check /tmp/map.argdown"

Alternating the binaries spreads the load of a shared machine over both."""
import os
import statistics
import sys

n = int(os.environ.get("N", "20"))
cmds = [a.split() for a in sys.argv[1:]]
if not cmds:
    sys.exit(__doc__)
runs = [[] for _ in cmds]
for _ in range(n):
    for k, cmd in enumerate(cmds):
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.execvp(cmd[0], cmd)
        _, status, ru = os.wait4(pid, 0)
        if os.waitstatus_to_exitcode(status) > 1:
            sys.exit(f"{' '.join(cmd)}: exit code {os.waitstatus_to_exitcode(status)}")
        runs[k].append((ru.ru_utime + ru.ru_stime, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, ru.ru_minflt))
for cmd, r in zip(cmds, runs):
    cpu = sorted(x[0] for x in r)
    med = lambda i: statistics.median(x[i] for x in r)
    print(
        f"{' '.join(cmd)}\n  cpu median {med(0) * 1000:.1f} ms, q1 {cpu[len(cpu) // 4] * 1000:.1f}, "
        f"min {cpu[0] * 1000:.1f}; user {med(1) * 1000:.1f}, system {med(2) * 1000:.1f}; "
        f"peak RSS {med(3) / 1024:.1f} MB; page faults {med(4):.0f}"
    )
