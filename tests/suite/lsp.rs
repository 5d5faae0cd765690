//! `elenchus lsp` end to end: the binary is spawned and spoken to in
//! Content-Length-framed JSON-RPC, as an editor does.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// How long a reply may take before the test fails (instead of hanging).
const REPLY: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for replies, oldest first.
    notes: Vec<Value>,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_elenchus"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("elenchus runs");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Client { child, stdin, rx, next_id: 0, notes: Vec::new() }
    }

    fn send(&mut self, m: &Value) {
        let body = serde_json::to_string(m).unwrap();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its reply, whole (keeping notifications that come first).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.rx.recv_timeout(REPLY).expect("a reply in time");
            if m.get("id") == Some(&json!(id)) {
                return m;
            }
            self.notes.push(m);
        }
    }

    /// The result of a request that succeeds.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let m = self.call(method, params);
        assert!(m.get("error").is_none(), "{method} failed: {m}");
        m["result"].clone()
    }

    /// The error of a request that fails.
    fn request_error(&mut self, method: &str, params: Value) -> Value {
        self.call(method, params)["error"].clone()
    }

    /// The next diagnostics published for a document version.
    fn diagnostics(&mut self, version: i64) -> Vec<Value> {
        loop {
            let m = match self.notes.iter().position(|n| n["method"] == "textDocument/publishDiagnostics") {
                Some(i) => self.notes.remove(i),
                None => self.rx.recv_timeout(REPLY).expect("diagnostics in time"),
            };
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == json!(version) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn initialize(&mut self, encodings: &[&str]) -> Value {
        let caps = if encodings.is_empty() { json!({}) } else { json!({"general": {"positionEncodings": encodings}}) };
        let r = self.request("initialize", json!({"capabilities": caps, "processId": null, "rootUri": null}));
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// `shutdown`, `exit`, and the exit code.
    fn finish(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.child.wait().unwrap().code().unwrap()
    }
}

const URI: &str = "file:///tmp/elenchus-lsp/map.toml";

const MAP: &str = r#"[actors.cambodia]
name = "Cambodia"
affirms = ["opposes-invasions"]
denies = ["condemn"]

[claims.opposes-invasions]
text = "Cambodia opposes the invasion of any country."
kind = "principle"
supports = ["condemn"]

[claims.condemn]
text = "The Assembly should deplore the aggression."

[[stances]]
actor = "cambodia"
claim = "condemn"
position = "denies"
date = 2022-03-02
"#;

/// The position (line, UTF-16 character) of the `n`th occurrence of `needle`, plus `plus` characters.
fn pos(text: &str, needle: &str, n: usize, plus: usize) -> Value {
    let at = text.match_indices(needle).nth(n).unwrap_or_else(|| panic!("{needle} #{n}")).0;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let ch: usize = text[start..at].encode_utf16().count() + plus;
    json!({"line": line, "character": ch})
}

fn doc(uri: &str, p: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": p})
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn diagnostics_follow_edits_from_valid_to_a_typo_and_back() {
    let mut c = Client::start();
    let init = c.initialize(&[]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["renameProvider"]["prepareProvider"], true);
    c.open(URI, "toml", MAP);
    let d = c.diagnostics(1);
    // The map is valid: the only problems are the findings `check` reports.
    let check = elenchus::load_str("map.toml", MAP, elenchus::Format::Toml);
    let graph = elenchus::ClaimGraph::build(check.map.as_ref().unwrap());
    let findings = elenchus::check(&graph, &Default::default());
    assert!(!findings.is_empty());
    let mut want: Vec<String> = findings.iter().map(|f| f.rule.to_string()).collect();
    let mut got = codes(&d);
    want.sort();
    got.sort();
    assert_eq!(got, want);
    let f = d.iter().find(|x| x["code"] == "unheeded-reason").expect("the reason the actor ignores");
    assert_eq!(f["source"], "elenchus");
    assert!(f["relatedInformation"].as_array().is_some_and(|r| !r.is_empty()), "{f}");
    assert!(f["message"].as_str().unwrap().contains("chain:"));

    // A typo'd id: an unknown-reference error with its fix.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{
            "range": {"start": pos(MAP, "[\"condemn\"]", 0, 2), "end": pos(MAP, "[\"condemn\"]", 0, 9)},
            "text": "condenm"}]}),
    );
    let d = c.diagnostics(2);
    assert_eq!(codes(&d), ["unknown-reference"]);
    assert_eq!(d[0]["severity"], 1);
    assert!(d[0]["message"].as_str().unwrap().contains("did you mean `condemn`?"), "{}", d[0]);
    let typo = MAP.replacen("[\"condemn\"]", "[\"condenm\"]", 1);
    assert_eq!(d[0]["range"]["start"], pos(&typo, "\"condenm\"", 0, 0));
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": d[0]["range"], "context": {"diagnostics": [d[0]]}}),
    );
    let fix = &actions[0];
    assert_eq!(fix["title"], "Replace with `condemn`");
    let edit = &fix["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "\"condemn\"");
    assert_eq!(edit["range"], d[0]["range"]);

    // Fixed by the whole text: the findings are back.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": MAP}]}),
    );
    let mut again = codes(&c.diagnostics(3));
    again.sort();
    assert_eq!(again, want);
    assert_eq!(c.finish(), 0);
}

