//! A county edition keeping up with the national guide it is built on
//! (issue 23): `stegvis base accept` records the base's text of a replaced
//! step; `check`, the build and the preview warn, with a diff of the
//! base's change, when the base changes it later, until it is accepted
//! again; `stegvis base changes` lists what the base added, changed and
//! removed since `stegvis base take`, with the base's «Hva er nytt».
//! Run on a copy of the fixture county (`tests/fixtures/fylke`) and of the
//! bundled site as its base.

mod common;
use common::edition::Edition;
use common::preview::*;
use common::text;

use std::time::Duration;

const REPLACED: &str = "content/planstrategi/04-samhandling.md";

/// The national step's text with one requirement worded anew, as a legal
/// correction upstream would.
fn reword(text: String) -> String {
    let old = "requirement: Kommunen skal i arbeidet med kommunal planstrategi innhente synspunkter fra statlige og regionale organer og nabokommuner.";
    assert!(
        text.contains(old),
        "the bundled step changed; update this test"
    );
    text.replace(
        old,
        "requirement: Kommunen skal innhente synspunkter fra statlige og regionale organer og nabokommuner (endret nasjonalt).",
    )
}

#[test]
fn a_replaced_step_warns_until_accepted_and_again_when_the_base_changes_it() {
    let e = Edition::new();
    let _ = std::fs::remove_file(e.county().join("base-lock.yaml"));

    // Never accepted: a warning that says what to run.
    let found = e.with_code("base-unrecorded");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].file.as_deref(),
        Some(std::path::Path::new(REPLACED))
    );
    assert!(
        found[0]
            .message
            .contains("../nasjonal/content/planstrategi/04-samhandling.md"),
        "{}",
        found[0].message
    );
    assert!(found[0]
        .hint
        .as_deref()
        .unwrap()
        .contains(&format!("stegvis base accept {REPLACED}")));

    let out = e.run(&["base", "accept", REPLACED]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).0.contains("grunnlagets versjon er registrert"));
    let lock = std::fs::read_to_string(e.county().join("base-lock.yaml")).unwrap();
    assert!(lock.starts_with("# stegvis base-lock:"), "{lock}");
    assert!(
        e.diagnostics().iter().all(|d| !d.code.starts_with("base-")),
        "{:?}",
        e.diagnostics()
    );

    // The base changes the step: a warning on the county's file with the
    // base's change as a diff, in check's text and JSON alike.
    e.edit_national(REPLACED, reword);
    let found = e.with_code("base-changed");
    assert_eq!(found.len(), 1, "{found:?}");
    let detail = found[0].detail.as_deref().unwrap();
    assert!(
        detail.contains("-    requirement: Kommunen skal i arbeidet med kommunal planstrategi"),
        "{detail}"
    );
    assert!(detail.contains("+    requirement: Kommunen skal innhente synspunkter fra statlige og regionale organer og nabokommuner (endret nasjonalt)."), "{detail}");
    assert!(
        detail.contains("--- grunnlaget da dere godtok det"),
        "{detail}"
    );

    let check = e.run(&["check"]);
    let (stdout, stderr) = text(&check);
    assert!(check.status.success(), "warnings only: {stdout}{stderr}");
    assert!(
        stderr.contains("advarsel[base-changed]") || stderr.contains("warning[base-changed]"),
        "{stderr}"
    );
    assert!(stderr.contains("(endret nasjonalt)"), "{stderr}");
    let json = e.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let found = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "base-changed")
        .cloned()
        .expect("base-changed in the JSON");
    assert!(found["detail"]
        .as_str()
        .unwrap()
        .contains("(endret nasjonalt)"));

    // The whole change on request.
    let diff = e.run(&["base", "diff", REPLACED]);
    assert!(diff.status.success(), "{:?}", text(&diff));
    assert!(text(&diff)
        .0
        .contains("+    requirement: Kommunen skal innhente"));

    // Accepted again: quiet.
    let out = e.run(&["base", "accept", REPLACED]);
    assert!(
        text(&out).0.contains("grunnlagets nye versjon er godtatt"),
        "{:?}",
        text(&out)
    );
    assert!(e.with_code("base-changed").is_empty());

    // The base drops the step: the county's file now adds a page; the
    // warning says so until accepted, which forgets the record.
    std::fs::remove_file(e.national().join(REPLACED)).unwrap();
    let found = e.with_code("base-changed");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].message.contains("har ikke lenger"),
        "{}",
        found[0].message
    );
    let out = e.run(&["base", "accept", REPLACED]);
    assert!(
        text(&out).0.contains("registreringen er fjernet"),
        "{:?}",
        text(&out)
    );
    assert!(e.diagnostics().iter().all(|d| !d.code.starts_with("base-")));
}

