//! `elenchus lsp`: a language server over standard input and output.
//!
//! Synchronous, on rust-analyzer's `lsp-server` JSON-RPC messages, with the
//! protocol's structures the server uses declared in [`protocol`]: one thread
//! reads Content-Length-framed JSON-RPC messages, the main loop answers them
//! in order. Each open document is analysed (loaded, validated, checked, its
//! names indexed) when it changes, and the result serves every request until
//! the next change. Diagnostics of a large document are published once the
//! edits pause ([`DEBOUNCE_MIN_BYTES`], [`DEBOUNCE`]).

pub mod actions;
pub mod complete;
pub mod diagnostics;
pub mod document;
pub mod hover;
pub mod index;
pub mod navigate;
pub mod protocol;

use std::collections::HashMap;
use std::io::{BufReader, Read, Write};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use serde_json::{Value as Json, json};

pub use document::{Document, Encoding, LineIndex};
pub use index::{Index, Ns};
use protocol::*;

use crate::check::{CheckConfig, DEFAULT_MAX_FINDINGS};
use crate::report::{MapReport, Report};
use crate::source::Format;

/// Documents at least this large (in bytes) have their diagnostics published
/// once the edits pause for [`DEBOUNCE`]; smaller ones at every change.
/// Below it a full analysis takes under about 20 ms (docs/editors.md gives the measurements).
pub const DEBOUNCE_MIN_BYTES: usize = 200_000;

/// How long the edits of a large document must pause before it is analysed again.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Everything known about one version of a document.
pub struct Analysis {
    /// Diagnostics, findings and (when it loaded) the map.
    pub report: MapReport,
    /// Names and places, when the syntax is valid (TOML and JSON).
    pub index: Option<Arc<Index>>,
    /// The names of the last version whose syntax was valid, for completion
    /// while what is being typed is not valid yet.
    pub names: Option<Arc<Index>>,
}

impl Analysis {
    /// Load, validate, check and index a document's text.
    pub fn new(name: &str, text: &str, format: Format) -> Analysis {
        let loaded = crate::load::load_str(name, text, format);
        let index = Index::build(&loaded.file).map(Arc::new);
        let config = CheckConfig { max_findings: Some(DEFAULT_MAX_FINDINGS), ..Default::default() };
        let report = Report::check(vec![loaded], &config).maps.pop().expect("one map checked");
        let names = index.clone();
        Analysis { report, index, names }
    }
}

/// An open document and its analysis (made when first needed after a change).
struct Open {
    doc: Document,
    format: Format,
    analysis: Option<Analysis>,
    /// The last valid index (see [`Analysis::names`]).
    names: Option<Arc<Index>>,
}

/// The server's state.
pub struct Server {
    enc: Encoding,
    docs: HashMap<String, Open>,
    /// Documents whose diagnostics are due, with when.
    pending: HashMap<String, Instant>,
    out: Box<dyn Write>,
}

/// The format of a document, by its language id, else by its name's extension.
fn format_of(uri: &str, language: Option<&str>) -> Format {
    match language {
        Some("json" | "jsonc") => return Format::Json,
        Some("toml") => return Format::Toml,
        Some("argdown") => return Format::Argdown,
        _ => {}
    }
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    Format::from_path(std::path::Path::new(path)).unwrap_or(Format::Toml)
}

/// The name a document's messages use: its path, from a `file:` URI.
fn name_of(uri: &str) -> String {
    let path = uri.strip_prefix("file://").unwrap_or(uri);
    percent_decode(path)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The capabilities the server offers, in the position encoding chosen.
pub fn capabilities(enc: Encoding) -> Json {
    json!({
        "positionEncoding": match enc {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        },
        // Incremental: changes come as ranges replaced.
        "textDocumentSync": 2,
        "definitionProvider": true,
        "referencesProvider": true,
        "hoverProvider": true,
        "renameProvider": { "prepareProvider": true },
        "completionProvider": { "triggerCharacters": ["\"", "[", "="] },
        "codeActionProvider": true,
        "documentSymbolProvider": true,
        "foldingRangeProvider": true,
    })
}

/// UTF-8 when the client offers it, else UTF-16 (the protocol's default).
pub fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|v| v.iter().any(|e| e == "utf-8")) { Encoding::Utf8 } else { Encoding::Utf16 }
}