#[test]
fn navigation_hover_completion_rename_symbols_and_folding() {
    let mut c = Client::start();
    c.initialize(&[]);
    c.open(URI, "toml", MAP);
    c.diagnostics(1);

    // Definition of `condemn` from the shorthand `supports` list.
    let def = c.request("textDocument/definition", doc(URI, pos(MAP, "[\"condemn\"]", 1, 3)));
    assert_eq!(def["uri"], URI);
    assert_eq!(def["range"]["start"], pos(MAP, "condemn]", 0, 0));
    // Its references: the header key, `denies`, `supports`, the stance's `claim`.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": pos(MAP, "condemn]", 0, 1), "context": {"includeDeclaration": true}}),
    );
    let starts: Vec<Value> = refs.as_array().unwrap().iter().map(|r| r["range"]["start"].clone()).collect();
    assert_eq!(
        starts,
        [
            pos(MAP, "\"condemn\"", 0, 1),
            pos(MAP, "\"condemn\"", 1, 1),
            pos(MAP, "condemn]", 0, 0),
            pos(MAP, "\"condemn\"", 2, 1)
        ]
    );
    let without = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": pos(MAP, "condemn]", 0, 1), "context": {"includeDeclaration": false}}),
    );
    assert_eq!(without.as_array().unwrap().len(), 3);
    // The actor, from the stance's `actor`.
    let def = c.request("textDocument/definition", doc(URI, pos(MAP, "\"cambodia\"", 0, 2)));
    assert_eq!(def["range"]["start"], pos(MAP, "cambodia]", 0, 0));

    // Hover on a claim: its text, kind, relations and stances with dates.
    let h = c.request("textDocument/hover", doc(URI, pos(MAP, "condemn]", 0, 2)));
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("The Assembly should deplore the aggression."), "{md}");
    assert!(md.contains("`opposes-invasions` supports"), "{md}");
    assert!(md.contains("`cambodia` denies (2022-03-02)"), "{md}");
    let h = c.request("textDocument/hover", doc(URI, pos(MAP, "cambodia]", 0, 1)));
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("name: Cambodia") && md.contains("affirms `opposes-invasions`"), "{md}");

    // Completion: ids in a list, with the claim's text; keys; values.
    let typed = MAP.replace("supports = [\"condemn\"]", "supports = [\"condemn\", \"");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": typed}]}),
    );
    let line = typed.lines().position(|l| l.ends_with(", \"")).unwrap();
    let ch = typed.lines().nth(line).unwrap().len();
    let items = c.request("textDocument/completion", doc(URI, json!({"line": line, "character": ch})));
    let items = items.as_array().unwrap();
    let opp = items.iter().find(|i| i["label"] == "opposes-invasions").expect("a claim id");
    assert_eq!(opp["detail"], "Cambodia opposes the invasion of any country.");
    assert_eq!(opp["textEdit"]["newText"], "opposes-invasions");
    assert!(items.iter().all(|i| i["label"] != "cambodia"), "actors are not claims");

    let typed = format!("{MAP}\n[[relations]]\nfrom = \"condemn\"\nty");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": typed}]}),
    );
    let last = typed.lines().count() - 1;
    let items = c.request("textDocument/completion", doc(URI, json!({"line": last, "character": 2})));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["id", "from", "to", "type", "note", "source"]);
    let typed = format!("{MAP}\n[[relations]]\nfrom = \"condemn\"\ntype = \"");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 4}, "contentChanges": [{"text": typed}]}),
    );
    let items = c.request("textDocument/completion", doc(URI, json!({"line": last, "character": 8})));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["supports", "attacks", "contradicts", "implies", "undercuts"]);
    let typed = format!("{MAP}\n[checks]\norphan-claim = ");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 5}, "contentChanges": [{"text": typed}]}),
    );
    let items = c.request("textDocument/completion", doc(URI, json!({"line": last, "character": 15})));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["allow", "note", "warn", "deny"]);
    let typed = format!("{MAP}\n[checks]\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 6}, "contentChanges": [{"text": typed}]}),
    );
    let items = c.request("textDocument/completion", doc(URI, json!({"line": last, "character": 0})));
    assert!(items.as_array().unwrap().iter().any(|i| i["label"] == "orphan-claim"), "rule names in [checks]");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 7}, "contentChanges": [{"text": MAP}]}),
    );

    // Rename: refused for a rule or a bad id; an id with a dot is quoted in a header.
    let prep = c.request("textDocument/prepareRename", doc(URI, pos(MAP, "\"condemn\"", 2, 3)));
    assert_eq!(prep["placeholder"], "condemn");
    assert_eq!(prep["range"]["start"], pos(MAP, "\"condemn\"", 2, 1));
    let err = c.request_error(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(MAP, "condemn]", 0, 1), "newName": "has space"}),
    );
    assert!(err["message"].as_str().unwrap().contains("not a valid id"), "{err}");
    let err = c.request_error(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(MAP, "condemn]", 0, 1), "newName": "opposes-invasions"}),
    );
    assert!(err["message"].as_str().unwrap().contains("already"), "{err}");
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos(MAP, "condemn]", 0, 1), "newName": "ES-11.1"}),
    );
    let edits = edit["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 4);
    let header = edits.iter().find(|e| e["range"]["start"] == pos(MAP, "condemn]", 0, 0)).unwrap();
    assert_eq!(header["newText"], "\"ES-11.1\"");
    assert!(edits.iter().filter(|e| e["newText"] == "ES-11.1").count() == 3);

    // Acknowledge a finding: an entry that makes it acknowledged.
    let d = {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 8}, "contentChanges": [{"text": MAP}]}),
        );
        c.diagnostics(8)
    };
    let f = d.iter().find(|x| x["code"] == "unheeded-reason").unwrap().clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": f["range"], "context": {"diagnostics": [f]}}),
    );
    let ack =
        actions.as_array().unwrap().iter().find(|a| a["title"].as_str().unwrap().starts_with("Acknowledge")).unwrap();
    let text = ack["edit"]["changes"][URI][0]["newText"].as_str().unwrap();
    assert!(text.contains("[[acknowledged]]\nrule = \"unheeded-reason\"\nactor = \"cambodia\""), "{text}");
    let acked = format!("{MAP}{text}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 9}, "contentChanges": [{"text": acked}]}),
    );
    let d = c.diagnostics(9);
    let f = d.iter().find(|x| x["code"] == "unheeded-reason").unwrap();
    assert_eq!(f["severity"], 4, "an acknowledged finding is a hint: {f}");
    assert!(f["message"].as_str().unwrap().starts_with("acknowledged: "));
    assert!(!f["data"]["acknowledged"].is_null());

    // Symbols and folding.
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    let groups: Vec<&str> = syms.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(groups, ["claims", "actors", "stances"]);
    let claims: Vec<&str> =
        syms[0]["children"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(claims, ["opposes-invasions", "condemn"]);
    assert_eq!(syms[0]["children"][1]["detail"], "The Assembly should deplore the aggression.");
    let folds = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": URI}}));
    let folds: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["startLine"].as_u64().unwrap(), f["endLine"].as_u64().unwrap()))
        .collect();
    // The claim `opposes-invasions` (lines 5 to 8) folds as one.
    assert!(folds.contains(&(5, 8)), "{folds:?}");
    assert_eq!(c.finish(), 0);
}

