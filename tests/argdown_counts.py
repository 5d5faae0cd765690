#!/usr/bin/env python3
"""What elenchus reads from Argdown files, counted against the Argdown CLI's
own JSON export (`argdown json`, @argdown/cli, pinned in tests/argdown-cli/).

First, examples/gen must write the same random map as Argdown and as
JSON: Argdown's export of the one counted as below equals the other's
counts. Then, for every file tests/data/argdown/*.argdown, `argdown json FILE` must succeed
(exit 0, no syntax error), and `elenchus import argdown FILE -o OUT.json`
must give a map whose counts equal the counts derived from Argdown's export
by the mapping below. Any difference is printed and the script exits with 1.
Then every file tests/data/argdown/bad/*.argdown, and inputs generated here
(nesting 100,000 deep), must be refused by `elenchus check` with exit code 2
and a `file:line:column` position, never a panic, a signal or a hang (see
`generated` for the deep ones).

How Argdown's export maps to elenchus's map (the reader's conventions; this
is what is counted):

- Claims. Each key of Argdown's `statements` (an equivalence class: every
  statement with one title, the first definition's text canonical) is one
  claim, whose id is the title; untitled statements ("Untitled N") get
  generated ids. Each argument without a premise-conclusion structure (PCS)
  is one claim too (id = argument title): a sketched argument is a reason.
  An argument with a PCS is no claim. So
      claims = |statements| + |arguments without PCS|.
- Relations. Each relation of Argdown's `relations` (it has a
  `relationType`) is one elenchus relation, typed by RELATION_TYPE below:
  support -> supports, attack -> attacks, undercut -> undercuts,
  contradictory -> contradicts; in strict mode entails -> implies and
  contrary -> attacks (elenchus has no contrariety: an attack, as
  docs/interop.md says). Besides these, each inference of a PCS is one
  relation (Argdown's `relations` does not list them): its premises are the
  PCS statements since the previous inference (the previous conclusion
  included), linked (`from = [..]`) when more than one, its target the
  conclusion after it; its type the inference's data `type` when given
  (`{type: implies}`), else `supports` in loose mode and `implies` in strict
  mode (`model: mode: strict` in the front matter). So
      relations = |relations| + sum over PCS arguments of |inferences|,
  counted per elenchus type, duplicates (same type, same premises, same
  target; `contradicts` in either direction) once, as elenchus counts them.
- Ends. A statement end is its claim. An argument without PCS is its claim.
  An argument with a PCS is, as a source, its main conclusion; as the target
  of an undercut (Argdown's `toType` `inference`), the relation of its main
  inference, whose id is the argument's title. Other relations into a PCS
  argument have no mapping; the script stops if a test file has one.
- Ids. Every Argdown title that is already a valid elenchus id (ASCII
  letters, digits, `-`, `_`, `.`, starting with a letter or digit) must be a
  claim id in the map (statements, arguments without PCS) or a relation id
  (arguments with a PCS). Titles with other characters are left to the
  reader's id scheme and are counted only.
- Stances and actors (not part of Argdown: the convention of
  docs/interop.md). A statement's data `affirmedBy`, `deniedBy` and
  `abstainedBy` lists give one stance per entry; its `stances` list one per
  entry. elenchus's count is the entries of the actors' `affirms`, `denies`,
  `abstains` lists plus its `stances` list.
- Byte order mark. Argdown 1.7.5 reads a leading BOM as text (its front matter
  is then not read, and an extra untitled statement appears): for a file that
  starts with one, Argdown is given a copy without it.

Run by hand from the repository's root:

    python3 tests/argdown_counts.py              # every test file
    ELENCHUS=target/release/elenchus GEN=target/release/examples/gen python3 tests/argdown_counts.py
    python3 tests/argdown_counts.py --install    # only install the Argdown CLI;
                                                 # prints its path (benches/argdown.sh)
    python3 tests/argdown_counts.py --expected   # only Argdown's side: the counts
                                                 # each file must give

It installs the Argdown CLI with `npm ci` into target/argdown-cli/ the first
time (Node.js and npm must be installed: `.ci/run` installs them), builds
elenchus and examples/gen (`cargo build`) unless ELENCHUS and GEN name
binaries, and keeps its
outputs under target/argdown-counts/.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "argdown"
PINNED = ROOT / "tests" / "argdown-cli"
CLI_DIR = ROOT / "target" / "argdown-cli"
WORK = ROOT / "target" / "argdown-counts"
VERSION = json.loads((PINNED / "package.json").read_text())["dependencies"]["@argdown/cli"]
DEEP = 100_000
TIMEOUT = 120
GENERATED = [(40, 1), (300, 2), (2000, 3)]

RELATION_TYPE = {
    "support": "supports",
    "attack": "attacks",
    "undercut": "undercuts",
    "entails": "implies",
    "contrary": "attacks",
    "contradictory": "contradicts",
}
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
BOM = b"\xef\xbb\xbf"


def install():
    """The path of the pinned Argdown CLI, installed with `npm ci` unless present."""
    binary = CLI_DIR / "node_modules" / ".bin" / "argdown"
    ok = False
    if binary.exists():
        probe = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
        ok = probe.returncode == 0 and probe.stdout.strip() == VERSION
    if not ok:
        if not shutil.which("npm"):
            sys.exit("argdown_counts: npm is missing; install Node.js and npm: apt-get install -y nodejs npm")
        print(f"installing @argdown/cli {VERSION} into {CLI_DIR}", file=sys.stderr)
        CLI_DIR.mkdir(parents=True, exist_ok=True)
        for f in ("package.json", "package-lock.json"):
            shutil.copyfile(PINNED / f, CLI_DIR / f)
        # npm's own report ("added N packages") goes to stderr: with
        # `--install` the path printed on stdout is read by benches/argdown.sh.
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=CLI_DIR, check=True,
                       stdout=sys.stderr)
    return binary


def argdown_json(argdown, path):
    """Argdown's JSON export of `path` (a BOM removed first), or an error string."""
    out = WORK / "argdown"
    out.mkdir(parents=True, exist_ok=True)
    raw = path.read_bytes()
    src = path
    if raw.startswith(BOM):
        src = WORK / "nobom" / path.name
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_bytes(raw[len(BOM) :])
    target = out / (path.stem + ".json")
    target.unlink(missing_ok=True)
    r = subprocess.run([str(argdown), "json", str(src), str(out)], capture_output=True, text=True)
    text = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout + r.stderr)
    if r.returncode != 0 or "error" in text.lower() or "exception" in text.lower() or not target.exists():
        return None, f"argdown json failed (exit {r.returncode}):\n{text.strip()}"
    return json.loads(target.read_text()), None


