#!/usr/bin/env python3
"""The SARIF of `elenchus check --format sarif` through Microsoft's SARIF
Multitool (`@microsoft/sarif-multitool` from npm, installed under
target/sarif-multitool/ the first time): its `validate` command checks a log
against the schema and against its rules for good SARIF (URIs, rule names
and help, locations, suppressions). Every log must give no error and no
warning.

Logs of: the shipped maps; every map of tests/data/check/ (findings at each
level, acknowledged findings, stale acknowledgements, an invalid map); a map
named by its absolute path (a `file://` URI); a map read from standard input;
and a baseline file.

`.ci/run` runs it when npm is there; by hand, from the repository's root:
`python3 tests/sarif_multitool.py` (`ELENCHUS=target/release/elenchus` to
use a binary already built; else it runs `cargo build`).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL_DIR = ROOT / "target" / "sarif-multitool"
PACKAGE = "@microsoft/sarif-multitool"


def install():
    binary = TOOL_DIR / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
    if not binary.exists():
        TOOL_DIR.mkdir(parents=True, exist_ok=True)
        print(f"installing {PACKAGE} into {TOOL_DIR}", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOL_DIR), PACKAGE],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # npm may hold back the package's install script, whose only work is this.
    binary.chmod(binary.stat().st_mode | 0o100)
    return binary


def elenchus():
    given = os.environ.get("ELENCHUS")
    if given:
        return given
    subprocess.run(["cargo", "build", "-q"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "debug" / "elenchus")


def main():
    tool = install()
    exe = elenchus()
    check_dir = ROOT / "tests" / "data" / "check"
    cases = [("maps", ["maps"], None)]
    cases += [(p.stem, [str(p.relative_to(ROOT))], None) for p in sorted(check_dir.glob("*.toml"))]
    cases.append(("absolute", [str(ROOT / "tests" / "data" / "example.toml")], None))
    cases.append(("stdin", ["--input-format", "toml", "-"], (ROOT / "tests" / "data" / "example.toml").read_text()))
    failed = []
    with tempfile.TemporaryDirectory(prefix="elenchus-sarif-") as d:
        tmp = Path(d)
        baseline = tmp / "baseline.toml"
        subprocess.run([exe, "check", "--write-baseline", str(baseline), "maps"], cwd=ROOT, capture_output=True)
        if baseline.exists():
            cases.append(("baseline", ["--baseline", str(baseline), "maps"], None))
        else:
            failed.append("baseline: `check --write-baseline` wrote nothing")
        for name, args, stdin in cases:
            log = tmp / f"{name}.sarif"
            r = subprocess.run([exe, "check", "--format", "sarif", *args], cwd=ROOT, input=stdin, capture_output=True, text=True)
            if r.returncode not in (0, 1, 2) or not r.stdout:
                failed.append(f"{name}: exit {r.returncode}, {r.stderr}")
                continue
            log.write_text(r.stdout)
            out = tmp / f"{name}.validation.sarif"
            v = subprocess.run([str(tool), "validate", str(log), "-o", str(out)], capture_output=True, text=True)
            if not out.exists():
                failed.append(f"{name}: the multitool wrote no result (exit {v.returncode}): {v.stdout}{v.stderr}")
                continue
            results = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0].get("results", [])
            bad = [r for r in results if r.get("level", "warning") in ("error", "warning")]
            count = len(json.loads(r.stdout)["runs"][0]["results"])
            if bad:
                for b in bad:
                    failed.append(f"{name}: {b.get('level', 'warning')} {b.get('ruleId')}: {b['message'].get('text', b['message'])}")
            else:
                print(f"ok: {name} ({count} results): no error, no warning")
    if failed:
        print("\n".join(failed))
        sys.exit(1)
    print(f"SARIF Multitool: {len(cases)} logs valid")


if __name__ == "__main__":
    main()
