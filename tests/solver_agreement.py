#!/usr/bin/env python3
"""Agreement of `elenchus af solve` with pygarg, an argumentation solver
nobody on this project wrote (Jean-Guy Mailly; PyPI `pygarg`, on the SAT
solvers of PySAT).

Random frameworks of 10 to 200 arguments (several models and densities,
from a fixed seed) are written as ICCMA 2023 files (`p af N`) and apx files
(`arg(a1).`, alternately), and every task pygarg supports is asked of both
solvers: DC and DS for several arguments per framework, SE, EE and CE, under
CO, GR, PR, ST, SST and ID (pygarg has no stage semantics). Answers must be
equal: YES/NO alike; extensions compared as sets of sets; every certificate
of elenchus (DC YES: an extension with the argument; DS NO: one without it;
SE: an extension) is checked against pygarg's enumeration of the
extensions. Any disagreement is printed and the script exits with 1.

pygarg is called through its Python API (the functions its command line
calls), in this one process: its command line would start Python tens of
thousands of times. The attacks are handed to it in a list whose membership
test is a set look-up (pygarg tests `[a, b] in attacks` in its loops), and
its grounded and ideal extensions are kept for the framework at hand rather
than computed again for each query: the answers are the same, only faster.
One defect of pygarg 1.0.2 is mended here, in its enumeration of the
semi-stable extensions (see `fix_semistable_enumeration`): without it, the
script finds pygarg missing semi-stable extensions on 3 of the 200
frameworks, each time one that elenchus reports and that pygarg itself
finds once mended.

Enumeration is asked of pygarg only where elenchus counts at most
MAX_EXTENSIONS extensions (pygarg holds them all in memory; its SST
acceptance enumerates the semi-stable extensions, and its ideal extension
comes from enumerating the preferred ones): the script prints how many
tasks it left out so.

Run by hand from the repository's root:

    python3 tests/solver_agreement.py            # 200 frameworks, seed 1
    AGREEMENT_COUNT=50 AGREEMENT_SEED=7 python3 tests/solver_agreement.py
    ELENCHUS=target/release/elenchus python3 tests/solver_agreement.py
    python3 tests/solver_agreement.py --install  # only install pygarg (benches/run.sh)

It installs pygarg (and PySAT) into a virtual environment under
target/pygarg/ the first time, builds elenchus (`cargo build`) unless
ELENCHUS names a binary, and keeps its frameworks under
target/solver-agreement/. `.ci/run` runs it.
"""

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pyvenv

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "pygarg" / "venv"
WORK = ROOT / "target" / "solver-agreement"
PACKAGES = ["pygarg==1.0.2", "python-sat==1.9.dev24"]
SEMANTICS = ["CO", "GR", "PR", "ST", "SST", "ID"]
MAX_EXTENSIONS = int(os.environ.get("AGREEMENT_MAX_EXTENSIONS", "300"))
QUERIES = 4


def ensure_pygarg():
    """Re-run this script inside the virtual environment, creating it first."""
    pyvenv.run_in_venv(VENV, PACKAGES, "import pygarg, pysat")


class Attacks(list):
    """A list of [a, b] attacks whose `in` is a set look-up."""

    def __init__(self, pairs):
        pairs = [tuple(p) for p in pairs]
        super().__init__([list(p) for p in pairs])
        self._set = set(pairs)

    def __contains__(self, item):
        return tuple(item) in self._set


def fix_semistable_enumeration(module):
    """pygarg 1.0.2 enumerates the semi-stable extensions range by range,
    adding each range's clauses to its list of hard clauses, the same list
    for every range: from the second range on, the clauses of the earlier
    ones are still there, and extensions are lost (8 of 16 in one framework
    of this script). Each range is given a copy of the list here, as the
    function means to do; the rest of pygarg is as published."""
    plain = module.get_semistable_extensions_from_MCS

    def fixed(args, atts, mcs, hard_clauses, soft_clauses):
        return plain(args, atts, mcs, list(hard_clauses), soft_clauses)

    module.get_semistable_extensions_from_MCS = fixed


