#!/usr/bin/env python3
"""The GitHub Action (`action.yml`) and the pre-commit hook
(`.pre-commit-hooks.yaml`), run as their users' tools run them.

The action: each step of `runs.steps` is run the way the runner runs a
composite action's `shell: bash` step: its `run` script in a file, by
`bash --noprofile --norc -eo pipefail FILE`, in the workspace (a temporary
repository with maps), with the step's `env` (its `${{ inputs.* }}` and
`${{ github.action_path }}` expressions replaced by the inputs given, or
their defaults from `action.yml`), and the files GITHUB_PATH and
GITHUB_OUTPUT, whose lines the runner reads after the step (GITHUB_PATH's
directories go in front of PATH for the later steps). The install step
builds elenchus with `cargo install --locked --path` as in the action, and
the check step then runs it on:

- a map with warnings only: exit 0, `::warning` annotations;
- a map with an error-level finding: exit 1, an `::error` annotation;
- `args: --deny warnings`: exit 1;
- `sarif-file`: a SARIF log valid against the schema of tests/
  (the `jsonschema` package from PyPI), with the results of the map, its
  name in the step's `sarif-file` output;
- `format: json`, paths separated by a new line: the JSON report of both maps;
- an invalid map: exit 2.

The hook: `pre-commit try-repo` (pre-commit from PyPI) on a temporary git
repository, with the hook `elenchus-check` of this repository: it installs
elenchus (`language: rust`: cargo install), passes on the clean map and
fails on the one with an error-level finding, whose message it shows.

Both build elenchus in release mode once (cargo install); CARGO_TARGET_DIR
is target/action-test/cargo, kept between runs, so that later runs only
build what changed. The Python packages go into a venv under
target/action-test/. `.ci/run` runs this script; by hand, from the
repository's root: `python3 tests/action_test.py`.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import pyvenv  # noqa: E402

VENV = ROOT / "target" / "action-test" / "venv"
PACKAGES = ["pyyaml", "jsonschema", "pre-commit"]
pyvenv.run_in_venv(VENV, PACKAGES, "import yaml, jsonschema, pre_commit")

import jsonschema  # noqa: E402
import yaml  # noqa: E402

CARGO_TARGET = ROOT / "target" / "action-test" / "cargo"
EXPR = re.compile(r"\$\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")

failures = []


def expect(cond, what, detail=""):
    if cond:
        print(f"ok: {what}")
    else:
        print(f"FAILED: {what}\n{detail}")
        failures.append(what)


def substitute(value, inputs):
    """The runner's expression substitution, for the expressions action.yml uses."""

    def one(m):
        name = m.group(1)
        if name.startswith("inputs."):
            return inputs[name[len("inputs."):]]
        if name == "github.action_path":
            return str(ROOT)
        raise SystemExit(f"action.yml uses an expression this test does not know: {name}")

    return EXPR.sub(one, str(value))


class Runner:
    """A runner's state across the steps of one job: PATH and the workspace."""

    def __init__(self, workspace, temp):
        self.workspace = workspace
        self.temp = temp
        self.path = os.environ["PATH"]

    def step(self, step, inputs):
        assert step.get("shell") == "bash", f"a step without `shell: bash`: {step}"
        script = self.temp / "step.sh"
        script.write_text(step["run"])
        github_path = self.temp / "github_path"
        github_output = self.temp / "github_output"
        github_path.write_text("")
        github_output.write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
        env.update(
            PATH=self.path,
            GITHUB_ACTIONS="true",
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_ACTION_PATH=str(ROOT),
            GITHUB_PATH=str(github_path),
            GITHUB_OUTPUT=str(github_output),
            RUNNER_TEMP=str(self.temp),
            CARGO_TARGET_DIR=str(CARGO_TARGET),
        )
        for k, v in (step.get("env") or {}).items():
            env[k] = substitute(v, inputs)
        r = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
        )
        for line in github_path.read_text().splitlines():
            self.path = f"{line}{os.pathsep}{self.path}"
        outputs = dict(line.split("=", 1) for line in github_output.read_text().splitlines() if "=" in line)
        return r, outputs


def workspace(parent):
    ws = parent / "workspace"
    (ws / "maps").mkdir(parents=True)
    shutil.copy(ROOT / "tests/data/example.toml", ws / "maps/example.toml")
    (ws / "errors").mkdir()
    shutil.copy(ROOT / "tests/data/check/levels.toml", ws / "errors/levels.toml")
    (ws / "broken").mkdir()
    shutil.copy(ROOT / "tests/data/check/invalid.toml", ws / "broken/invalid.toml")
    return ws


