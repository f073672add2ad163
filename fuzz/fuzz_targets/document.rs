//! Fuzz target `document`: the checks live in tests/fuzz_checks/mod.rs, shared
//! with tests/fuzz_regressions.rs, which replays every input found.
#![no_main]

#[path = "../../tests/fuzz_checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::document(data));
