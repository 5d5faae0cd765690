//! Raw bytes into the TOML loader. See `docs/robustness.md`.
#![no_main]

use elenchus::source::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| elenchus_fuzz::load_bytes(data, Format::Toml));