def sarif_validator():
    schema = json.loads((ROOT / "tests/sarif-schema-2.1.0.json").read_text())
    # As in tests/common: the schema keeps its root under definitions/Root.
    root = dict(schema)
    root["$ref"] = "#/definitions/Root"
    return jsonschema.Draft7Validator(root, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_action(tmp):
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    expect(action["runs"]["using"] == "composite", "action.yml is a composite action")
    declared = action["inputs"]
    expect(
        set(declared) == {"paths", "format", "args", "version", "sarif-file"},
        "action.yml's inputs",
        str(sorted(declared)),
    )
    expect(declared["format"]["default"] == "github", "format defaults to github")
    steps = action["runs"]["steps"]
    install, check = steps[0], steps[1]

    def inputs(**given):
        d = {k: str(v.get("default", "")) for k, v in declared.items()}
        d.update({k.replace("_", "-"): v for k, v in given.items()})
        return d

    ws = workspace(tmp)
    runner = Runner(ws, tmp)
    start = time.monotonic()
    r, _ = runner.step(install, inputs())
    took = time.monotonic() - start
    expect(r.returncode == 0, f"the install step (cargo install --locked --path), {took:.0f} s", r.stdout + r.stderr)
    if r.returncode != 0:
        return
    version = subprocess.run(["cargo", "pkgid"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    expect(
        r.stdout.strip() == f"elenchus {version.rsplit('@', 1)[-1].rsplit('#', 1)[-1]}",
        "the installed binary is on the runner's PATH and is this version",
        r.stdout,
    )

    r, _ = runner.step(check, inputs())
    expect(r.returncode == 0, "maps with warnings only: exit 0", r.stdout + r.stderr)
    expect("::warning file=maps/example.toml," in r.stdout, "warnings as GitHub annotations", r.stdout)

    r, _ = runner.step(check, inputs(paths="errors"))
    expect(r.returncode == 1, "a map with an error-level finding: exit 1", r.stdout + r.stderr)
    expect("::error file=errors/levels.toml," in r.stdout, "an error annotation", r.stdout)

    r, _ = runner.step(check, inputs(args="--deny warnings"))
    expect(r.returncode == 1, "args: --deny warnings makes warnings fail", r.stdout + r.stderr)

    r, _ = runner.step(check, inputs(paths="broken/invalid.toml"))
    expect(r.returncode == 2, "an invalid map: exit 2", r.stdout + r.stderr)

    r, _ = runner.step(check, inputs(format="json", paths="maps\nerrors"))
    expect(r.returncode == 1, "format json, two paths on two lines: exit 1", r.stdout + r.stderr)
    try:
        files = [m["file"] for m in json.loads(r.stdout)["maps"]]
    except (ValueError, KeyError) as e:
        files = [f"no JSON report: {e}"]
    expect(files == ["maps/example.toml", "errors/levels.toml"], "the JSON report names both maps", str(files))

    sarif = ws / "elenchus.sarif"
    r, outputs = runner.step(check, inputs(paths="maps errors", sarif_file=str(sarif)))
    expect(r.returncode == 1, "with sarif-file the exit code is the check's", r.stdout + r.stderr)
    expect(outputs.get("sarif-file") == str(sarif), "the step's output names the SARIF file", str(outputs))
    log = json.loads(sarif.read_text()) if sarif.exists() else {}
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(log)]
    expect(log != {} and not errors, "the SARIF file is valid SARIF 2.1.0", "\n".join(errors[:20]))
    results = log.get("runs", [{}])[0].get("results", [])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    expect(uris == {"maps/example.toml", "errors/levels.toml"}, "SARIF results for both maps", str(uris))
    expect(
        all(r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") == "%SRCROOT%" for r in results),
        "SARIF URIs relative to %SRCROOT%",
    )


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_pre_commit(tmp):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next((h for h in hooks if h["id"] == "elenchus-check"), None)
    expect(hook is not None, ".pre-commit-hooks.yaml has elenchus-check")
    if hook is None:
        return
    expect(hook["language"] == "rust", "the hook's language is rust")
    expect(hook["files"] == r"\.(toml|json|argdown)$", "the hook's files", hook["files"])
    repo = tmp / "hooked"
    (repo / "maps").mkdir(parents=True)
    shutil.copy(ROOT / "tests/data/example.toml", repo / "maps/example.toml")
    (repo / "notes.txt").write_text("not a map\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    env = dict(os.environ, CARGO_TARGET_DIR=str(CARGO_TARGET), PRE_COMMIT_HOME=str(tmp / "pre-commit-home"))
    pre_commit = [str(VENV / "bin" / "pre-commit"), "try-repo", str(ROOT), "elenchus-check", "--all-files"]
    start = time.monotonic()
    r = subprocess.run(pre_commit, cwd=repo, env=env, capture_output=True, text=True)
    took = time.monotonic() - start
    expect(r.returncode == 0, f"pre-commit try-repo passes on a clean map ({took:.0f} s, with the install)", r.stdout + r.stderr)
    expect(re.search(r"elenchus check\.+Passed", r.stdout) is not None, "the hook ran and passed", r.stdout)
    shutil.copy(ROOT / "tests/data/check/levels.toml", repo / "maps/levels.toml")
    git(repo, "add", ".")
    r = subprocess.run(pre_commit, cwd=repo, env=env, capture_output=True, text=True)
    expect(r.returncode == 1, "pre-commit fails on a map with an error-level finding", r.stdout + r.stderr)
    expect(re.search(r"elenchus check\.+Failed", r.stdout) is not None, "the hook failed", r.stdout)
    expect("error[" in r.stdout and "maps/levels.toml" in r.stdout, "the hook shows the finding", r.stdout)


def main():
    with tempfile.TemporaryDirectory(prefix="elenchus-action-") as d:
        tmp = Path(d)
        (tmp / "action").mkdir()
        (tmp / "hook").mkdir()
        test_action(tmp / "action")
        test_pre_commit(tmp / "hook")
    if failures:
        print(f"{len(failures)} failed: {failures}")
        sys.exit(1)
    print("action and pre-commit hook: all passed")


if __name__ == "__main__":
    main()