def strict_mode(path):
    """Whether the file's front matter sets `model: mode: strict`."""
    text = path.read_bytes().removeprefix(BOM).decode("utf-8").replace("\r\n", "\n")
    m = re.match(r"===\n(.*?)\n===\n", text, re.S)
    return bool(m and re.search(r"^model:\s*\n(\s+.*\n)*?\s+mode:\s*strict\s*$", m.group(1) + "\n", re.M))


def relation_key(kind, sources, target):
    """One relation as elenchus counts it: contradicts is symmetric."""
    sources = frozenset(sources)
    if kind == "contradicts":
        return (kind, frozenset(sources | {target}))
    return (kind, sources, target)


def expected(d, strict):
    """Counts derived from Argdown's export (see the module's docstring)."""
    statements = d["statements"]
    arguments = d["arguments"]
    with_pcs = {t: a for t, a in arguments.items() if a.get("pcs")}
    claims = len(statements) + len(arguments) - len(with_pcs)

    def main_conclusion(title):
        return with_pcs[title]["pcs"][-1]["title"]

    keys = set()
    for r in d["relations"]:
        kind = RELATION_TYPE[r["relationType"]]
        src = r["from"]
        if r["fromType"] == "argument" and src in with_pcs:
            src = main_conclusion(src)
        dst = r["to"]
        if r["toType"] == "argument" and dst in with_pcs:
            raise SystemExit(f"argdown_counts: no mapping for a {r['relationType']} into the PCS argument <{dst}>")
        keys.add(relation_key(kind, [src], ("relation", dst) if kind == "undercuts" else dst))
    default_kind = "implies" if strict else "supports"
    for title, a in with_pcs.items():
        premises = []
        for s in a["pcs"]:
            if "inference" in s:
                kind = (s["inference"].get("data") or {}).get("type", default_kind)
                keys.add(relation_key(kind, premises, s["title"]))
                premises = []
            premises.append(s["title"])
    relations = Counter(k[0] for k in keys)
    stances = 0
    for ec in statements.values():
        data = ec.get("data") or {}
        for k in ("affirmedBy", "deniedBy", "abstainedBy", "stances"):
            stances += len(data.get(k) or [])
    claim_ids = {t for t in statements if ID.match(t)} | {t for t in arguments if t not in with_pcs and ID.match(t)}
    relation_ids = {t for t in with_pcs if ID.match(t)}
    return {
        "claims": claims,
        "arguments": len(arguments),
        "relations": dict(sorted(relations.items())),
        "stances": stances,
    }, claim_ids, relation_ids


