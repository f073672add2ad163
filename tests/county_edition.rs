//! A county edition of the bundled national guide (issue 23):
//! `tests/fixtures/fylke/` names the national site as its base (`base:`),
//! replaces one step, puts one step of its own between two national ones
//! (`after:`), hides one (`hide:`), and fixes its county for the help
//! boxes. Built here from a copy: the national site in `nasjonal/` and the
//! county's files beside it in `fylke/`, as an adviser would lay them out
//! (the national guide as a Git submodule or a copied release).

mod common;
use common::edition::*;
use common::preview::*;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn the_county_edition_builds_with_its_own_step_between_national_ones_and_one_hidden() {
    let e = Edition::new();
    let out = e.build();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");

    // The county's own title and address.
    let front = e.page("index.html");
    assert_eq!(
        texts(&front, "title"),
        vec!["Planstrategi steg for steg – fylkesutgave (eksempel)"]
    );

    // Its step sits between the national steps 03-tidsplan and
    // 04-samhandling, and the numbers are counted without the hidden one.
    let guide = e.page("planstrategi/index.html");
    let steps = texts(&guide, "main ol a[href*='/planstrategi/']");
    let order: Vec<&str> = steps.iter().map(String::as_str).collect();
    let at = |needle: &str| {
        order
            .iter()
            .position(|t| t.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {order:?}"))
    };
    assert_eq!(
        at("Meld planstrategien inn til planforum") + 1,
        at("Hent inn synspunkter")
    );
    assert_eq!(
        at("Lag en tidsplan") + 1,
        at("Meld planstrategien inn til planforum")
    );
    let planforum = e.page("planstrategi/planforum/index.html");
    let label = texts(&planforum, "main").join(" ");
    assert!(label.contains("Steg 3 av 9"), "{label}");

    // The hidden national step is gone: no page, no link.
    assert!(!e
        .county()
        .join("public/planstrategi/arbeidsgruppe")
        .exists());
    assert!(
        !std::fs::read_to_string(e.county().join("public/planstrategi/index.html"))
            .unwrap()
            .contains("/arbeidsgruppe/")
    );

    // The replaced step is the county's text, the others the national one.
    let replaced = e.page("planstrategi/samhandling/index.html");
    let body = texts(&replaced, "main").join(" ");
    assert!(body.contains("Planforum i fylket (eksempel)"), "{body}");
    assert!(body.contains("Steg 4 av 9"), "{body}");

    // The national help directory, with the county fixed in site.yaml.
    let footer = texts(&planforum, "footer").join(" ");
    assert!(footer.contains("Vestland fylkeskommune"), "{footer}");
    assert!(footer.contains("Statsforvaltaren i Vestland"), "{footer}");
}

#[test]
fn settings_merge_key_by_key_and_a_problem_in_a_base_file_names_the_base() {
    let e = Edition::new();
    // The county's branding name; the national laws and period.
    let built =
        stegvis::pipeline::render_site(&e.county(), None).unwrap_or_else(|d| panic!("{d:?}"));
    let config = &built.site.config;
    assert_eq!(
        config.branding.name.as_deref(),
        Some("Eksempel fylkeskommune")
    );
    assert!(config.laws.get("kommuneloven").is_some());
    assert!(config.period.is_some());
    assert_eq!(config.base_url, "https://fylke.example.no/planveileder/");

    // A broken national step is reported at its own path in the base.
    let step = e
        .national()
        .join("content/planstrategi/05-kunnskapsgrunnlag.md");
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(&step, text.replacen("kind: lovkrav", "kind: kanskje", 1)).unwrap();
    let diags = e.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.is_error())
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(
        d.file.as_deref(),
        Some(Path::new(
            "../nasjonal/content/planstrategi/05-kunnskapsgrunnlag.md"
        )),
        "{d:?}"
    );
    assert!(d.line.is_some());

    // The same problem in a file the county replaces is not the county's.
    let own = e
        .county()
        .join("content/planstrategi/05-kunnskapsgrunnlag.md");
    std::fs::write(&own, text).unwrap();
    assert!(
        !e.diagnostics().iter().any(|d| d.is_error()),
        "{:?}",
        e.diagnostics()
    );
}