/// Run the server on a pair of streams (standard input and output for
/// `elenchus lsp`) until the client sends `exit` or closes the input.
/// Returns the process's exit code: 0 after `shutdown` then `exit`, 1
/// otherwise, as the protocol asks.
pub fn run(input: impl Read + Send + 'static, output: impl Write + 'static) -> std::io::Result<i32> {
    let (tx, rx) = mpsc::channel::<Message>();
    // The reader thread ends at the end of the input; it is not joined, so
    // that `exit` ends the server even while a client keeps the input open.
    std::thread::spawn(move || {
        let mut r = BufReader::new(input);
        while let Ok(Some(m)) = Message::read(&mut r) {
            if tx.send(m).is_err() {
                break;
            }
        }
    });
    let mut server =
        Server { enc: Encoding::Utf16, docs: HashMap::new(), pending: HashMap::new(), out: Box::new(output) };
    // Initialisation: nothing but `initialize` is answered before it.
    loop {
        let Ok(m) = rx.recv() else { return Ok(1) };
        match m {
            Message::Request(req) if req.method == method::INITIALIZE => {
                let params: InitializeParams = serde_json::from_value(req.params).unwrap_or_default();
                server.enc = negotiate(&params);
                let result = json!({
                    "capabilities": capabilities(server.enc),
                    "serverInfo": { "name": "elenchus", "version": env!("CARGO_PKG_VERSION") },
                });
                server.send(Response::new_ok(req.id, result).into())?;
                break;
            }
            Message::Request(req) => {
                server.send(
                    Response::new_err(req.id, ErrorCode::ServerNotInitialized as i32, "not initialized".into()).into(),
                )?;
            }
            Message::Notification(n) if n.method == method::EXIT => return Ok(1),
            _ => {}
        }
    }
    let mut shutdown = false;
    loop {
        let m = match server.next_deadline() {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(1),
            },
            None => match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return Ok(1),
            },
        };
        let Some(m) = m else {
            server.publish_due()?;
            continue;
        };
        match m {
            Message::Request(req) if req.method == method::SHUTDOWN => {
                shutdown = true;
                server.send(Response::new_ok(req.id, ()).into())?;
            }
            Message::Request(req) if shutdown => {
                server
                    .send(Response::new_err(req.id, ErrorCode::InvalidRequest as i32, "shutting down".into()).into())?;
            }
            Message::Request(req) => {
                let id = req.id.clone();
                let response = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.request(req))) {
                    Ok(Ok(r)) => r,
                    Ok(Err(e)) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
                    Err(_) => Response::new_err(id, ErrorCode::InternalError as i32, "internal error".into()),
                };
                server.send(response.into())?;
            }
            Message::Notification(n) if n.method == method::EXIT => {
                return Ok(if shutdown { 0 } else { 1 });
            }
            Message::Notification(n) => server.notification(n)?,
            Message::Response(_) => {}
        }
    }
}

type Handled = Result<Response, String>;

fn params<P: serde::de::DeserializeOwned>(req: &Request) -> Result<P, String> {
    serde_json::from_value(req.params.clone()).map_err(|e| format!("invalid parameters of {}: {e}", req.method))
}

impl Server {
    fn send(&mut self, m: Message) -> std::io::Result<()> {
        m.write(&mut self.out)?;
        self.out.flush()
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.pending.values().min().copied()
    }

    /// Publish the diagnostics of every document whose pause is over.
    fn publish_due(&mut self) -> std::io::Result<()> {
        let now = Instant::now();
        let mut due: Vec<String> = self.pending.iter().filter(|(_, t)| **t <= now).map(|(u, _)| u.clone()).collect();
        due.sort();
        for uri in due {
            self.pending.remove(&uri);
            self.publish(&uri)?;
        }
        Ok(())
    }

    /// The analysis of an open document, made now if its text changed.
    fn analysis(&mut self, uri: &str) -> Option<(&Document, &Analysis)> {
        let open = self.docs.get_mut(uri)?;
        if open.analysis.is_none() {
            let mut a = Analysis::new(&name_of(uri), &open.doc.text, open.format);
            if a.names.is_none() {
                a.names = open.names.clone();
            }
            open.names = a.names.clone();
            open.analysis = Some(a);
        }
        Some((&open.doc, open.analysis.as_ref().expect("just made")))
    }

    fn publish(&mut self, uri_s: &str) -> std::io::Result<()> {
        let enc = self.enc;
        let uri = Uri::from(uri_s);
        let Some((doc, a)) = self.analysis(uri_s) else { return Ok(()) };
        let mut diags: Vec<protocol::Diagnostic> =
            a.report.diagnostics.iter().map(|d| diagnostics::from_diagnostic(d, doc, &uri, enc)).collect();
        diags.extend(a.report.findings.iter().map(|f| diagnostics::from_finding(f, doc, &uri, enc)));
        let params = PublishDiagnosticsParams { uri, diagnostics: diags, version: Some(doc.version) };
        self.send(Notification::new(method::PUBLISH_DIAGNOSTICS.into(), params).into())
    }

