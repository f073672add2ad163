//! The output folder is replaced only when a build fully succeeds: a failed
//! build leaves the previous site byte for byte untouched, and stegvis never
//! replaces a folder it did not write.

mod common;
use common::*;

#[test]
fn failed_build_leaves_previous_output_identical() {
    let site = Site::new();
    let first = site.build();
    assert!(first.status.success(), "{}", text(&first).1);
    let (stdout, _) = text(&first);
    assert!(
        stdout.starts_with("stegvis: 11 sider"),
        "summary line: {stdout}"
    );
    let before = snapshot(&site.out());
    assert!(before.len() > 5);

    // Break one step, and change another so a partial write would show.
    site.write("content/g/01-start.md", "---\ntitle: [\n---\n");
    site.write("content/om.md", PAGE.replace("Tekst.", "Ny tekst."));
    let second = site.build();
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(snapshot(&site.out()), before, "old output untouched");

    // No staging folders are left beside the output.
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".stegvis-")), "{names:?}");

    // Fixing the file swaps in the new site, stale files included out.
    site.write("content/g/01-start.md", STEP_1);
    std::fs::write(site.out().join("stale.html"), "gammel").unwrap();
    let third = site.build();
    assert!(third.status.success());
    assert!(!site.out().join("stale.html").exists());
    let om = std::fs::read_to_string(site.out().join("om-veilederen/index.html")).unwrap();
    assert!(om.contains("Ny tekst."));
}

#[test]
fn template_error_also_leaves_output_untouched() {
    let site = Site::new();
    assert!(site.build().status.success());
    let before = snapshot(&site.out());
    site.write(
        "templates/step.html",
        "{% extends \"base.html\" %}{% block content %}{{ step.nope }}{% endblock content %}",
    );
    let res = site.build();
    assert_eq!(res.status.code(), Some(1));
    assert!(text(&res).1.contains("step.html"));
    assert_eq!(snapshot(&site.out()), before);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = Site::new();
    std::fs::create_dir(site.root().join("mine")).unwrap();
    std::fs::write(site.root().join("mine/viktig.docx"), "data").unwrap();
    let res = stegvis(&["build", "--output", "mine"], site.root());
    assert_eq!(res.status.code(), Some(1));
    assert!(text(&res)
        .1
        .contains("ser ikke ut som et nettsted stegvis har laget"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("mine/viktig.docx")).unwrap(),
        "data"
    );
    let res = stegvis(&["build", "--output", "."], site.root());
    assert_eq!(res.status.code(), Some(1));
    assert!(site.root().join("content/om.md").exists());
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::new();
    let res = stegvis(&["build", "--no-such-flag"], site.root());
    assert_eq!(res.status.code(), Some(2));
}