#[test]
fn hiding_a_file_the_base_lacks_and_placing_after_a_hidden_step_are_errors_at_the_line() {
    let e = Edition::new();
    let yaml_path = e.county().join("site.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    std::fs::write(
        &yaml_path,
        yaml.replace(
            "  - planstrategi/02-arbeidsgruppe.md\n",
            "  - planstrategi/02-arbeidsgruppe.md\n  - planstrategi/99-finnes-ikke.md\n",
        ),
    )
    .unwrap();
    let diags = e.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == "invalid-base")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert!(d.message.contains("99-finnes-ikke"), "{}", d.message);
    assert_eq!(d.file.as_deref(), Some(Path::new("site.yaml")));
    assert_eq!(d.line, Some(8));

    std::fs::write(&yaml_path, &yaml).unwrap();
    let step = e.county().join("content/planstrategi/03a-planforum.md");
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(
        &step,
        text.replace("after: 03-tidsplan", "after: 02-arbeidsgruppe"),
    )
    .unwrap();
    let diags = e.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == "unknown-step")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert!(d.message.contains("skjult"), "{}", d.message);
    assert_eq!(d.line, Some(3));
}

#[test]
fn the_fixture_builds_in_place_from_a_clone() {
    // tests/fixtures/fylke names the repository itself as its base, so an
    // adviser can try it without copying anything.
    let dir = tempfile::tempdir().unwrap();
    let out = stegvis(
        &[
            "--root",
            "tests/fixtures/fylke",
            "build",
            "--no-color",
            "--output",
            dir.path().join("ut").to_str().unwrap(),
        ],
        &repo(),
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(dir
        .path()
        .join("ut/planstrategi/planforum/index.html")
        .exists());
}

#[test]
fn the_preview_watches_both_layers() {
    let e = Edition::new();
    let srv = PreviewServer::start(&e.county());
    let page = "/planveileder/planstrategi/kunnskapsgrunnlag/";
    eventually(
        &srv.addr,
        page,
        "Steg 5 av 9",
        true,
        std::time::Duration::from_secs(20),
    );

    // A save in the national guide shows in the county's preview.
    let national = e
        .national()
        .join("content/planstrategi/05-kunnskapsgrunnlag.md");
    let text = std::fs::read_to_string(&national).unwrap();
    std::fs::write(
        &national,
        format!("{text}\nNasjonal endring i forhåndsvisningen.\n"),
    )
    .unwrap();
    eventually(
        &srv.addr,
        page,
        "Nasjonal endring i forhåndsvisningen.",
        true,
        std::time::Duration::from_secs(20),
    );

    // A county step placed before it renumbers it.
    e.write_county(
        "content/planstrategi/04a-ekstra.md",
        "---\ntitle: Et ekstra steg\nafter: 04-samhandling\nkind: råd\nsummary: S.\nupdated: 2026-12-06\n---\nTekst.\n",
    );
    eventually(
        &srv.addr,
        page,
        "Steg 6 av 10",
        true,
        std::time::Duration::from_secs(20),
    );
}

#[test]
fn the_preview_of_a_county_inside_its_base_sees_its_own_saves() {
    let e = Edition::nested();
    let srv = PreviewServer::start(&e.county());
    let page = "/planveileder/planstrategi/planforum/";
    eventually(
        &srv.addr,
        page,
        "Steg 3 av 9",
        true,
        std::time::Duration::from_secs(20),
    );
    let step = e.county().join("content/planstrategi/03a-planforum.md");
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(&step, format!("{text}\nFylkets egen endring.\n")).unwrap();
    eventually(
        &srv.addr,
        page,
        "Fylkets egen endring.",
        true,
        std::time::Duration::from_secs(20),
    );
}

#[test]
fn a_link_to_a_hidden_page_is_an_error_that_says_so_and_the_sites_own_file_is_kept() {
    let e = Edition::new();
    let yaml_path = e.county().join("site.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    std::fs::write(
        &yaml_path,
        yaml.replace(
            "  - planstrategi/02-arbeidsgruppe.md\n",
            "  - planstrategi/02-arbeidsgruppe.md\n  - politiske-verksted/_guide.md\n",
        ),
    )
    .unwrap();
    let diags = e.diagnostics();
    let hidden: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "broken-link" && d.message.contains("skjult"))
        .collect();
    assert!(!hidden.is_empty(), "{diags:?}");
    assert!(hidden
        .iter()
        .all(|d| d.hint.as_deref().is_some_and(|h| h.contains("hide:"))));

    // A file of the site's own at a hidden path stays.
    std::fs::write(&yaml_path, &yaml).unwrap();
    let own = e
        .national()
        .join("content/planstrategi/02-arbeidsgruppe.md");
    e.write_county(
        "content/planstrategi/02-arbeidsgruppe.md",
        &std::fs::read_to_string(own).unwrap(),
    );
    let out = e.build();
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(e
        .county()
        .join("public/planstrategi/arbeidsgruppe/index.html")
        .exists());
}

