//! Times the phases of a one-step incremental rebuild on a site:
//! `cargo run --release --example rebuild_profile -- SITE_DIR [STEP_FILE]`.
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("site dir"));
    let t = Instant::now();
    let mut live = stegvis::serve::live::LiveSite::new(&root, "http://127.0.0.1:1/");
    eprintln!(
        "initial: {:?} errors={}",
        t.elapsed(),
        live.errors().is_some()
    );
    let step = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("content/fase-001/steg-00001.md"));
    let original = std::fs::read_to_string(root.join(&step)).unwrap();
    let mut times = Vec::new();
    for i in 0..20 {
        std::fs::write(root.join(&step), format!("{original}\n\nMåling {i}.\n")).unwrap();
        let t = Instant::now();
        let r = live.apply(std::slice::from_ref(&step)).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if i == 0 {
            eprintln!("{r:?}");
        }
    }
    std::fs::write(root.join(&step), original).unwrap();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    eprintln!(
        "apply: median {:.1} ms, min {:.1} ms",
        times[times.len() / 2],
        times[0]
    );
}