def actual(m):
    """Counts of an elenchus JSON map, duplicates once."""
    keys = set()
    claims = m.get("claims", {})
    for cid, c in claims.items():
        for kind in ("supports", "attacks", "contradicts", "implies"):
            for t in c.get(kind, []):
                keys.add(relation_key(kind, [cid], t))
        for t in c.get("undercuts", []):
            keys.add(relation_key("undercuts", [cid], ("relation", t)))
    relation_ids = set()
    for r in m.get("relations", []):
        src = r["from"] if isinstance(r["from"], list) else [r["from"]]
        dst = ("relation", r["to"]) if r["type"] == "undercuts" else r["to"]
        keys.add(relation_key(r["type"], src, dst))
        if "id" in r:
            relation_ids.add(r["id"])
    stances = len(m.get("stances", []))
    for a in m.get("actors", {}).values():
        for k in ("affirms", "denies", "abstains"):
            stances += len(a.get(k, []))
    return Counter(k[0] for k in keys), stances, set(claims), relation_ids


def elenchus_binary():
    binary = os.environ.get("ELENCHUS")
    if not binary:
        subprocess.run(["cargo", "build", "-q", "--bin", "elenchus"], cwd=ROOT, check=True)
        binary = str(ROOT / "target" / "debug" / "elenchus")
    return binary


def gen_binary():
    binary = os.environ.get("GEN")
    if not binary:
        subprocess.run(["cargo", "build", "-q", "--example", "gen"], cwd=ROOT, check=True)
        binary = str(ROOT / "target" / "debug" / "examples" / "gen")
    return binary


def generator_agrees(argdown, problems):
    """examples/gen writes the same map as JSON and as Argdown: Argdown's
    export of the Argdown file, counted by the mapping above, equals the
    counts of the JSON map (claims, relations by type, stances)."""
    gen = gen_binary()
    for claims, seed in GENERATED:
        base = WORK / "gen" / f"map-{claims}-{seed}"
        base.parent.mkdir(parents=True, exist_ok=True)
        for ext in ("argdown", "json"):
            subprocess.run([gen, "--claims", str(claims), "--seed", str(seed), "-o", f"{base}.{ext}"], check=True)
        d, err = argdown_json(argdown, Path(f"{base}.argdown"))
        if err:
            problems.append(f"gen {claims} claims, seed {seed}: {err}")
            continue
        want = expected(d, strict_mode(Path(f"{base}.argdown")))[0]
        relations, stances, claim_ids, _ = actual(json.loads(Path(f"{base}.json").read_text()))
        got = {"claims": len(claim_ids), "relations": dict(sorted(relations.items())), "stances": stances}
        same = all(want[k] == got[k] for k in got)
        if not same:
            problems.append(f"gen {claims} claims, seed {seed}: Argdown file {want}, JSON map {got}")
        print(f"gen --claims {claims} --seed {seed}: Argdown and JSON agree: {'yes' if same else 'NO'}")


def has_reader(binary):
    """Whether this elenchus has `import argdown`; prints why not."""
    r = subprocess.run([binary, "import", "argdown", "--help"], capture_output=True, text=True)
    if r.returncode == 0:
        return True
    print(
        "argdown_counts: this elenchus cannot read Argdown files yet "
        f"(`elenchus import argdown --help` exited {r.returncode}):\n" + r.stderr.strip()[:2000],
        file=sys.stderr,
    )
    return False


