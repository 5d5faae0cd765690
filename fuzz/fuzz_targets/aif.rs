//! Raw bytes into the AIF reader (`elenchus::formats::aif::read`, through the
//! loader as an AIF file is read): no panic, no hang, every diagnostic inside
//! the file. A map that loads is written back as AIF, which must load again
//! to the same map (the fixed point AIF → map → AIF → map). See
//! `docs/robustness.md`.
#![no_main]

use elenchus::formats::aif;
use elenchus::source::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    elenchus_fuzz::load_bytes(data, Format::Aif);
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = aif::read("fuzz.json", text);
        assert_eq!(loaded.map.is_some(), loaded.errors() == 0);
        if let Some(map) = &loaded.map {
            let written = aif::write(map);
            let again = aif::read("written.json", written.clone());
            let Some(m2) = &again.map else { panic!("the written AIF does not load:\n{written}") };
            assert_eq!(aif::write(m2), written, "AIF -> map -> AIF -> map is not a fixed point");
        }
    }
});
