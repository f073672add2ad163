//! Publishing for county advisers: scaffolding a new site and a new step,
//! the Atom feed, sitemap and robots.txt, theming from site.yaml, and
//! output under a sub-path.

mod common;
use common::*;

#[test]
fn init_makes_a_site_that_builds_and_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let out = stegvis(&["init", "fylket"], tmp.path());
    assert!(out.status.success(), "{}", text(&out).1);
    let site = tmp.path().join("fylket");
    let check = stegvis(&["check", "--format", "json"], &site);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(check.status.code(), Some(0), "{json:#}");
    assert_eq!(json["errors"], 0);
    // The template's example values are named, each at its line, until
    // the site has its own (issue 25's papercut: they passed silently).
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["code"] == "placeholder" && f["line"].is_u64()),
        "{json:#}"
    );
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        yaml.replace("example.no", "fylket.no"),
    )
    .unwrap();
    for entry in walkdir::WalkDir::new(site.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(entry.path(), text.replace("example.no", "fylket.no")).unwrap();
        }
    }
    let check = stegvis(&["check", "--format", "json"], &site);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(json["warnings"], 0, "{json:#}");
    let build = stegvis(&["build"], &site);
    assert!(build.status.success(), "{}", text(&build).1);
    assert!(site.join("public/planstrategi/index.html").is_file());
    // Refuses a folder that is not empty, and changes nothing in it.
    let before = snapshot(&site);
    let again = stegvis(&["init", "fylket"], tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).1.contains("finnes allerede"));
    assert_eq!(snapshot(&site), before);
}

/// Issue 24: the GitHub Pages workflow a new site gets installs the
/// released binary of this very version, checked against its .sha256, and
/// never compiles stegvis.
#[test]
fn init_writes_a_workflow_that_installs_a_checked_release() {
    let tmp = tempfile::tempdir().unwrap();
    let out = stegvis(&["init", "fylket"], tmp.path());
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("publiser.yml"), "{}", text(&out).0);
    let wf =
        std::fs::read_to_string(tmp.path().join("fylket/.github/workflows/publiser.yml")).unwrap();
    // The version pinned once, to the binary that ran init, and the
    // repository from Cargo.toml.
    let pin = format!("\n  STEGVIS_VERSION: \"{}\"\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(wf.matches("STEGVIS_VERSION:").count(), 1, "{wf}");
    assert!(wf.contains(&pin), "{wf}");
    let repository = format!("\n  STEGVIS_REPOSITORY: {}\n", env!("CARGO_PKG_REPOSITORY"));
    assert!(wf.contains(&repository), "{wf}");
    // The archive dist makes for Linux x86_64 (dist-workspace.toml), from
    // the release of that version, checked before it is unpacked.
    let dist = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist-workspace.toml"),
    )
    .unwrap();
    assert!(dist.contains("\"x86_64-unknown-linux-musl\""));
    assert!(dist.contains("unix-archive = \".tar.xz\""));
    assert!(dist.contains("checksum = \"sha256\""));
    assert!(wf.contains("ARCHIVE: stegvis-x86_64-unknown-linux-musl.tar.xz"));
    assert!(wf.contains("url=\"$STEGVIS_REPOSITORY/releases/download/v$STEGVIS_VERSION/$ARCHIVE\""));
    assert!(wf.contains("-O \"$url\" -O \"$url.sha256\""));
    let check = wf.find("sha256sum --check --strict \"$ARCHIVE.sha256\"");
    let unpack = wf.find("tar -xf \"$ARCHIVE\"");
    assert!(check.is_some() && check < unpack, "{wf}");
    assert!(wf.contains("exit 1"));
    // No Rust toolchain and no cargo outside comments.
    for line in wf.lines().filter(|l| !l.trim_start().starts_with('#')) {
        assert!(
            !line.contains("cargo") && !line.contains("rust-toolchain"),
            "{line}"
        );
    }
    // Still checks, builds and deploys.
    for step in [
        "run: stegvis check",
        "run: stegvis build --output public",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(wf.contains(step), "{step}");
    }
}