#[test]
fn accept_says_what_it_cannot_record_and_refuses_paths_outside() {
    let e = Edition::new();
    let _ = std::fs::remove_file(e.county().join("base-lock.yaml"));

    // A step of the county's own replaces nothing: a note, and the rest of
    // the list (a folder names the files in it) is still accepted.
    let out = e.run(&["base", "accept", "content/planstrategi"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let said = text(&out).0;
    assert!(
        said.contains("03a-planforum.md: erstatter ingen fil i grunnlaget"),
        "{said}"
    );
    assert!(
        said.contains("04-samhandling.md: grunnlagets versjon er registrert"),
        "{said}"
    );
    assert!(e.with_code("base-unrecorded").is_empty());
    let lock = e.county().join("base-lock.yaml");
    let before = std::fs::read(&lock).unwrap();

    // A path outside the site, or one that is not there: an error, and
    // the lock is left as it was.
    let out = e.run(&["base", "accept", "../nasjonal/site.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    let out = e.run(&["base", "accept", "content/finnes-ikke/ikke.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("fant ikke"), "{:?}", text(&out));
    assert_eq!(std::fs::read(&lock).unwrap(), before);

    // Typed from a subfolder, a file beside you is that file.
    let out = common::stegvis(
        &["--root", "../..", "base", "diff", "04-samhandling.md"],
        &e.county().join("content/planstrategi"),
    );
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(
        text(&out).0.contains("den samme som da dere godtok den"),
        "{:?}",
        text(&out)
    );

    // A county file at a path `hide:` hides replaces nothing.
    e.write_county("content/planstrategi/02-arbeidsgruppe.md", "---\ntitle: Egen arbeidsgruppe\nafter: 01-eierskap\nkind: råd\nsummary: S.\nupdated: 2026-12-06\n---\nTekst.\n");
    assert!(
        e.with_code("base-unrecorded").is_empty(),
        "{:?}",
        e.diagnostics()
    );
    let out = e.run(&["base", "accept", "content/planstrategi/02-arbeidsgruppe.md"]);
    assert!(
        text(&out)
            .0
            .contains("`hide:` i site.yaml skjuler grunnlagets side"),
        "{:?}",
        text(&out)
    );

    // A lock that is not stegvis's own is never overwritten.
    std::fs::write(&lock, "accepted:\n  - noe annet\n").unwrap();
    let out = e.run(&["base", "accept", REPLACED]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap(),
        "accepted:\n  - noe annet\n"
    );
    // The build still works; the warning names the file, its line and says
    // the check is off.
    let found = e.with_code("base-lock");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(!found[0].is_error());
    assert_eq!(found[0].line, Some(2), "{found:?}");
    assert!(
        found[0].message.contains("varsler ikke"),
        "{}",
        found[0].message
    );

    // A site without a base: the commands say what they are for.
    let out = common::stegvis(&["base", "changes"], &e.national());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).1.contains("har ikke `base:`"),
        "{:?}",
        text(&out)
    );
}

#[cfg(unix)]
#[test]
fn unrecorded_accepts_only_what_was_never_accepted_and_binary_or_linked_files_count() {
    let e = Edition::new();
    // The county replaces the national logo too, through a symlink to its
    // own copy, as an editor might keep it.
    let logo = std::fs::read(e.national().join("static/favicon.svg")).unwrap();
    e.write_county("static/egne/favicon.svg", &String::from_utf8(logo).unwrap());
    std::os::unix::fs::symlink(
        e.county().join("static/egne/favicon.svg"),
        e.county().join("static/favicon.svg"),
    )
    .unwrap();
    let found = e.with_code("base-unrecorded");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].file.as_deref(),
        Some(std::path::Path::new("static/favicon.svg"))
    );

    // The national step changed since the fixture accepted it: --unrecorded
    // records the logo, never the changed step.
    e.edit_national(REPLACED, reword);
    let out = e.run(&["base", "accept", "--unrecorded"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out)
        .0
        .contains("static/favicon.svg: grunnlagets versjon er registrert"));
    assert!(e.with_code("base-unrecorded").is_empty());
    assert_eq!(e.with_code("base-changed").len(), 1);

    // A file that is not text: replaced, said so, without a diff.
    std::fs::write(e.national().join("static/favicon.svg"), b"\x00\x01binary").unwrap();
    let found: Vec<_> = e
        .with_code("base-changed")
        .into_iter()
        .filter(|d| d.file.as_deref() == Some(std::path::Path::new("static/favicon.svg")))
        .collect();
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("har byttet ut filen"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].detail, None);
}