/// A claim written inline after Khmer text and an emoji on the same line:
/// positions count UTF-16 units unless the client offers UTF-8.
const WIDE: &str = "claims.k = { text = \"ក្រុង 😀 ok\", supports = [\"b\"] }\n\n[claims.b]\ntext = \"B.\"\n";

#[test]
fn positions_after_khmer_and_emoji_in_utf16_and_utf8() {
    for enc in ["utf-16", "utf-8"] {
        let mut c = Client::start();
        let init = c.initialize(if enc == "utf-8" { &["utf-16", "utf-8"] } else { &["utf-16"] });
        assert_eq!(init["capabilities"]["positionEncoding"], enc);
        c.open(URI, "toml", WIDE);
        c.diagnostics(1);
        let at = WIDE.find("\"b\"").unwrap() + 1;
        let ch = if enc == "utf-8" { at } else { WIDE[..at].encode_utf16().count() };
        let def = c.request("textDocument/definition", doc(URI, json!({"line": 0, "character": ch})));
        assert_eq!(def["range"]["start"], json!({"line": 2, "character": 8}), "{enc}");
        let refs = c.request(
            "textDocument/references",
            json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 8}, "context": {"includeDeclaration": false}}),
        );
        assert_eq!(
            refs[0]["range"],
            json!({"start": {"line": 0, "character": ch}, "end": {"line": 0, "character": ch + 1}}),
            "{enc}"
        );
        // An edit just after the emoji lands there.
        let after = WIDE.find("😀").unwrap() + 4;
        let ch = if enc == "utf-8" { after } else { WIDE[..after].encode_utf16().count() };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{
                "range": {"start": {"line": 0, "character": ch}, "end": {"line": 0, "character": ch}}, "text": "!"}]}),
        );
        c.diagnostics(2);
        let h = c.request("textDocument/hover", doc(URI, json!({"line": 0, "character": 7})));
        assert!(h["contents"]["value"].as_str().unwrap().contains("ក្រុង 😀! ok"), "{enc}: {h}");
        assert_eq!(c.finish(), 0);
    }
}

