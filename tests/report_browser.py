#!/usr/bin/env python3
"""The HTML report (`elenchus report`) in a real browser: Debian's Chromium,
driven by Selenium through chromium-driver, headless.

For the reports of maps/cambodia-russia.toml and maps/unga-es11.toml it
opens the page and checks, from what the page shows:

- no error in the browser's console, on load and after every step;
- a click on a claim opens the side panel with the claim's text and puts
  `#claim=ID` in the address; Tab to a claim and Enter does the same;
- a click on a finding (one whose chain is drawn) highlights its claims and
  connectors, fades the rest, moves the drawing onto them and marks the
  finding as current;
- the search box lists a claim by its id and by a word of its text;
- the actor filter: only that actor's findings are listed and only its
  tension connectors drawn, and each claim carries the actor's stance;
- deep links: a page opened at `#claim=ID`, `#finding=N` (and at the
  finding's fingerprint) and `#actor=ID` shows that claim, finding or actor;
- the keyboard zooms the drawing (`+`, `0`);
- the stances tab draws the matrix and the heat map, and its tables list
  every actor;
- at a phone's width (390 px) nothing is wider than the window; in dark mode
  the page is dark.

It saves screenshots to docs/report-cambodia.png and docs/report-unga.png
(the README shows them). Run from the repository's root:

    python3 tests/report_browser.py

It installs selenium into a virtual environment under
target/report-browser/ the first time, builds elenchus (`cargo build`)
unless ELENCHUS names a binary, and needs /usr/bin/chromium and
/usr/bin/chromedriver (Debian's `chromium` and `chromium-driver`, which
`.ci/run` installs). Exits with 1 on the first failed check.
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyvenv  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "report-browser" / "venv"
WORK = ROOT / "target" / "report-browser"
pyvenv.run_in_venv(VENV, ["selenium"], "import selenium")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
MAPS = [("cambodia-russia", "docs/report-cambodia.png"), ("unga-es11", "docs/report-unga.png")]
checks = 0


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def expect(cond, msg):
    global checks
    checks += 1
    if not cond:
        fail(msg)


def elenchus():
    binary = os.environ.get("ELENCHUS")
    if binary:
        return binary
    subprocess.run(["cargo", "build", "-q", "--bin", "elenchus"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "debug" / "elenchus")


def data_of(html):
    m = re.search(r'<script type="application/json" id="elenchus-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,800", "--force-device-scale-factor=1", "--hide-scrollbars"]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(DRIVER), options=o)


def no_console_errors(d, where):
    bad = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
    expect(not bad, f"{where}: console errors: {bad}")


def js(d, script, *args):
    return d.execute_script(script, *args)


def classes(d, selector):
    return js(d, "var e = document.querySelector(arguments[0]); return e ? e.getAttribute('class') || '' : null;", selector)


def open_page(d, url):
    d.get("about:blank")
    d.get(url)
    time.sleep(0.3)


def test_map(d, name, shot, exe):
    html_path = WORK / f"{name}.html"
    subprocess.run([exe, "report", "-q", f"maps/{name}.toml", "-o", str(html_path)], cwd=ROOT, check=True)
    data = data_of(html_path.read_text())
    url = html_path.resolve().as_uri()
    open_page(d, url)
    no_console_errors(d, f"{name}: load")
    expect(d.find_element(By.ID, "map-title").text.strip() != "", f"{name}: a title")

    # A claim clicked: the panel shows its text.
    claim = next(c for c in data["claims"] if d.find_elements(By.ID, "claim-" + c["id"]))
    d.find_element(By.ID, "claim-" + claim["id"]).click()
    time.sleep(0.2)
    panel = d.find_element(By.ID, "panel").text
    expect(claim["text"].split("\n")[0].strip()[:60] in panel, f"{name}: the panel shows the text of {claim['id']}: {panel[:200]!r}")
    expect(js(d, "return location.hash") == "#claim=" + claim["id"], f"{name}: the address names the claim")
    expect("selected" in classes(d, f"[id='claim-{claim['id']}']"), f"{name}: the claim is marked selected")
    no_console_errors(d, f"{name}: click a claim")

    # The keyboard: Tab to a claim, Enter opens it.
    other = [c for c in data["claims"] if c["id"] != claim["id"] and d.find_elements(By.ID, "claim-" + c["id"])][-1]
    js(d, "document.getElementById(arguments[0]).focus()", "claim-" + other["id"])
    d.switch_to.active_element.send_keys(Keys.ENTER)
    time.sleep(0.2)
    expect(js(d, "return location.hash") == "#claim=" + other["id"], f"{name}: Enter on a focused claim opens it")
    expect(other["text"].split("\n")[0].strip()[:60] in d.find_element(By.ID, "panel").text, f"{name}: panel after Enter")
    # Tab goes from the drawing to the claims.
    js(d, "document.getElementById('drawing').focus()")
    d.switch_to.active_element.send_keys(Keys.TAB)
    expect((d.switch_to.active_element.get_attribute("id") or "").startswith("claim-"), f"{name}: Tab from the drawing reaches a claim")

    # Zoom with the keyboard, fit again.
    vb0 = js(d, "return document.querySelector('#drawing svg').getAttribute('viewBox')")
    js(d, "document.getElementById('drawing').focus()")
    d.switch_to.active_element.send_keys("+")
    vb1 = js(d, "return document.querySelector('#drawing svg').getAttribute('viewBox')")
    expect(float(vb1.split()[2]) < float(vb0.split()[2]), f"{name}: + zooms in ({vb0} -> {vb1})")
    d.switch_to.active_element.send_keys("0")

    # A finding clicked: its chain highlighted.
    fi = next(i for i, f in enumerate(data["findings"]) if f["edges"])
    f = data["findings"][fi]
    btn = d.find_element(By.ID, f"finding-{fi}")
    js(d, "arguments[0].scrollIntoView({block: 'center'})", btn)
    btn.click()
    time.sleep(0.3)
    expect(js(d, "return location.hash") == f"#finding={fi}", f"{name}: the address names the finding")
    expect("dim" in classes(d, "#drawing svg"), f"{name}: the rest of the drawing is faded")
    for c in f["claims"]:
        expect("hl" in classes(d, f"[id='claim-{c}']").split(), f"{name}: claim {c} of finding {fi} highlighted")
    for e in f["edges"]:
        expect("hl" in classes(d, f"#drawing svg g[data-e='{e}']").split(), f"{name}: connector {e} of finding {fi} highlighted")
    n_hl = js(d, "return document.querySelectorAll('#drawing svg g.node.hl').length")
    expect(n_hl == len(set(f["claims"])), f"{name}: only the chain's claims highlighted ({n_hl})")
    expect(d.find_element(By.ID, f"finding-{fi}").get_attribute("aria-current") == "true", f"{name}: the finding is current")
    expect(f["message"][:40] in d.find_element(By.ID, "panel").text, f"{name}: the panel shows the finding")
    inside = js(d, """var v = document.getElementById('drawing').getBoundingClientRect();
        return arguments[0].every(function (id) {
          var r = document.getElementById('claim-' + id).getBoundingClientRect();
          return r.right > v.left && r.left < v.right && r.bottom > v.top && r.top < v.bottom; });""", f["claims"])
    expect(inside, f"{name}: the drawing moved to show the chain of finding {fi}")

    # Search: by a word of a claim's text and by its id.
    for q in (claim["id"], claim["text"].split()[-1].strip(".,;:")):
        box = d.find_element(By.ID, "search")
        box.clear()
        box.send_keys(q)
        hits = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#search-results a")]
        expect(claim["id"] in hits, f"{name}: searching {q!r} lists {claim['id']} ({hits[:5]})")
    box.send_keys(Keys.ESCAPE)
    no_console_errors(d, f"{name}: click a finding")

    # The actor filter.
    actor = max(data["actors"], key=lambda a: sum(1 for f in data["findings"] if f["actor"] == a["id"]))["id"]
    Select(d.find_element(By.ID, "actor-filter")).select_by_value(actor)
    time.sleep(0.3)
    expect(f"actor={actor}" in js(d, "return location.hash"), f"{name}: the address names the actor")
    listed = [int(b.get_attribute("data-finding")) for b in d.find_elements(By.CSS_SELECTOR, "#findings-list .finding")]
    want = [i for i, f in enumerate(data["findings"]) if f["actor"] == actor]
    expect(sorted(listed) == want, f"{name}: the findings of {actor} only ({len(listed)} listed, {len(want)} wanted)")
    for g in d.find_elements(By.CSS_SELECTOR, "#drawing svg g[data-f]"):
        fa = data["findings"][int(g.get_attribute("data-f"))]["actor"]
        shown = js(d, "return getComputedStyle(arguments[0]).display !== 'none'", g)
        expect(shown == (fa == actor), f"{name}: a connector of {fa} drawn (or not) under the filter {actor}")
        expect(("off" in (g.get_attribute("class") or "").split()) == (fa != actor), f"{name}: connector of {fa} under {actor}")
    current = {s["claim"]: s["position"] for s in data["stances"] if s["actor"] == actor and s["current"]}
    for c in data["claims"]:
        cls = classes(d, f"[id='claim-{c['id']}']")
        if cls is None:
            continue
        want_cls = "st-" + current[c["id"]] if c["id"] in current else "st-none"
        expect(want_cls in cls.split(), f"{name}: claim {c['id']} shows {actor}'s stance ({cls})")
    no_console_errors(d, f"{name}: actor filter")
    if shot:
        # The screenshot: the actor's stances with one of its findings chosen.
        fa = want[0] if want else None
        if fa is not None:
            open_page(d, url + f"#actor={actor}&finding={fa}")
        d.save_screenshot(str(ROOT / shot))
        no_console_errors(d, f"{name}: screenshot")

    # Deep links, each in a fresh page.
    last = data["claims"][-1]["id"]
    open_page(d, url + "#claim=" + last)
    expect(data["claims"][-1]["text"].split("\n")[0][:60] in d.find_element(By.ID, "panel").text, f"{name}: #claim={last}")
    open_page(d, url + f"#finding={fi}")
    expect("hl" in classes(d, f"[id='claim-{f['claims'][0]}']").split(), f"{name}: #finding={fi} highlights its chain")
    open_page(d, url + "#finding=" + f["fingerprint"])
    expect(js(d, "return document.querySelectorAll('#drawing svg g.node.hl').length") == len(set(f["claims"])),
           f"{name}: #finding=FINGERPRINT highlights the chain of finding {fi}")
    open_page(d, url + "#actor=" + actor)
    expect(Select(d.find_element(By.ID, "actor-filter")).first_selected_option.get_attribute("value") == actor, f"{name}: #actor={actor}")
    name_of = next(a["name"] for a in data["actors"] if a["id"] == actor)
    expect(name_of in d.find_element(By.ID, "panel").text, f"{name}: #actor shows the actor")
    no_console_errors(d, f"{name}: deep links")

    # The stances tab.
    d.find_element(By.ID, "tab-stances").click()
    time.sleep(0.3)
    expect(js(d, "return location.hash").find("view=stances") >= 0, f"{name}: the stances tab in the address")
    w = js(d, "return document.getElementById('agreement').width")
    expect(w > 0 and js(d, "return document.getElementById('matrix').width") > 0, f"{name}: the matrix and the heat map are drawn")
    d.find_element(By.CSS_SELECTOR, "#agree-table-box summary").click()
    time.sleep(0.3)
    rows = js(d, "return document.querySelectorAll('#agree-table tbody tr').length")
    expect(rows == len(data["matrix"]["actors"]), f"{name}: the agreement table lists every actor ({rows})")
    js(d, "document.getElementById('agreement').focus()")
    d.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    readout = d.find_element(By.ID, "agree-cell").text
    expect(" and " in readout, f"{name}: the heat map reads out a cell by keyboard: {readout!r}")
    no_console_errors(d, f"{name}: stances tab")

    # A phone's width: nothing wider than the window.
    d.set_window_size(390, 844)
    open_page(d, url + "#claim=" + claim["id"])
    over = js(d, "return document.documentElement.scrollWidth - window.innerWidth")
    expect(over <= 0, f"{name}: at 390 px the page is {over} px wider than the window")
    d.set_window_size(1280, 800)
    # Dark mode.
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    open_page(d, url)
    bg = js(d, "return getComputedStyle(document.body).backgroundColor")
    rgb = [int(x) for x in re.findall(r"\d+", bg)[:3]]
    expect(sum(rgb) < 150, f"{name}: dark mode gives a dark page ({bg})")
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    no_console_errors(d, f"{name}: dark mode")


def main():
    for p in (CHROMIUM, DRIVER):
        if not Path(p).exists():
            fail(f"{p} is missing: apt-get install chromium chromium-driver")
    WORK.mkdir(parents=True, exist_ok=True)
    exe = elenchus()
    d = browser()
    try:
        for name, shot in MAPS:
            test_map(d, name, shot, exe)
    finally:
        d.quit()
    print(f"report_browser: {checks} checks passed; screenshots {', '.join(s for _, s in MAPS)}")


if __name__ == "__main__":
    main()