#[test]
fn a_crlf_checkout_of_the_same_base_is_no_change() {
    let e = Edition::new();
    assert!(e.run(&["base", "take"]).status.success());
    for entry in walkdir::WalkDir::new(e.national().join("content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|x| x == "md") {
            let t = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(entry.path(), t.replace('\n', "\r\n")).unwrap();
        }
    }
    let out = e.run(&["base", "changes"]);
    assert!(text(&out).0.contains("Ingen endringer"), "{:?}", text(&out));
    assert!(
        e.with_code("base-changed").is_empty(),
        "{:?}",
        e.diagnostics()
    );
}

#[test]
fn base_changes_lists_what_the_base_added_changed_and_removed_with_its_news() {
    let e = Edition::new();
    let _ = std::fs::remove_file(e.county().join("base-lock.yaml"));
    let out = e.run(&["base", "changes"]);
    assert!(out.status.success());
    assert!(
        text(&out).0.contains("ikke registrert en versjon"),
        "{:?}",
        text(&out)
    );

    let out = e.run(&["base", "take"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let out = e.run(&["base", "changes"]);
    assert!(text(&out).0.contains("Ingen endringer"), "{:?}", text(&out));

    // The base: a step changed with a «Hva er nytt» entry, a new step, a
    // removed page, and a change to the step the county hides.
    e.edit_national("content/planstrategi/05-kunnskapsgrunnlag.md", |t| {
        t.replacen(
            "changes:\n",
            "changes:\n  - date: 2099-01-02\n    note: Nytt om statistikk fra SSB.\n",
            1,
        )
    });
    e.edit_national("content/planstrategi/02-arbeidsgruppe.md", |t| {
        format!("{t}\nEn ny setning.\n")
    });
    std::fs::write(
        e.national().join("content/planstrategi/05a-nytt.md"),
        "---\ntitle: Et nytt nasjonalt steg\nafter: 05-kunnskapsgrunnlag\nkind: råd\nsummary: S.\nupdated: 2099-01-03\nchanges:\n  - date: 2099-01-03\n    note: Nytt steg.\n  - date: 2000-01-01\n    note: Eldre enn forrige gang.\n---\nTekst.\n",
    )
    .unwrap();
    std::fs::remove_file(e.national().join("content/ordliste.md")).unwrap();

    let out = e.run(&["base", "changes", "--format", "json"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(keys("added"), ["planstrategi/05a-nytt.md"]);
    assert_eq!(
        keys("changed"),
        [
            "planstrategi/02-arbeidsgruppe.md",
            "planstrategi/05-kunnskapsgrunnlag.md"
        ]
    );
    assert_eq!(keys("removed"), ["ordliste.md"]);
    assert_eq!(
        v["added"][0]["news"],
        serde_json::json!(["2099-01-03 Nytt steg."])
    );
    assert_eq!(
        v["changed"][1]["news"],
        serde_json::json!(["2099-01-02 Nytt om statistikk fra SSB."])
    );
    assert_eq!(v["changed"][0]["hidden"], true);

    // Markdown for the county's own «Hva er nytt»: links to its pages,
    // without what it hides.
    let out = e.run(&["base", "changes", "--format", "markdown"]);
    let md = text(&out).0;
    assert!(
        md.contains("- [Et nytt nasjonalt steg](@/planstrategi/05a-nytt.md): Nytt steg.\n"),
        "{md}"
    );
    assert!(
        md.contains("(@/planstrategi/05-kunnskapsgrunnlag.md): Nytt om statistikk fra SSB."),
        "{md}"
    );
    assert!(!md.contains("02-arbeidsgruppe"), "{md}");
    assert!(
        md.contains("### Fjernet\n\n- Ordliste for nye folkevalgte\n"),
        "{md}"
    );

    // Taken: nothing new.
    assert!(e.run(&["base", "take"]).status.success());
    let out = e.run(&["base", "changes"]);
    assert!(text(&out).0.contains("Ingen endringer"), "{:?}", text(&out));
}

#[test]
fn the_preview_shows_the_base_change_with_its_diff_and_drops_it_when_accepted() {
    let e = Edition::new();
    assert!(e.run(&["base", "accept", REPLACED]).status.success());
    let srv = PreviewServer::start(&e.county());
    let page = "/planveileder/planstrategi/kunnskapsgrunnlag/";
    eventually(
        &srv.addr,
        page,
        "Steg 5 av 9",
        true,
        Duration::from_secs(20),
    );
    assert!(!get(&srv.addr, page).2.contains("stegvis-advarsler"));

    e.edit_national(REPLACED, reword);
    let html = eventually(
        &srv.addr,
        page,
        "stegvis-advarsler",
        true,
        Duration::from_secs(20),
    );
    assert!(html.contains("[base-changed]"), "{html}");
    assert!(
        html.contains("<span class=\"stegvis-feil__ny\">+    requirement: Kommunen skal innhente"),
        "{html}"
    );

    // Accepting while the preview runs clears it.
    assert!(e.run(&["base", "accept", REPLACED]).status.success());
    eventually(
        &srv.addr,
        page,
        "stegvis-advarsler",
        false,
        Duration::from_secs(20),
    );
}

/// The same in Chromium: folded, opened, axe-core clean in both states,
/// gone once accepted (tests/browser/base_warning.mjs).
#[test]
fn the_preview_warning_in_a_browser_is_readable_and_accessible() {
    if !common::chromium::browser_available() {
        return;
    }
    let e = Edition::new();
    assert!(e.run(&["base", "accept", REPLACED]).status.success());
    let srv = PreviewServer::start(&e.county());
    let page = "/planveileder/planstrategi/kunnskapsgrunnlag/";
    eventually(
        &srv.addr,
        page,
        "Steg 5 av 9",
        true,
        Duration::from_secs(20),
    );
    let national = e.national().join(REPLACED);
    let county = e.county();
    common::chromium::run_node(
        "base_warning.mjs",
        &format!("http://{}/planveileder/", srv.addr),
        &[
            ("STEGVIS_NATIONAL_FILE", national.as_path()),
            ("STEGVIS_COUNTY", county.as_path()),
            (
                "STEGVIS_BIN",
                std::path::Path::new(env!("CARGO_BIN_EXE_stegvis")),
            ),
        ],
    );
}