#[test]
fn new_step_is_next_numbered_with_every_field_and_never_overwrites() {
    let site = Site::new();
    let out = stegvis(
        &["new", "step", "--guide", "g", "Følg opp vedtaket"],
        site.root(),
    );
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("content/g/03-folg-opp-vedtaket.md"));
    let file =
        std::fs::read_to_string(site.root().join("content/g/03-folg-opp-vedtaket.md")).unwrap();
    for field in [
        "title:",
        "step: 3",
        "kind:",
        "summary:",
        "updated:",
        "reviewed:",
        "lang:",
        "slug:",
        "legal:",
        "when:",
        "changes:",
    ] {
        assert!(file.contains(field), "{field} present");
    }
    assert!(
        file.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            >= 10,
        "fields are explained"
    );
    // The new step builds, shows up, and is listed on "what's new".
    assert!(site.build().status.success());
    let new = site.html("hva-er-nytt/index.html");
    assert!(texts(&new, ".changes-list__title")
        .iter()
        .any(|t| t.contains("Følg opp vedtaket")));
    // A second step gets the next number.
    let out = stegvis(&["new", "step", "--guide", "g", "Evaluer"], site.root());
    assert!(text(&out).0.contains("04-evaluer.md"));
    // An existing file is never overwritten.
    site.write(
        "content/g/05-fast.md",
        "---\ntitle: Fast\nstep: 1\nkind: råd\nsummary: s\nupdated: 2024-01-01\n---\nOriginal\n",
    );
    std::fs::remove_file(site.root().join("content/g/04-evaluer.md")).unwrap();
    site.write("content/g/04-evaluer.md", "uendret");
    let out = stegvis(&["new", "step", "--guide", "g", "Evaluer"], site.root());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/g/04-evaluer.md")).unwrap(),
        "uendret"
    );
    // Unknown guides are named.
    let out = stegvis(&["new", "step", "--guide", "finnes-ikke", "X"], site.root());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("veilederne heter: g"));
}

#[test]
fn atom_feed_sitemap_and_robots_are_valid_and_absolute() {
    let site = Site::with(&[
        ("content/g/01-start.md", &STEP_1.replace("updated: 2024-11-01", "updated: 2024-11-01\nchanges:\n  - date: 2024-11-01\n    note: Ny sjekkliste & nye råd.\n  - date: 2024-06-01\n    note: Første versjon.")),
        ("content/g/02-vedtak.md", &STEP_2.replace("updated: 2024-11-01", "updated: 2024-11-05\nchanges:\n  - date: 2024-11-05\n    note: Fristen presisert.")),
    ]);
    assert!(site.build().status.success());
    let atom = std::fs::read_to_string(site.out().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).expect("well-formed Atom");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .map(|c| c.text().unwrap_or("").to_string())
    };
    assert_eq!(
        child(feed, "id").unwrap(),
        "https://example.org/veileder/atom.xml"
    );
    assert_eq!(child(feed, "updated").unwrap(), "2024-11-05T00:00:00Z");
    assert!(feed.children().any(|c| c.has_tag_name("author")));
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 3);
    let updated: Vec<String> = entries
        .iter()
        .map(|e| child(*e, "updated").unwrap())
        .collect();
    assert_eq!(
        updated,
        [
            "2024-11-05T00:00:00Z",
            "2024-11-01T00:00:00Z",
            "2024-06-01T00:00:00Z"
        ]
    );
    assert_eq!(
        child(entries[1], "summary").unwrap(),
        "Ny sjekkliste & nye råd."
    );
    let link = entries[0]
        .children()
        .find(|c| c.has_tag_name("link"))
        .unwrap();
    assert_eq!(
        link.attribute("href"),
        Some("https://example.org/veileder/g/vedta-strategien/")
    );
    let ids: std::collections::HashSet<String> =
        entries.iter().map(|e| child(*e, "id").unwrap()).collect();
    assert_eq!(ids.len(), 3, "entry ids are unique");

    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("well-formed sitemap");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.org/veileder/g/sett-i-gang/"));
    assert!(locs.contains(&"https://example.org/veileder/hva-er-nytt/"));
    assert!(!locs.iter().any(|l| l.contains("404")));
    assert!(locs
        .iter()
        .all(|l| l.starts_with("https://example.org/veileder/")));
    let robots = std::fs::read_to_string(site.out().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/veileder/sitemap.xml"));
    // Pages link the feed and have canonical URLs.
    let page = site.html("g/sett-i-gang/index.html");
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://example.org/veileder/g/sett-i-gang/"]
    );
    assert_eq!(
        attrs(&page, "link[type=\"application/atom+xml\"]", "href"),
        ["/veileder/atom.xml"]
    );
    // A site's own robots.txt wins.
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    assert!(site.build().status.success());
    assert_eq!(
        std::fs::read_to_string(site.out().join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /\n"
    );
}

