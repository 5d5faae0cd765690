//! Raw bytes into the Argdown reader (`elenchus::formats::argdown::read`,
//! through the loader as a `.argdown` file is read): no panic, no hang, every
//! diagnostic inside the file, and every report format well formed. A map
//! that loads is written back as Argdown, which must load again. See
//! `docs/robustness.md`.
#![no_main]

use elenchus::formats::argdown;
use elenchus::source::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    elenchus_fuzz::load_bytes(data, Format::Argdown);
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = argdown::read("fuzz.argdown", text);
        assert_eq!(loaded.map.is_some(), loaded.errors() == 0);
        if let Some(map) = &loaded.map {
            let written = argdown::write(map);
            let again = argdown::read("written.argdown", written.clone());
            assert!(again.map.is_some(), "the written Argdown does not load:\n{written}");
        }
    }
});