#[test]
fn a_base_without_content_names_the_base_and_the_countys_folders_are_not_blamed() {
    let e = Edition::new();
    // A Git submodule that is not checked out: the folder is there, empty.
    std::fs::rename(
        e.national().join("content"),
        e.dir.path().join("innhold-borte"),
    )
    .unwrap();
    let diags = e.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == "missing-content")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert!(d.message.contains("../nasjonal/content/"), "{}", d.message);
    assert!(
        !d.message.contains(&e.county().display().to_string()),
        "{}",
        d.message
    );
    let hint = d.hint.as_deref().unwrap();
    assert!(hint.contains("git submodule update --init"), "{hint}");
    assert!(hint.contains("`base:`"), "{hint}");
    assert!(!hint.contains("stegvis init"), "{hint}");
    assert!(
        !diags.iter().any(|d| d.code == "missing-guide"),
        "{diags:?}"
    );

    // A `base:` that names nothing: one error, at its line.
    let yaml_path = e.county().join("site.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    std::fs::write(
        &yaml_path,
        yaml.replace("base: ../nasjonal\n", "base: ./../finnes-ikke/\n"),
    )
    .unwrap();
    let diags = e.diagnostics();
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, "invalid-base");
    assert!(
        errors[0].message.contains("`../finnes-ikke`"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].line, Some(5));
}

#[cfg(unix)]
#[test]
fn a_base_help_file_that_leads_out_of_the_base_is_refused() {
    let e = Edition::new();
    let help = e.national().join("content/_hjelp.yaml");
    let outside = e.dir.path().join("hjelp-utenfor.yaml");
    std::fs::rename(&help, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &help).unwrap();
    let diags = e.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == "unsafe-symlink")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert!(d.is_error());
    assert_eq!(
        d.file.as_deref(),
        Some(Path::new("../nasjonal/content/_hjelp.yaml"))
    );
    assert!(d.message.contains("grunnlagets mappe"), "{}", d.message);
}

