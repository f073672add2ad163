//! Replays every input the fuzzers found (`tests/fuzz-inputs/<target>/`)
//! through the same checks the fuzz targets run (`tests/fuzz_checks/`), so
//! a fixed crash, hang or blow-up stays fixed. How to fuzz: RELIABILITY.md.

mod fuzz_checks;

use std::time::{Duration, Instant};

#[test]
fn found_inputs_still_pass() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-inputs");
    let mut replayed = 0;
    for (target, check) in fuzz_checks::TARGETS {
        let Ok(entries) = std::fs::read_dir(dir.join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let started = Instant::now();
            let result = std::panic::catch_unwind(|| check(&data));
            assert!(result.is_ok(), "{target}: {} fails again", file.display());
            // Every one of them once took seconds or more; generous for CI.
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{target}: {} took {:?}",
                file.display(),
                started.elapsed()
            );
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no fuzz inputs found under {}", dir.display());
}