def memoise(module, name):
    """Keep the answers of `module.name(args, atts)` for the framework at hand.
    pygarg computes the grounded and the ideal extension afresh for every
    query (the ideal one by enumerating the preferred extensions); its
    functions look each other up in their module, so this serves them all.
    Returns the cache, to be emptied before the next framework."""
    plain = getattr(module, name)
    cache = {}

    def cached(args, atts):
        if "answer" not in cache:
            cache["answer"] = plain(args, atts)
        return list(cache["answer"])

    setattr(module, name, cached)
    return cache


def generate(rng, i):
    """The i-th framework: (model, n, attacks as 0-based pairs)."""
    model = ["sparse", "dense", "mutual", "cycles", "preferential", "small"][i % 6]
    n = rng.randint(10, 200)
    att = set()
    if model == "sparse":
        p = rng.choice([0.5, 1.0, 1.5]) / n
        att = {(a, b) for a in range(n) for b in range(n) if rng.random() < p}
    elif model == "dense":
        n = rng.randint(10, 60)
        p = rng.choice([3.0, 5.0, 8.0]) / n
        att = {(a, b) for a in range(n) for b in range(n) if rng.random() < p}
    elif model == "mutual":
        # Symmetric attacks make even cycles, and so many extensions.
        n = rng.randint(10, 40)
        p = rng.choice([1.0, 2.0]) / n
        for a in range(n):
            for b in range(a + 1, n):
                if rng.random() < p:
                    att.add((a, b))
                    if rng.random() < 0.6:
                        att.add((b, a))
    elif model == "cycles":
        # Odd and even cycles, joined by a few attacks.
        a = 0
        while a < n:
            k = min(rng.randint(1, 5), n - a)
            for j in range(k):
                att.add((a + j, a + (j + 1) % k))
            a += k
        for _ in range(rng.randint(0, n // 3)):
            att.add((rng.randrange(n), rng.randrange(n)))
    elif model == "preferential":
        # Each new argument attacks (or is attacked by) arguments already
        # much attacked: a few hubs, as in ICCMA's Barabasi-Albert families.
        targets = [0]
        for a in range(1, n):
            for _ in range(rng.randint(1, 2)):
                b = rng.choice(targets)
                att.add((a, b) if rng.random() < 0.7 else (b, a))
                targets.append(b)
            targets.append(a)
    else:
        n = rng.randint(10, 16)
        p = rng.choice([1.0, 2.0, 3.0]) / n
        att = {(a, b) for a in range(n) for b in range(n) if rng.random() < p}
    # A few self-attacks in every model.
    for a in range(n):
        if rng.random() < 0.03:
            att.add((a, a))
    return model, n, sorted(att)


def write(path, n, att, apx):
    with open(path, "w") as f:
        if apx:
            f.writelines(f"arg(a{a + 1}).\n" for a in range(n))
            f.writelines(f"att(a{a + 1},a{b + 1}).\n" for a, b in att)
        else:
            f.write(f"p af {n}\n")
            f.writelines(f"{a + 1} {b + 1}\n" for a, b in att)


def elenchus(binary, path, task, arg=None, limit=None):
    cmd = [binary, "af", "solve", str(path), "-p", task]
    if arg is not None:
        cmd += ["-a", arg]
    if limit is not None:
        cmd += ["--limit", str(limit), "--quiet"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {r.returncode}: {r.stderr.strip()}")
    return r.stdout.splitlines()


def witness(line):
    assert line.startswith("w"), line
    return frozenset(line.split()[1:])


def main():
    ensure_pygarg()
    if "--install" in sys.argv[1:]:
        return
    from pygarg.dung import solver as pg

    fix_semistable_enumeration(pg)
    caches = [memoise(pg, "compute_grounded_extension"), memoise(pg, "compute_ideal_extension")]

    count = int(os.environ.get("AGREEMENT_COUNT", "200"))
    seed = int(os.environ.get("AGREEMENT_SEED", "1"))
    binary = os.environ.get("ELENCHUS")
    if not binary:
        subprocess.run(["cargo", "build", "-q", "--bin", "elenchus"], cwd=ROOT, check=True)
        binary = str(ROOT / "target" / "debug" / "elenchus")
    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    problems = []
    asked = 0
    skipped = 0
    started = time.time()

    for i in range(count):
        model, n, att = generate(rng, i)
        for c in caches:
            c.clear()
        apx = i % 2 == 1
        names = [f"a{a + 1}" if apx else str(a + 1) for a in range(n)]
        path = WORK / f"fw-{i:03}.{'apx' if apx else 'af'}"
        write(path, n, att, apx)
        args = list(names)
        atts = Attacks((names[a], names[b]) for a, b in att)
        queries = rng.sample(names, min(QUERIES, n))
        where = f"{path.name} ({model}, {n} arguments, {len(att)} attacks)"

        def differ(task, ours, theirs):
            problems.append(f"{where} {task}: elenchus {ours}, pygarg {theirs}")

        # Up to MAX_EXTENSIONS + 1 extensions of each semantics, by elenchus.
        ee = {}
        for sem in SEMANTICS:
            lines = elenchus(binary, path, f"EE-{sem}", limit=MAX_EXTENSIONS + 1)
            ee[sem] = [] if lines == ["NO"] else lines
        for sem in SEMANTICS:
            # pygarg enumerates for EE and CE, for SST acceptance and for ID.
            small = all(len(ee[s]) <= MAX_EXTENSIONS for s in {sem, "PR" if sem == "ID" else sem})
            exts = None
            if small:
                exts = {frozenset(e) for e in pg.extension_enumeration(args, atts, sem)}
                ours = {witness(line) for line in ee[sem]}
                asked += 2
                if len(ours) != len(ee[sem]):
                    differ(f"EE-{sem}", f"repeats an extension ({len(ee[sem])} lines)", "")
                if ours != exts:
                    diff = sorted(sorted(e) for e in ours ^ exts)[:3]
                    differ(f"EE-{sem}", f"{len(ours)} extensions", f"{len(exts)}; some in one only: {diff}")
                ce = int(elenchus(binary, path, f"CE-{sem}")[0])
                their_count = pg.extension_counting(args, atts, sem)
                if ce != their_count or ce != len(ee[sem]):
                    differ(f"CE-{sem}", f"{ce} ({len(ee[sem])} enumerated)", their_count)
            else:
                skipped += 2
            # SE: elenchus's extension must be one of the extensions.
            se = elenchus(binary, path, f"SE-{sem}")
            if exts is None and sem != "GR":
                skipped += 1
            else:
                asked += 1
            if exts is not None:
                if se == ["NO"]:
                    if exts:
                        differ(f"SE-{sem}", "NO", f"{len(exts)} extensions")
                elif witness(se[0]) not in exts:
                    differ(f"SE-{sem}", sorted(witness(se[0])), "not an extension")
            elif sem == "GR":
                theirs = frozenset(pg.compute_some_extension(args, atts, sem))
                if witness(se[0]) != theirs:
                    differ(f"SE-{sem}", sorted(witness(se[0])), sorted(theirs))
            for a in queries:
                if sem in ("SST", "ID") and not small:
                    skipped += 2
                    continue
                asked += 2
                dc = elenchus(binary, path, f"DC-{sem}", a)
                yes, _ = pg.credulous_acceptability(args, atts, a, sem)
                if (dc[0] == "YES") != bool(yes):
                    differ(f"DC-{sem} -a {a}", dc[0], "YES" if yes else "NO")
                elif dc[0] == "YES":
                    w = witness(dc[1])
                    if a not in w or (exts is not None and w not in exts):
                        differ(f"DC-{sem} -a {a}", f"certificate {sorted(w)}", "not an extension with the argument")
                ds = elenchus(binary, path, f"DS-{sem}", a)
                yes, _ = pg.skeptical_acceptability(args, atts, a, sem)
                if (ds[0] == "YES") != bool(yes):
                    differ(f"DS-{sem} -a {a}", ds[0], "YES" if yes else "NO")
                elif ds[0] == "NO":
                    w = witness(ds[1])
                    if a in w or (exts is not None and w not in exts):
                        differ(f"DS-{sem} -a {a}", f"certificate {sorted(w)}", "not an extension without the argument")
        if (i + 1) % 25 == 0:
            print(f"{i + 1} frameworks, {asked} answers compared, {time.time() - started:.0f} s", file=sys.stderr)

    for p in problems[:50]:
        print(f"DISAGREE {p}")
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more")
    print(
        f"solver agreement: {count} frameworks (seed {seed}), {asked} answers compared, "
        f"{skipped} enumeration tasks left out (more than {MAX_EXTENSIONS} extensions), "
        f"{len(problems)} disagreements, {time.time() - started:.0f} s"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
