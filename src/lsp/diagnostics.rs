//! A file's `validate` diagnostics and `check` findings as LSP diagnostics:
//! the same codes, levels, messages and related locations as every other output.

use super::protocol::{
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};
use serde_json::json;

use super::document::{Document, Encoding};
use crate::check::Finding;
use crate::diag::{Diagnostic, Level};

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "elenchus";

fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// The replacement a "did you mean `X`?" help offers, if it offers one.
pub fn suggestion(help: &str) -> Option<&str> {
    let rest = help.strip_prefix("did you mean `")?;
    let end = rest.find("`?")?;
    Some(&rest[..end])
}

/// A loader diagnostic. Its help and notes follow the message; a suggested
/// fix is in `data.replace`, for the code action that applies it.
pub fn from_diagnostic(d: &Diagnostic, doc: &Document, uri: &Uri, enc: Encoding) -> LspDiagnostic {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    for n in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(n);
    }
    let primary = d.labels.iter().find(|l| l.primary).map_or("", |l| l.message.as_str());
    let related = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), doc.range(l.span, enc)),
            message: l.message.clone(),
        })
        .collect::<Vec<_>>();
    let data = d.help.as_deref().and_then(suggestion).map(|s| json!({ "replace": s, "label": primary }));
    LspDiagnostic {
        range: doc.range(d.span(), enc),
        severity: Some(severity(d.level)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data,
    }
}

/// A finding: at its primary label, with the chain in the message and its
/// other places as related information. An acknowledged finding is a hint,
/// its message starting `acknowledged:` with the reason, and
/// `data.acknowledged` set: it is known and stands, so it is not shown as a
/// problem. `data.fingerprint` names the finding for code actions.
pub fn from_finding(f: &Finding, doc: &Document, uri: &Uri, enc: Encoding) -> LspDiagnostic {
    let primary = f.labels.iter().find(|l| l.primary).or(f.labels.first());
    let span = primary.map(|l| l.span).or(f.locations.first().map(|l| l.span)).unwrap_or_default();
    let mut message = match &f.acknowledged {
        Some(a) => format!("acknowledged: {} (reason: {}; {} when not acknowledged)", f.message, a.reason, f.level),
        None => f.message.clone(),
    };
    message.push_str("\nchain: ");
    message.push_str(&f.chain);
    for n in &f.notes {
        message.push_str("\nhelp: ");
        message.push_str(n);
    }
    let related = f
        .labels
        .iter()
        .filter(|l| primary.is_none_or(|p| !std::ptr::eq(*l, p)))
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), doc.range(l.span, enc)),
            message: l.message.clone(),
        })
        .collect::<Vec<_>>();
    let severity = if f.acknowledged.is_some() { DiagnosticSeverity::HINT } else { severity(f.level) };
    LspDiagnostic {
        range: doc.range(span, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: Some(json!({
            "fingerprint": f.fingerprint,
            "acknowledged": f.ack_reason(),
        })),
    }
}
