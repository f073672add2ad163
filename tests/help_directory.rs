//! «Hvor får dere hjelp?»: `content/_hjelp.yaml` read with site.yaml; the
//! footer of every page names the county's statsforvalter and
//! fylkeskommune when site.yaml fixes the county, or offers the reader's
//! choice (filled in by the script from `stegvis-hjelp.json`); the page
//! with `help_directory: true` lists every county; mistakes are named at
//! their file and line.

mod common;
use common::*;

const HELP: &str = "\
checked: 2026-12-06
sources:
  - title: Statsforvalterne
    url: https://www.statsforvalteren.no/
statsforvaltere:
  - id: vestland
    name: Statsforvaltaren i Vestland
    url: https://www.statsforvalteren.no/vestland/
    help:
      - title: Plan og bygg
        url: https://www.statsforvalteren.no/nn/vestland/plan-og-bygg/
  - id: rogaland
    name: Statsforvalteren i Rogaland
    url: https://www.statsforvalteren.no/rogaland/
fylker:
  - id: vestland
    name: Vestland
    statsforvalter: vestland
    fylkeskommune:
      name: Vestland fylkeskommune
      url: https://www.vestlandfylke.no/
  - id: rogaland
    name: Rogaland
    statsforvalter: rogaland
    fylkeskommune:
      name: Rogaland fylkeskommune
      url: https://www.rogfk.no/
      help:
        - title: Regionalt planforum
          url: https://www.rogfk.no/planforum/
";

const HELP_PAGE: &str = "---\ntitle: Hvor får dere hjelp?\nsummary: Fylke for fylke.\nhelp_directory: true\n---\n\nTekst.\n";

#[test]
fn the_reader_chooses_a_county_on_the_directory_page_and_every_footer_offers_it() {
    let site = Site::with(&[
        ("content/_hjelp.yaml", HELP),
        ("content/hjelp.md", HELP_PAGE),
    ]);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    let page = site.html("hvor-far-dere-hjelp/index.html");
    assert_eq!(
        texts(&page, ".help-directory__county h3"),
        vec!["Vestland", "Rogaland"]
    );
    assert_eq!(
        attrs(&page, "[data-help-picker] option", "value"),
        vec!["", "vestland", "rogaland"]
    );
    let names = texts(&page, "#fylke-rogaland .site-help__name");
    assert_eq!(
        names,
        vec!["Statsforvalteren i Rogaland", "Rogaland fylkeskommune"]
    );
    assert_eq!(
        attrs(&page, "#fylke-rogaland .site-help__links a", "href"),
        vec!["https://www.rogfk.no/planforum/"]
    );
    // The file's sources join the page's.
    assert!(texts(&page, ".sources__list li a").contains(&"Statsforvalterne".to_string()));
    // Every page's footer: the choice, filled in by the script.
    let front = site.html("index.html");
    assert_eq!(
        attrs(&front, "[data-help-county]", "data-help-json"),
        vec!["/veileder/stegvis-hjelp.json"]
    );
    assert_eq!(
        attrs(&front, "[data-help-choose] a", "href"),
        vec!["/veileder/hvor-far-dere-hjelp/"]
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.out().join("stegvis-hjelp.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        json["fylker"]["vestland"]["statsforvalter"]["name"],
        "Statsforvaltaren i Vestland"
    );
    assert_eq!(
        json["fylker"]["rogaland"]["fylkeskommune"]["help"][0]["title"],
        "Regionalt planforum"
    );
}

#[test]
fn a_site_for_one_county_names_its_bodies_in_every_footer_without_asking() {
    let site = Site::with(&[
        ("content/_hjelp.yaml", HELP),
        (
            "site.yaml",
            &format!("{SITE_YAML}help:\n  county: vestland\n"),
        ),
    ]);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    let front = site.html("index.html");
    assert_eq!(
        texts(&front, ".site-help__name"),
        vec!["Statsforvaltaren i Vestland", "Vestland fylkeskommune"]
    );
    assert!(texts(&front, "[data-help-county]").is_empty());
    assert!(!site.out().join("stegvis-hjelp.json").exists());
}

#[test]
fn mistakes_in_the_file_or_the_county_are_named_at_their_line() {
    let bad = HELP.replace(
        "    statsforvalter: rogaland\n",
        "    statsforvalter: rogalandd\n",
    );
    let site = Site::with(&[("content/_hjelp.yaml", &bad)]);
    let e = site.error("invalid-value");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/_hjelp.yaml"))
    );
    assert_eq!(
        e.line,
        Some(bad.lines().position(|l| l.contains("rogalandd")).unwrap() + 1)
    );
    assert!(e.hint.unwrap().contains("vestland, rogaland"));

    let site = Site::with(&[
        ("content/_hjelp.yaml", HELP),
        (
            "site.yaml",
            &format!("{SITE_YAML}help:\n  county: trøndelag\n"),
        ),
    ]);
    let e = site.error("invalid-value");
    assert_eq!(e.file.as_deref(), Some(std::path::Path::new("site.yaml")));
    assert!(e.message.contains("trøndelag"), "{}", e.message);
    assert!(e.hint.unwrap().contains("vestland, rogaland"));

    // Nothing in the file is read as a page of the site.
    let site = Site::with(&[
        ("content/_hjelp.yaml", HELP),
        ("content/hjelp.md", HELP_PAGE),
    ]);
    let out = site.build();
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("_hjelp.yaml"), "{stderr}");
}

/// The `help-directory` findings of a site.
fn help_warnings(site: &Site) -> Vec<stegvis::shared::diagnostics::Diagnostic> {
    site.diagnostics()
        .into_iter()
        .filter(|d| d.code == "help-directory")
        .collect()
}

#[test]
fn a_directory_page_without_the_file_or_a_second_one_is_a_warning_at_its_line() {
    let site = Site::with(&[("content/hjelp.md", HELP_PAGE)]);
    let found = help_warnings(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(!found[0].is_error());
    assert_eq!(
        found[0].file.as_deref(),
        Some(std::path::Path::new("content/hjelp.md"))
    );
    assert_eq!(found[0].line, Some(4));
    assert!(
        found[0].message.contains("_hjelp.yaml"),
        "{}",
        found[0].message
    );

    let site = Site::with(&[
        ("content/_hjelp.yaml", HELP),
        ("content/hjelp.md", HELP_PAGE),
        ("content/hjelp-igjen.md", HELP_PAGE),
    ]);
    let found = help_warnings(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].message.contains("to sider"),
        "{}",
        found[0].message
    );
}

#[test]
fn the_file_without_a_directory_page_or_a_county_is_unused_and_the_footer_stays_empty() {
    let site = Site::with(&[("content/_hjelp.yaml", HELP)]);
    let found = help_warnings(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].message.contains("brukes ikke"),
        "{}",
        found[0].message
    );
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    // No heading over nothing: the reader could not choose a county.
    assert!(texts(&site.html("index.html"), ".site-help__heading").is_empty());
}
