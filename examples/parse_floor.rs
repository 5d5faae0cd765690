//! The floor for `check` on a JSON map: read the file and parse it into a
//! `serde_json::Value`, nothing more. `benches/run.sh` times this binary next
//! to `elenchus check` on the same file.
//!
//! `cargo run --release --example parse_floor -- MAP.json`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: parse_floor MAP.json")?;
    let t = Instant::now();
    let bytes = std::fs::read(&path)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)?;
    let entries = match &value {
        serde_json::Value::Object(o) => o.len(),
        _ => 0,
    };
    let parsed = t.elapsed();
    drop(value);
    if std::env::var_os("PARSE_FLOOR_VERBOSE").is_some() {
        eprintln!(
            "parse_floor: {} bytes, {entries} top-level keys, parsed in {parsed:.2?}, total {:.2?}",
            bytes.len(),
            t.elapsed()
        );
    }
    Ok(())
}