#[test]
fn json_maps_and_argdown_get_diagnostics_and_navigation() {
    let mut c = Client::start();
    c.initialize(&[]);
    let json_uri = "file:///tmp/elenchus-lsp/map.json";
    let text = "{\n  \"claims\": {\n    \"a\": {\"text\": \"A.\", \"supports\": [\"bb\"]},\n    \"b\": {\"text\": \"B.\"}\n  }\n}\n";
    c.open(json_uri, "json", text);
    let d = c.diagnostics(1);
    assert!(codes(&d).contains(&"unknown-reference".to_string()), "{d:?}");
    assert_eq!(d[0]["data"]["replace"], "b");
    let fixed = text.replace("[\"bb\"]", "[\"b\"]");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": json_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert!(!codes(&c.diagnostics(2)).contains(&"unknown-reference".to_string()));
    let def = c.request("textDocument/definition", doc(json_uri, pos(&fixed, "[\"b\"]", 0, 2)));
    assert_eq!(def["range"]["start"], pos(&fixed, "\"b\":", 0, 1));

    // Completion in JSON knows the table: a claim's keys inside a claim, the
    // relation keys inside an item of `relations`, none where ids are written;
    // and `kind` values (the documented ones, then those the map uses).
    let labels = |c: &mut Client, version: i64, typed: &str| -> Vec<String> {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": json_uri, "version": version}, "contentChanges": [{"text": typed}]}),
        );
        let line = typed.lines().count() - 1;
        let ch = typed.lines().last().unwrap().encode_utf16().count();
        let items = c.request("textDocument/completion", doc(json_uri, json!({"line": line, "character": ch})));
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    };
    let in_claim = "{\n  \"claims\": {\n    \"a\": {\"text\": \"A.\", \"kind\": \"ruling\"},\n    \"b\": {\n      \"";
    let l = labels(&mut c, 3, in_claim);
    assert!(l.contains(&"supports".to_string()) && l.contains(&"text".to_string()), "{l:?}");
    assert!(!l.contains(&"from".to_string()), "{l:?}");
    let in_relation = "{\n  \"claims\": {\"a\": {\"text\": \"A.\"}},\n  \"relations\": [\n    {\"";
    let l = labels(&mut c, 4, in_relation);
    assert!(l.contains(&"from".to_string()) && l.contains(&"type".to_string()), "{l:?}");
    assert!(!l.contains(&"supports".to_string()), "{l:?}");
    let at_ids = "{\n  \"claims\": {\n    \"";
    assert!(labels(&mut c, 5, at_ids).is_empty(), "no keys where claim ids are written");
    // A valid version that uses a kind of its own, then a kind being typed.
    labels(&mut c, 6, "{\"claims\": {\"a\": {\"text\": \"A.\", \"kind\": \"ruling\"}, \"b\": {\"text\": \"B.\"}}}\n");
    let kind = format!("{}\"text\": \"B.\", \"kind\": \"", &in_claim[..in_claim.len() - 1]);
    let l = labels(&mut c, 7, &kind);
    assert_eq!(l, ["principle", "fact", "proposal", "ruling"]);

    let ad_uri = "file:///tmp/elenchus-lsp/map.argdown";
    c.open(ad_uri, "argdown", "[A]: A.\n  + <missing\n");
    let d = c.diagnostics(1);
    assert!(!d.is_empty(), "an Argdown file with an error has diagnostics");
    assert_eq!(c.finish(), 0);
}

#[test]
fn exit_without_shutdown_is_exit_code_one_and_requests_before_initialize_fail() {
    let mut c = Client::start();
    let err = c.request_error("textDocument/hover", doc(URI, json!({"line": 0, "character": 0})));
    assert_eq!(err["code"], -32002);
    c.initialize(&[]);
    let err = c.request_error("no/such/method", json!({}));
    assert_eq!(err["code"], -32601);
    c.notify("exit", Value::Null);
    drop(c.stdin.take());
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}
