#!/usr/bin/env python3
"""The UN General Assembly roll calls of sessions 70-74, for the ideal-point
comparison (tests/ideal_points_reference.py).

    python3 tests/unvotes.py extract SRC_DIR   # cut tests/data/unvotes-70-74/ from the full data
    python3 tests/unvotes.py map OUT.json      # the committed rows as an elenchus JSON map

`extract` keeps the header and the rows of the three CSV files whose roll
call (`rcid`) belongs to sessions 70 to 74, in the order of the source, and
writes them gzipped (no timestamp in the gzip header, so the bytes depend on
the rows only).

`map` makes one claim per roll call (id `rc-<rcid>`, text = the `short`
title, or `descr` when `short` is empty; the issue tags as `tags`) and one
actor per country (id = the country name lower-cased, diacritics and
apostrophes dropped, other runs of characters turned into `-`: `United
States` -> `united-states`), with its votes as `affirms` (yes), `denies` (no)
and `abstains` (abstain). Nothing else: no relations, no absences (the data
have none). Standard library only.
"""

import csv
import gzip
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "unvotes-70-74"
FILES = ["un_roll_calls.csv.gz", "un_votes.csv.gz", "un_roll_call_issues.csv.gz"]
SESSIONS = range(70, 75)


def read(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(path, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(buf.getvalue().encode("utf-8"))


def extract(src):
    src = Path(src)
    calls = read(src / FILES[0])
    col = calls[0].index("session")
    keep = {r[0] for r in calls[1:] if int(float(r[col])) in SESSIONS}
    DATA.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        rows = read(src / name)
        rcid = rows[0].index("rcid")
        out = [rows[0]] + [r for r in rows[1:] if r[rcid] in keep]
        write(DATA / name, out)
        print(f"{name}: {len(out) - 1} rows", file=sys.stderr)


def slug(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['\u2019\u02bc\u2018`\u00b4]", "", s.lower())
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def records(name):
    rows = read(DATA / name)
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def build():
    """The map as a dict, and the actor id of each country name."""
    claims = {}
    tags = {}
    for r in records(FILES[2]):
        tags.setdefault(r["rcid"], []).append(r["issue"])
    for r in records(FILES[0]):
        claim = {"text": r["short"].strip() or r["descr"].strip() or f"Roll call {r['rcid']}", "kind": "proposal"}
        if r["rcid"] in tags:
            claim["tags"] = sorted(set(tags[r["rcid"]]))
        claim["source"] = f"UN General Assembly, session {int(float(r['session']))}, {r['date']}, {r['unres']}"
        claims[f"rc-{r['rcid']}"] = claim
    actors = {}
    ids = {}
    key = {"yes": "affirms", "no": "denies", "abstain": "abstains"}
    for r in records(FILES[1]):
        aid = ids.setdefault(r["country"], slug(r["country"]))
        a = actors.setdefault(aid, {"name": r["country"], "kind": "state", "affirms": [], "denies": [], "abstains": []})
        if a["name"] != r["country"]:
            raise SystemExit(f"two countries with the id {aid}: {a['name']} and {r['country']}")
        a[key[r["vote"]]].append(f"rc-{r['rcid']}")
    meta = {
        "title": "UN General Assembly roll calls, sessions 70-74 (2015-2019)",
        "source": "United Nations General Assembly roll calls, compiled by Erik Voeten, Data and Analyses of Voting in the UN "
        "General Assembly (Harvard Dataverse "
        "hdl:1902.1/12379), as packaged in the unvotes R package 0.3.0",
    }
    return {"map": meta, "claims": claims, "actors": actors}, ids


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "extract":
        extract(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "map":
        m, _ = build()
        Path(sys.argv[2]).write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