#[test]
fn theming_from_site_yaml() {
    let yaml = format!(
        "{SITE_YAML}branding:\n  name: Trøndelag fylkeskommune\n  logo: logo.svg\n  colors:\n    primary: \"#00594f\"\n    header_background: \"#00594f\"\n    header_text: \"#ffffff\"\nhelp:\n  contacts:\n    - name: Plankontakten\n      email: plan@example.no\n      phone: \"+47 12 34 56 78\"\n"
    );
    let site = Site::with(&[
        ("site.yaml", &yaml),
        (
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    let css = std::fs::read_to_string(site.out().join("stegvis-tema.css")).unwrap();
    assert!(css.contains("--c-primary: #00594f;"), "{css}");
    assert!(css.contains("--c-header-bg: #00594f;"));
    let page = site.html("index.html");
    assert_eq!(
        attrs(&page, ".site-title img", "src"),
        ["/veileder/logo.svg"]
    );
    assert_eq!(
        attrs(&page, ".site-title img", "alt"),
        ["Trøndelag fylkeskommune"]
    );
    assert_eq!(texts(&page, "#sv-hjelp"), ["Hvor kan jeg få hjelp?"]);
    assert_eq!(
        attrs(&page, ".site-help a[href^=tel]", "href"),
        ["tel:+4712345678"]
    );
    // A colour that fails WCAG AA against its text is refused, with a fix.
    let bad = yaml.replace("primary: \"#00594f\"", "primary: \"#66b2a8\"");
    site.write("site.yaml", &bad);
    let out = site.build();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out).1;
    assert!(err.contains("low-contrast"), "{err}");
    assert!(err.contains("site.yaml:19"), "{err}");
    assert!(err.contains("mørkere farge"), "{err}");
}

#[test]
fn overriding_one_template_from_the_site() {
    let site = Site::with(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"egen-mal\">{{ page.title }}</h1>{{ page.body_html | safe }}{% endblock content %}",
    )]);
    assert!(site.build().status.success());
    let page = site.html("om-veilederen/index.html");
    assert_eq!(texts(&page, "h1.egen-mal"), ["Om veilederen"]);
    // Everything else still comes from the theme.
    let step = site.html("g/sett-i-gang/index.html");
    assert_eq!(page.select(&sel(".skip-link")).count(), 1);
    assert_eq!(step.select(&sel(".law-box, .step-labels")).count(), 1);
}

/// The new step's commented fields work when uncommented as invited: the
/// legal references and the formal requirements (issue 25's papercut: the
/// template's `legal: []` with commented `- law:` lines gave a YAML error
/// when uncommented; issue 21: `formkrav:` written commented out).
#[test]
fn new_step_fields_work_uncommented() {
    let site = Site::new();
    let out = stegvis(
        &["new", "step", "--guide", "g", "Kunngjør oppstarten"],
        site.root(),
    );
    assert!(out.status.success(), "{}", text(&out).1);
    let path = site.root().join("content/g/03-kunngjor-oppstarten.md");
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.contains("# formkrav:"), "{file}");
    // Uncomment every line of the `legal:` and `formkrav:` blocks, as an
    // editor would: drop the `# ` in front.
    let mut inside = false;
    let edited: Vec<String> = file
        .lines()
        .map(|l| {
            if l == "# legal:" || l == "# formkrav:" {
                inside = true;
            } else if !l.starts_with("#   ") {
                inside = false;
            }
            if inside {
                l.trim_start_matches("# ").to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    let edited = edited.join("\n").replace("kind: råd", "kind: lovkrav");
    std::fs::write(&path, edited).unwrap();
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    let page = site.html("g/kunngjor-oppstarten/index.html");
    assert_eq!(texts(&page, ".formkrav-box h2"), ["Formkrav"]);
    assert_eq!(
        texts(&page, ".formkrav-box .formkrav-item label")[0],
        "Kunngjøring: Oppstarten kunngjøres. (minst én avis som er alminnelig lest på stedet, og på internett) – 19. desember 2023"
    );
    assert!(!texts(&page, ".law-box").is_empty());
}