#[cfg(unix)]
#[test]
fn base_static_files_that_lead_out_of_the_base_are_not_copied() {
    let e = Edition::new();
    let outside = e.dir.path().join("utenfor");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("hemmelig.txt"), "hemmelig").unwrap();
    std::os::unix::fs::symlink(
        outside.join("hemmelig.txt"),
        e.national().join("static/hemmelig.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, e.national().join("static/mappe")).unwrap();
    let out = e.build();
    assert!(out.status.success(), "{:?}", text(&out));
    let public = e.county().join("public");
    assert!(!public.join("hemmelig.txt").exists());
    assert!(!public.join("mappe/hemmelig.txt").exists());
    let (_, stderr) = text(&out);
    assert!(stderr.contains("unsafe-symlink"), "{stderr}");
    assert!(stderr.contains("grunnlaget"), "{stderr}");

    // The whole static/ folder of the base as a link out of it.
    let national_static = e.national().join("static");
    std::fs::rename(&national_static, e.dir.path().join("static-borte")).unwrap();
    std::os::unix::fs::symlink(&outside, &national_static).unwrap();
    let out = e.build();
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(!public.join("hemmelig.txt").exists());
    let (_, stderr) = text(&out);
    assert!(stderr.contains("../nasjonal/static"), "{stderr}");
}

#[test]
fn a_base_step_placed_after_a_hidden_step_goes_where_the_hidden_step_was() {
    let e = Edition::new();
    // The national guide places its steps 2 and 3 with `after:` (3 by the
    // slug of 2); the county hides 2.
    let edit = |file: &str, from: &str, to: &str| {
        let path = e.national().join("content/planstrategi").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("02-arbeidsgruppe.md", "step: 2\n", "after: 01-eierskap\n");
    edit("03-tidsplan.md", "step: 3\n", "after: arbeidsgruppe\n");
    let out = e.build();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let label = |page: &str| texts(&e.page(page), "main").join(" ");
    assert!(label("planstrategi/eierskap/index.html").contains("Steg 1 av 9"));
    assert!(label("planstrategi/tidsplan/index.html").contains("Steg 2 av 9"));
    assert!(label("planstrategi/planforum/index.html").contains("Steg 3 av 9"));
    assert!(label("planstrategi/samhandling/index.html").contains("Steg 4 av 9"));

    // A step of the county's own placed after the hidden step is still the
    // county's to place.
    e.write_county(
        "content/planstrategi/02b-eget.md",
        "---\ntitle: Eget steg\nafter: 02-arbeidsgruppe\nkind: råd\nsummary: S.\nupdated: 2026-12-06\n---\nTekst.\n",
    );
    let diags = e.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == "unknown-step")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(
        d.file.as_deref(),
        Some(Path::new("content/planstrategi/02b-eget.md"))
    );
    assert!(d.message.contains("skjult"), "{}", d.message);
}

/// Every file of a site as bytes, by output path.
fn files_of(files: &[stegvis::output::write::OutputFile]) -> BTreeMap<String, Vec<u8>> {
    use stegvis::output::write::OutputFile;
    use stegvis::render::theme::AssetSource;
    files
        .iter()
        .map(|f| match f {
            OutputFile::Text { path, text } => (path.clone(), text.as_bytes().to_vec()),
            OutputFile::Bytes { path, bytes } => (path.clone(), bytes.to_vec()),
            OutputFile::Asset(a) => (
                a.path.clone(),
                match &a.source {
                    AssetSource::Disk(p) => std::fs::read(p).unwrap(),
                    AssetSource::Embedded(b) => b.to_vec(),
                },
            ),
        })
        .collect()
}

#[test]
fn the_preview_orders_the_layers_as_the_build_does() {
    const URL: &str = "http://127.0.0.1:1/";
    // A county page with the same title as a national one: which comes
    // first in the lists is the order the files were read in, the base's
    // first.
    for e in [Edition::new(), Edition::inner()] {
        e.write_county(
            "content/om.md",
            "---\ntitle: Om rettleiaren\nsummary: Fylkets side.\nslug: om-fylket\norder: 2\nupdated: 2026-12-06\n---\nTekst.\n",
        );
        let live = stegvis::serve::live::LiveSite::new(&e.county(), URL);
        assert!(live.errors().is_none(), "{:?}", live.errors());
        let served: BTreeMap<String, Vec<u8>> = live
            .snapshot()
            .iter()
            .map(|(k, v)| (k.clone(), v.bytes().unwrap().into_owned()))
            .collect();
        let built = stegvis::pipeline::render_site(&e.county(), Some(URL))
            .unwrap_or_else(|d| panic!("{d:?}"));
        let clean = files_of(&built.files);
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            clean.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &clean {
            assert!(
                served[path] == *bytes,
                "{}: {path} differs between the preview and the build",
                e.county().display()
            );
        }
    }
}

#[test]
fn a_new_step_in_a_national_guide_goes_last_after_its_last_step() {
    let e = Edition::new();
    // A guide the county has no folder for yet.
    assert!(!e.county().join("content/politiske-verksted").exists());
    let out = stegvis(
        &[
            "new",
            "step",
            "--guide",
            "politiske-verksted",
            "Del erfaringene i fylket",
        ],
        &e.county(),
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let rel = "content/politiske-verksted/05a-del-erfaringene-i-fylket.md";
    assert!(stdout.contains(rel), "{stdout}");
    let file = std::fs::read_to_string(e.county().join(rel)).unwrap();
    assert!(file.contains("\nafter: 05-oppfolging\n"), "{file}");
    assert!(!file.contains("\nstep:"), "{file}");
    // A second one goes after the first, with the next letter.
    let out = stegvis(
        &["new", "step", "--guide", "politiske-verksted", "Evaluer"],
        &e.county(),
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let second =
        std::fs::read_to_string(e.county().join("content/politiske-verksted/05b-evaluer.md"))
            .unwrap();
    assert!(
        second.contains("\nafter: 05a-del-erfaringene-i-fylket\n"),
        "{second}"
    );
    let out = e.build();
    assert!(out.status.success(), "{:?}", text(&out));
    let guide = e.page("politiske-verksted/index.html");
    let steps = texts(&guide, "main ol a[href*='/politiske-verksted/']");
    assert_eq!(steps.len(), 7, "{steps:?}");
    assert!(steps[5].contains("Del erfaringene i fylket"), "{steps:?}");
    assert!(steps[6].contains("Evaluer"), "{steps:?}");

    // A broken national step is named at its path in the base.
    let national = e
        .national()
        .join("content/politiske-verksted/03-igp-metoden.md");
    std::fs::write(&national, "---\ntitle: [uavsluttet\n---\n").unwrap();
    let out = stegvis(
        &["new", "step", "--guide", "politiske-verksted", "Tredje"],
        &e.county(),
    );
    assert_eq!(out.status.code(), Some(1));
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("../nasjonal/content/politiske-verksted/03-igp-metoden.md"),
        "{stderr}"
    );
}

#[test]
fn the_preview_follows_a_base_that_appears_later_and_a_changed_base() {
    let e = Edition::new();
    // The base is not there when the preview starts (a submodule not yet
    // fetched).
    let away = e.dir.path().join("nasjonal-senere");
    std::fs::rename(e.national(), &away).unwrap();
    let srv = PreviewServer::start(&e.county());
    // The preview started on a broken site serves from `/`.
    let page = "/planstrategi/planforum/";
    std::fs::rename(&away, e.national()).unwrap();
    eventually(
        &srv.addr,
        page,
        "Steg 3 av 9",
        true,
        std::time::Duration::from_secs(30),
    );
    // A save in the base that came later shows.
    let step = e.national().join("content/planstrategi/03-tidsplan.md");
    let text = std::fs::read_to_string(&step).unwrap();
    std::fs::write(&step, format!("{text}\nKom senere, endret nå.\n")).unwrap();
    eventually(
        &srv.addr,
        "/planstrategi/tidsplan/",
        "Kom senere, endret nå.",
        true,
        std::time::Duration::from_secs(20),
    );

    // `base:` names another copy: it is read, and its saves show too.
    let other = e.dir.path().join("andre");
    copy_tree(&e.national(), &other);
    let yaml_path = e.county().join("site.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    std::fs::write(
        &yaml_path,
        yaml.replace("base: ../nasjonal\n", "base: ../andre\n"),
    )
    .unwrap();
    let other_step = other.join("content/planstrategi/03-tidsplan.md");
    std::fs::write(&other_step, format!("{text}\nFra det andre grunnlaget.\n")).unwrap();
    eventually(
        &srv.addr,
        "/planstrategi/tidsplan/",
        "Fra det andre grunnlaget.",
        true,
        std::time::Duration::from_secs(20),
    );
    // A save in the new base's folder shows as soon as it is made.
    std::fs::write(
        &other_step,
        format!("{text}\nLagret i det andre grunnlaget.\n"),
    )
    .unwrap();
    eventually(
        &srv.addr,
        "/planstrategi/tidsplan/",
        "Lagret i det andre grunnlaget.",
        true,
        std::time::Duration::from_secs(20),
    );
}

#[cfg(unix)]
#[test]
fn base_pages_that_lead_out_of_the_base_or_nowhere_are_left_out_with_what_to_do() {
    let e = Edition::new();
    let outside = e.dir.path().join("utenfor.md");
    std::fs::write(
        &outside,
        "---\ntitle: Utenfra\nsummary: S.\nupdated: 2026-12-06\n---\nHemmelig.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, e.national().join("content/utenfor.md")).unwrap();
    std::os::unix::fs::symlink(
        e.dir.path().join("finnes-ikke.md"),
        e.national().join("content/brutt.md"),
    )
    .unwrap();
    let diags = e.diagnostics();
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    let find = |file: &str| {
        diags
            .iter()
            .find(|d| d.file.as_deref() == Some(Path::new(file)))
            .unwrap_or_else(|| panic!("{file}: {diags:?}"))
    };
    let out = find("../nasjonal/content/utenfor.md");
    assert_eq!(out.code, "unsafe-symlink");
    assert!(
        out.message.contains("fører ut av grunnlagets mappe"),
        "{}",
        out.message
    );
    assert!(
        out.hint
            .as_deref()
            .unwrap()
            .contains("samme sti i content/"),
        "{:?}",
        out.hint
    );
    let broken = find("../nasjonal/content/brutt.md");
    assert!(
        broken.message.contains("ikke fører fram"),
        "{}",
        broken.message
    );
    let out = e.build();
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(!e.county().join("public/utenfra").exists());
}
