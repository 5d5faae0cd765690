#!/usr/bin/env python3
"""The ideal points of `elenchus stances --ideal-points` against a reference
computed independently with numpy from the raw UN General Assembly rows of
sessions 70-74 (tests/data/unvotes-70-74/, see its README).

The reference reads un_votes.csv.gz itself (not the map): a countries x roll
calls array coded yes = 1, abstain = 0.5, no = 0, missing = NaN; each column
centred on its mean over the votes cast and missing cells set to 0; then
numpy's full SVD, coordinates U * S, shares S^2 / sum of squares. elenchus
runs on the map that tests/unvotes.py makes from the same rows (one claim per
roll call, one actor per country). The script asserts, matching countries by
name:

- on dimension 1, the same order of states (up to sign; pairs closer than
  1e-9 of the range may swap) and a correlation of at least 0.99, and the
  same share of variance (to 1e-6); the same for dimension 2's correlation;
- the well-known picture: dimension 1 explains most of the variance, with
  the United States and Israel at one end and Syria, Cuba, Iran and
  Nicaragua among the ten states at the other.

Run from anywhere: `python3 tests/ideal_points_reference.py` (ELENCHUS=path
uses that binary instead of `cargo build`). numpy is installed into a virtual
environment under target/numpy/ the first time. `.ci/run` runs it.
"""

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pyvenv
import unvotes

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "numpy" / "venv"
WORK = ROOT / "target" / "ideal-points"
DATA = ROOT / "tests" / "data" / "unvotes-70-74"
PACKAGES = ["numpy==2.4.6"]


def ensure_numpy():
    """Re-run this script inside the virtual environment, creating it first."""
    pyvenv.run_in_venv(VENV, PACKAGES, "import numpy")


def reference(np):
    """Country names, coordinates (countries x 2) and shares of variance."""
    with gzip.open(DATA / "un_votes.csv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    countries = sorted({r["country"] for r in rows})
    calls = sorted({int(r["rcid"]) for r in rows})
    ci = {c: i for i, c in enumerate(countries)}
    ri = {c: i for i, c in enumerate(calls)}
    code = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
    a = np.full((len(countries), len(calls)), np.nan)
    for r in rows:
        a[ci[r["country"]], ri[int(r["rcid"])]] = code[r["vote"]]
    a = a - np.nanmean(a, axis=0)
    a = np.nan_to_num(a, nan=0.0)
    u, s, _ = np.linalg.svd(a, full_matrices=False)
    return countries, u[:, :2] * s[:2], s[:2] ** 2 / np.sum(a * a)


def main():
    ensure_numpy()
    import numpy as np

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "unga-70-74.json"
    m, _ = unvotes.build()
    path.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    binary = os.environ.get("ELENCHUS")
    if not binary:
        subprocess.run(["cargo", "build", "-q", "--bin", "elenchus"], cwd=ROOT, check=True)
        binary = str(ROOT / "target" / "debug" / "elenchus")
    cmd = [binary, "stances", str(path), "--ideal-points", "--dims", "2", "--positive", "united-states", "--format", "json"]
    ours = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)

    countries, ref, share = reference(np)
    index = {c: i for i, c in enumerate(countries)}
    names = [a["name"] for a in ours["actors"]]
    problems = []
    if sorted(names) != countries:
        problems.append(f"different states: {sorted(set(names) ^ set(countries))}")
        names = [n for n in names if n in index]
    x = np.array([[a["coords"][0], a["coords"][1]] for a in ours["actors"] if a["name"] in index])
    y = np.array([ref[index[n]] for n in names])
    corr = []
    for d in range(2):
        r = float(np.corrcoef(x[:, d], y[:, d])[0, 1])
        if r < 0:
            y[:, d] = -y[:, d]
            r = -r
        corr.append(r)
        if r < 0.99:
            problems.append(f"dimension {d + 1}: correlation {r:.6f} < 0.99")
        if abs(ours["variance"][d] - share[d]) > 1e-6:
            problems.append(f"dimension {d + 1}: share of variance {ours['variance'][d]:.6f}, numpy {share[d]:.6f}")
    # The order on dimension 1: elenchus lists the states from the highest.
    tol = 1e-9 * (y[:, 0].max() - y[:, 0].min())
    swaps = [(names[i], names[i + 1]) for i in range(len(names) - 1) if y[i, 0] < y[i + 1, 0] - tol]
    if swaps:
        problems.append(f"order on dimension 1 differs ({len(swaps)} neighbours swapped, e.g. {swaps[:3]})")
    # The well-known picture.
    if not ours["variance"][0] > 0.5:
        problems.append(f"dimension 1 explains {ours['variance'][0]:.3f}, not most of the variance")
    if set(names[:2]) != {"United States", "Israel"}:
        problems.append(f"the two states at the positive end are {names[:2]}")
    for state in ["Syria", "Cuba", "Iran", "Nicaragua"]:
        if state not in names[-10:]:
            problems.append(f"{state} is not among the ten states at the negative end: {names[-10:]}")
    for p in problems:
        print(f"DIFFER {p}")
    print(
        f"ideal points, UNGA sessions 70-74: {len(names)} states, {len(ours['claims'])} roll calls; "
        f"dimension 1 {100 * ours['variance'][0]:.1f}% of the variance (numpy {100 * share[0]:.1f}%), "
        f"correlation with numpy {corr[0]:.9f}, dimension 2 {corr[1]:.9f}; "
        f"from {names[0]} and {names[1]} to {names[-1]}; {len(problems)} problems"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