    /// After a change: publish now for a small document, after a pause for a large one.
    fn changed(&mut self, uri: String) -> std::io::Result<()> {
        let large = self.docs.get(&uri).is_some_and(|o| o.doc.text.len() >= DEBOUNCE_MIN_BYTES);
        if large {
            self.pending.insert(uri, Instant::now() + DEBOUNCE);
            Ok(())
        } else {
            self.pending.remove(&uri);
            self.publish(&uri)
        }
    }

    fn notification(&mut self, n: Notification) -> std::io::Result<()> {
        match n.method.as_str() {
            method::DID_OPEN => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else { return Ok(()) };
                let uri = p.text_document.uri.as_str().to_string();
                let format = format_of(&uri, Some(p.text_document.language_id.as_str()));
                let doc = Document::new(p.text_document.text, p.text_document.version);
                self.docs.insert(uri.clone(), Open { doc, format, analysis: None, names: None });
                self.changed(uri)
            }
            method::DID_CHANGE => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else { return Ok(()) };
                let uri = p.text_document.uri.as_str().to_string();
                let enc = self.enc;
                let Some(open) = self.docs.get_mut(&uri) else { return Ok(()) };
                for c in p.content_changes {
                    open.doc.apply(c.range, &c.text, enc);
                }
                open.doc.version = p.text_document.version;
                open.analysis = None;
                self.changed(uri)
            }
            method::DID_CLOSE => {
                let Ok(p) = serde_json::from_value::<TextDocumentParams>(n.params) else { return Ok(()) };
                let uri = p.text_document.uri;
                self.docs.remove(uri.as_str());
                self.pending.remove(uri.as_str());
                let params = PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None };
                self.send(Notification::new(method::PUBLISH_DIAGNOSTICS.into(), params).into())
            }
            _ => Ok(()),
        }
    }

    fn request(&mut self, req: Request) -> Handled {
        let enc = self.enc;
        let id: RequestId = req.id.clone();
        let ok = |v: Json| Ok(Response { id: id.clone(), response_result: Ok(v) });
        macro_rules! with_doc {
            ($uri:expr, |$doc:ident, $a:ident| $body:expr) => {{
                let uri: &Uri = $uri;
                match self.analysis(uri.as_str()) {
                    Some(($doc, $a)) => serde_json::to_value($body).map_err(|e| e.to_string())?,
                    None => Json::Null,
                }
            }};
        }
        match req.method.as_str() {
            method::DEFINITION => {
                let tp: TextDocumentPositionParams = params(&req)?;
                ok(with_doc!(&tp.text_document.uri, |doc, a| navigate::definition(
                    doc,
                    a,
                    &tp.text_document.uri,
                    tp.position,
                    enc
                )))
            }
            method::REFERENCES => {
                let p: ReferenceParams = params(&req)?;
                ok(with_doc!(&p.text_document.uri, |doc, a| navigate::references(
                    doc,
                    a,
                    &p.text_document.uri,
                    p.position,
                    p.context.include_declaration,
                    enc
                )))
            }
            method::PREPARE_RENAME => {
                let p: TextDocumentPositionParams = params(&req)?;
                ok(with_doc!(&p.text_document.uri, |doc, a| navigate::prepare_rename(doc, a, p.position, enc)))
            }
            method::RENAME => {
                let p: RenameParams = params(&req)?;
                let uri = p.text_document.uri.clone();
                let (doc, a) = self.analysis(uri.as_str()).ok_or("the document is not open")?;
                let edit = navigate::rename(doc, a, &uri, p.position, &p.new_name, enc)?;
                ok(serde_json::to_value(edit).map_err(|e| e.to_string())?)
            }
            method::HOVER => {
                let tp: TextDocumentPositionParams = params(&req)?;
                ok(with_doc!(&tp.text_document.uri, |doc, a| hover::hover(doc, a, tp.position, enc)))
            }
            method::COMPLETION => {
                let tp: TextDocumentPositionParams = params(&req)?;
                let uri = tp.text_document.uri.as_str().to_string();
                let format = self.docs.get(&uri).map(|o| o.format);
                ok(with_doc!(&tp.text_document.uri, |doc, a| complete::complete(
                    doc,
                    a,
                    format.unwrap_or(Format::Toml),
                    tp.position,
                    enc
                )))
            }
            method::CODE_ACTION => {
                let p: CodeActionParams = params(&req)?;
                let uri = p.text_document.uri.clone();
                ok(with_doc!(&uri, |doc, a| actions::actions(doc, a, &uri, &p, enc)))
            }
            method::DOCUMENT_SYMBOL => {
                let p: TextDocumentParams = params(&req)?;
                ok(with_doc!(&p.text_document.uri, |doc, a| navigate::symbols(doc, a, enc)))
            }
            method::FOLDING_RANGE => {
                let p: TextDocumentParams = params(&req)?;
                ok(with_doc!(&p.text_document.uri, |doc, a| navigate::folding(doc, a, enc)))
            }
            _ => Ok(Response::new_err(
                id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("unknown method {}", req.method),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::Mutex;

    const MAP: &str = "[actors.x]\naffirms = [\"a\"]\n\n[claims.a]\ntext = \"A ក 😀.\"\nsupports = [\"b\"]\n\n[claims.b]\ntext = \"B.\"\n\n[[relations]]\nid = \"r1\"\nfrom = \"a\"\nto = \"b\"\ntype = \"attacks\"\n\n[[acknowledged]]\nrule = \"relation-conflict\"\nclaims = \"*\"\nreason = \"kept\"\n";

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn frame(messages: &[serde_json::Value]) -> Vec<u8> {
        let mut out = Vec::new();
        for m in messages {
            let body = m.to_string();
            out.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        }
        out
    }

    fn replies(bytes: &[u8]) -> Vec<serde_json::Value> {
        let mut r = std::io::BufReader::new(bytes);
        let mut out = Vec::new();
        while let Ok(Some(m)) = Message::read(&mut r) {
            out.push(serde_json::to_value(m).unwrap());
        }
        out
    }

    #[test]
    fn a_session_over_any_streams() {
        let uri = "file:///m.toml";
        let input = frame(&[
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}}),
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": MAP}}}),
            json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params": {"textDocument": {"uri": uri}, "position": {"line": 12, "character": 8}}}),
            json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
            json!({"jsonrpc": "2.0", "method": "exit"}),
        ]);
        let out = Shared::default();
        let code = run(std::io::Cursor::new(input), out.clone()).unwrap();
        assert_eq!(code, 0);
        let got = replies(&out.0.lock().unwrap());
        assert_eq!(got[0]["result"]["capabilities"]["positionEncoding"], "utf-8");
        assert_eq!(got[1]["method"], "textDocument/publishDiagnostics");
        // `from = "a"` leads to `[claims.a]`.
        assert_eq!(got[2]["result"]["range"]["start"], json!({"line": 3, "character": 8}));
        assert_eq!(got[3]["result"], serde_json::Value::Null);
        // Input that ends without `exit`: exit code 1.
        assert_eq!(run(std::io::Cursor::new(Vec::new()), Shared::default()).unwrap(), 1);
    }

    #[test]
    fn the_index_has_every_reference() {
        let a = Analysis::new("m.toml", MAP, Format::Toml);
        let ix = a.index.as_deref().unwrap();
        let places = |ns, name| ix.all(ns, name).map(|o| &MAP[o.span.range()]).collect::<Vec<_>>();
        assert_eq!(places(Ns::Claim, "a"), ["a", "a", "a"]);
        assert_eq!(ix.all(Ns::Claim, "b").count(), 3);
        assert_eq!(ix.all(Ns::Relation, "r1").filter(|o| o.def).count(), 1);
        assert_eq!(ix.all(Ns::Rule, "relation-conflict").count(), 1);
        assert_eq!(ix.all(Ns::Actor, "x").count(), 1);
        // The claim's text with its Khmer and emoji, for hover.
        assert_eq!(ix.claim("a").unwrap().field("text"), Some("A ក 😀."));
        let doc = Document::new(MAP.to_string(), 1);
        let md = hover::hover(&doc, &a, Position::new(3, 8), Encoding::Utf16).unwrap();
        let m = md.contents;
        assert_eq!(m.kind, "markdown");
        assert!(m.value.contains("A ក 😀.") && m.value.contains("`x` affirms") && m.value.contains("attacks `b`"));
        // Rename of `b`: every place, the new id unquoted (it needs no quotes).
        let uri = Uri::from("file:///m.toml");
        let e = navigate::rename(&doc, &a, &uri, Position::new(7, 8), "bee", Encoding::Utf8).unwrap().unwrap();
        let edits = &e.changes.unwrap()[&uri];
        assert_eq!(edits.len(), 3);
        assert!(edits.iter().all(|e| e.new_text == "bee"));
    }
}