def compare(binary, argdown, path, problems):
    before = len(problems)
    d, err = argdown_json(argdown, path)
    if err:
        problems.append(f"{path.name}: {err}")
        return
    want, claim_ids, relation_ids = expected(d, strict_mode(path))
    out = WORK / "elenchus" / (path.stem + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([binary, "import", "argdown", str(path), "-o", str(out)], capture_output=True, text=True)
    if r.returncode != 0:
        problems.append(f"{path.name}: elenchus import argdown exited {r.returncode}:\n{r.stderr.strip()}")
        return
    relations, stances, have_claims, have_relation_ids = actual(json.loads(out.read_text()))
    got = {
        "claims": len(have_claims),
        "relations": dict(sorted(relations.items())),
        "stances": stances,
    }
    for k in ("claims", "relations", "stances"):
        if want[k] != got[k]:
            problems.append(f"{path.name}: {k}: Argdown {want[k]}, elenchus {got[k]}")
    for t in sorted(claim_ids - have_claims):
        problems.append(f"{path.name}: the title `{t}` is no claim id of the map")
    for t in sorted(relation_ids - have_relation_ids):
        problems.append(f"{path.name}: the argument `{t}` is no relation id of the map")
    total = sum(want["relations"].values())
    ok = "ok" if len(problems) == before else "DIFFERS"
    print(
        f"{path.name}: {want['claims']} claims ({len(d['statements'])} statements, {want['arguments']} arguments), "
        f"{total} relations, {want['stances']} stances: {ok}"
    )


def generated():
    """Inputs too large to commit: (name, text, exit codes allowed). Deep
    unclosed braces must be refused; a deep but well-formed nesting may
    be read or refused, never crash. A relation tree is 2,000 levels deep,
    not 100,000: each level is indented one more space, so the file grows
    with the square of the depth (100,000 levels would be 5 GB)."""
    tree = "[r0]: Root.\n" + "".join(f"{' ' * i}+ [r{i}]: Level {i}.\n" for i in range(1, 2000))
    return [
        ("deep-yaml-unclosed.argdown", "[deep]: Nested data. {a: " + "[" * DEEP + "\n", {2}),
        ("deep-braces.argdown", "[deep]: Nested braces. " + "{" * DEEP + "\n", {2}),
        # Argdown reads a title of 100,000 `[` and `deep`; elenchus the same
        # statement, its id the title's slug: read or refused, never a crash.
        ("deep-brackets.argdown", "[" * DEEP + "deep]: x\n", {0, 2}),
        ("deep-tree-tab.argdown", tree + "\t+ [tab]: A tab among spaces.\n", {2}),
        ("deep-yaml.argdown", "[deep]: Nested data. {a: " + "[" * DEEP + "]" * DEEP + "}\n", {0, 1, 2}),
        ("deep-tree.argdown", tree, {0, 1}),
    ]


def refuse(binary, path, allowed, problems):
    """`elenchus check` on a bad or extreme file: an exit code in `allowed`,
    a `file:line:column` position with exit 2, no panic, no hang."""
    name = path.name
    try:
        r = subprocess.run([binary, "check", str(path)], capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        problems.append(f"{name}: elenchus check still running after {TIMEOUT} s")
        return
    # `check` prints its report, diagnostics included, on standard output.
    err = r.stdout + r.stderr
    before = len(problems)
    if "panicked" in err or r.returncode < 0:
        problems.append(f"{name}: elenchus check crashed (exit {r.returncode}):\n{err[-2000:]}")
    elif r.returncode not in allowed:
        problems.append(f"{name}: elenchus check exited {r.returncode}, not {' or '.join(map(str, sorted(allowed)))}")
    elif r.returncode == 2 and not re.search(re.escape(name) + r":\d+:\d+", err):
        problems.append(f"{name}: no `{name}:line:column` in the error:\n{err[:2000]}")
    if name == "undefined-reference.argdown" and "did you mean" not in err:
        problems.append(f"{name}: no `did you mean` for the misspelt title:\n{err[:2000]}")
    if len(problems) == before:
        print(f"{name}: exit {r.returncode}, as expected")


def main():
    argdown = install()
    if "--install" in sys.argv[1:]:
        print(argdown)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    files = sorted(DATA.glob("*.argdown"))
    if "--expected" in sys.argv[1:]:
        for path in files:
            d, err = argdown_json(argdown, path)
            print(f"{path.name}: {err or expected(d, strict_mode(path))[0]}")
        return
    problems = []
    generator_agrees(argdown, problems)
    binary = elenchus_binary()
    if not has_reader(binary):
        for p in problems:
            print(f"DIFFER {p}")
        sys.exit(1)
    for path in files:
        compare(binary, argdown, path, problems)
    bad = [(p, {2}) for p in sorted((DATA / "bad").glob("*.argdown"))]
    gen = WORK / "generated"
    gen.mkdir(parents=True, exist_ok=True)
    for name, text, allowed in generated():
        (gen / name).write_text(text)
        bad.append((gen / name, allowed))
    for path, allowed in bad:
        refuse(binary, path, allowed, problems)
    for p in problems:
        print(f"DIFFER {p}")
    print(
        f"argdown counts: {len(files)} files compared with Argdown {VERSION}, "
        f"{len(bad)} bad or extreme inputs, {len(problems)} problems"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
