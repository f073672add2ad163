//! Scaffolding: `stegvis init DIR` lays out a new, buildable guide site (a
//! county starting its own guide), and `stegvis new step` adds a step last
//! in a guide with every field present and explained: the next number, or,
//! in a site built on a base whose guide it is, `after:` the guide's last
//! step (so a step the base adds later never clashes with its number).
//! Neither ever overwrites a file.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};

use crate::content::config::SiteConfig;
use crate::content::layers::{Layer, Layers};
use crate::content::load::{LoadedContent, Meta};
use crate::model::ModelInputs;
use crate::shared::diagnostics::Diagnostic;
use crate::shared::file_names::{CONFIG_FILE, CONTENT_DIR, GUIDE_FILE};
use crate::shared::slug::slugify;

fn io(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("io", format!("kunne ikke skrive {}: {e}", path.display()))
        .with_hint("sjekk at mappen kan skrives")
}

/// The municipal election period `today` falls in: elections every four
/// years (2023, 2027, …) on the second Monday of September.
pub fn election_for(today: NaiveDate) -> NaiveDate {
    let second_monday = |year: i32| {
        let first = NaiveDate::from_ymd_opt(year, 9, 1).expect("valid date");
        let offset = (7 + Weekday::Mon.num_days_from_monday() as i64
            - first.weekday().num_days_from_monday() as i64)
            % 7;
        first + chrono::Days::new(offset as u64 + 7)
    };
    let mut year = 2023 + (today.year() - 2023).div_euclid(4) * 4;
    if second_monday(year) > today {
        year -= 4;
    }
    second_monday(year)
}

/// The period a new site is for: the current one while its planstrategi
/// can still be adopted (within a year of the constitution, about 38 days
/// after the election), else the coming one.
pub fn period_for(today: NaiveDate) -> NaiveDate {
    let current = election_for(today);
    let constituted = current + chrono::Days::new(38);
    let deadline = constituted
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(constituted);
    if today <= deadline {
        current
    } else {
        election_for(NaiveDate::from_ymd_opt(current.year() + 4, 12, 31).unwrap_or(today))
    }
}

/// The repository's GitHub Pages workflow, which `init` writes into a new
/// site: one file for both, so they cannot drift apart.
const PUBLISH_WORKFLOW: &str = include_str!("../.github/workflows/publiser.yml");

/// Where `init` writes the publishing workflow in a new site.
pub const PUBLISH_WORKFLOW_PATH: &str = ".github/workflows/publiser.yml";

/// The publishing workflow for a new site: the repository's own, with its
/// `STEGVIS_VERSION` pinned to the binary that runs `init` and its
/// `STEGVIS_REPOSITORY` taken from Cargo.toml (the one place it is named).
pub fn publish_workflow() -> String {
    let mut out = String::with_capacity(PUBLISH_WORKFLOW.len() + 32);
    for line in PUBLISH_WORKFLOW.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        match line.trim_start().split_once(':') {
            Some(("STEGVIS_VERSION", _)) => {
                out.push_str(&format!(
                    "{indent}STEGVIS_VERSION: \"{}\"",
                    env!("CARGO_PKG_VERSION")
                ));
            }
            Some(("STEGVIS_REPOSITORY", _)) => {
                out.push_str(&format!(
                    "{indent}STEGVIS_REPOSITORY: {}",
                    env!("CARGO_PKG_REPOSITORY")
                ));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(
                "exists",
                format!("{} finnes allerede og er ikke tom", dir.display()),
            )
            .with_hint("stegvis init overskriver ingenting: velg en ny mappe"));
        }
    }
    let election = period_for(today);
    let constituted = election + chrono::Days::new(38);
    let end = election.year() + 4;
    let t = today.format("%Y-%m-%d").to_string();
    let files: Vec<(&str, String)> = vec![
        (
            "site.yaml",
            format!(
                r##"# Innstillinger for nettstedet. Alle felt er forklart i redaktørveiledningen.
title: Planveileder
description: Steg-for-steg-veileder for kommunal planstrategi.
# Adressen nettstedet publiseres på (en undermappe går fint).
base_url: https://www.example.no/planveileder/
# Målform for sider som ikke sier noe annet: nb (bokmål) eller nn (nynorsk).
language: nb
theme: default
accessibility_statement: "@/tilgjengelighetserklaering.md"
# Loven en «§ 10-1» i teksten viser til når ingen lov er nevnt.
default_law: pbl
laws:
  pbl:
    lovdata: 2008-06-27-71
    name: plan- og bygningsloven
  kommuneloven:
    lovdata: 2018-06-22-83
    name: kommuneloven
  folkehelseloven:
    lovdata: 2011-06-24-29
    name: folkehelseloven
# Valgperioden tidslinjen regner ut datoer fra. Datoene er eksempler: valgdagen
# fastsettes i statsråd, og hver kommune har sin egen konstitueringsdato.
period:
  name: "{}–{end}"
  election: {election}
  constituted: {constituted}
# stegvis check varsler om steg som ikke er gjennomgått på så mange dager.
review_after_days: 365
# Navn, logo (en fil i static/) og farger. Fargene må ha god kontrast.
branding:
  name: Fylkeskommunen
  # logo: logo.svg
  colors:
    primary: "#0062ba"
# «Hvor kan jeg få hjelp?» nederst på hver side.
help:
  contacts:
    - name: Fylkeskommunen, plankontakt
      description: Spørsmål om prosessen og regionale planer
      email: plan@example.no
"##,
                election.year()
            ),
        ),
        (
            "content/_index.md",
            format!(
                r#"---
title: Velkommen
summary: Veileder for kommuner som skal lage kommunal planstrategi.
lang: nb
updated: {t}
---
Velg en veileder under for å komme i gang.
"#
            ),
        ),
        (
            "content/planstrategi/_guide.md",
            format!(
                r#"---
title: Kommunal planstrategi
summary: Stegene fra konstituering til vedtatt planstrategi.
order: 1
lang: nb
updated: {t}
phases:
  - title: Oppstart
    start: constituted
    end: constituted + 3m
  - title: Utkast og vedtak
    start: constituted + 3m
    end: deadline
rules:
  - date: council_meeting
    not_after: deadline
    text: Kommunestyret vedtar planstrategien senest ett år etter at det ble konstituert.
    law: pbl
    section: "10-1"
milestones:
  - title: Siste dag forslaget kan gjøres offentlig (30 hele dager før møtet)
    date: council_meeting - 31d
    legal: {{ law: pbl, section: "10-1" }}
    deadline: true
  - title: Siste frist for vedtak
    date: deadline
    legal: {{ law: pbl, section: "10-1" }}
    deadline: true
---
Her beskriver dere kort hva veilederen hjelper kommunen med.
"#
            ),
        ),
        (
            "content/planstrategi/01-kom-i-gang.md",
            format!(
                r#"---
title: Kom i gang med planstrategien
step: 1
kind: råd
summary: Avklar hvem som gjør hva før arbeidet starter.
updated: {t}
when:
  start: constituted
  end: constituted + 1m
changes:
  - date: {t}
    note: Første versjon.
---
## Hvem gjør hva

Skriv rådene deres her. Oppgaver blir til en sjekkliste:

- [ ] Sett sammen en arbeidsgruppe
- [ ] Lag en enkel tidsplan
"#
            ),
        ),
        (
            "content/planstrategi/02-vedtak.md",
            format!(
                r#"---
title: Vedta planstrategien i tide
step: 2
kind: lovkrav
summary: Kommunestyret vedtar planstrategien senest ett år etter konstitueringen.
updated: {t}
legal:
  - law: pbl
    section: "10-1"
    requirement: Planstrategien skal vedtas senest ett år etter at kommunestyret er konstituert.
    obligation: skal
when:
  start: deadline - 2m
  end: deadline
changes:
  - date: {t}
    note: Første versjon.
---
Fristen står i § 10-1. Se også [første steg](@/planstrategi/01-kom-i-gang.md#hvem-gjor-hva).

- [ ] Sett planstrategien på sakskartet til kommunestyret
"#
            ),
        ),
        (
            "content/tilgjengelighetserklaering.md",
            format!(
                r#"---
title: Tilgjengelighetserklæring
summary: Slik arbeider vi med universell utforming av veilederen.
lang: nb
updated: {t}
---
Veilederen skal oppfylle kravene i WCAG 2.1 nivå AA. Finner du noe som ikke
virker, skriv til oss.
"#
            ),
        ),
        ("static/.gitkeep", String::new()),
        (".gitignore", "/public/\n".to_string()),
        (PUBLISH_WORKFLOW_PATH, publish_workflow()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        write_new(&p, &text)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error("exists", format!("{} finnes allerede", path.display()))
                    .with_hint("stegvis overskriver ingenting: velg et annet navn")
            } else {
                io(path, e)
            }
        })?;
    f.write_all(text.as_bytes()).map_err(|e| io(path, e))
}

/// Adds the next step to the guide in `content/<guide>/` (by folder name or
/// slug). Returns the new file, relative to the root.
pub fn new_step(
    root: &Path,
    guide: &str,
    title: &str,
    today: NaiveDate,
) -> Result<PathBuf, Diagnostic> {
    let (layers, _) = crate::pipeline::find_layers(root);
    let loaded = crate::content::load::load_content(&layers);
    let dirs: Vec<(String, Option<String>, bool)> = loaded
        .docs
        .iter()
        .filter_map(|d| match &d.meta {
            Meta::Guide { dir, meta } => Some((
                dir.clone(),
                meta.slug.clone(),
                meta.cycle == Some(crate::content::frontmatter::CycleKind::Yearly),
            )),
            _ => None,
        })
        .collect();
    let Some((dir, _, yearly)) = dirs
        .iter()
        .find(|(d, slug, _)| d == guide || slug.as_deref() == Some(guide))
    else {
        let known: Vec<String> = dirs.iter().map(|(d, _, _)| d.clone()).collect();
        return Err(
            Diagnostic::error("unknown-guide", format!("fant ingen veileder `{guide}`")).with_hint(
                if known.is_empty() {
                    format!("lag en mappe content/{guide}/ med filen {GUIDE_FILE} først")
                } else {
                    format!("veilederne heter: {}", known.join(", "))
                },
            ),
        );
    };
    // A broken step may hide its place; refuse rather than guess.
    if let Some(key) = loaded
        .failed
        .iter()
        .find(|k| k.starts_with(&format!("{dir}/")))
    {
        // The site's own file at that path, else the base's.
        let own = PathBuf::from(CONTENT_DIR).join(key);
        let path = match &layers.base {
            Some(b) if !root.join(&own).exists() => b.dir.join(&own),
            _ => own,
        };
        return Err(Diagnostic::error(
            "broken-guide",
            format!(
                "{} har feil, så stegvis vet ikke hvor det nye steget skal stå",
                path.display()
            ),
        )
        .in_file(path)
        .with_hint("kjør `stegvis check` og rett feilen først"));
    }
    let in_base = loaded.docs.iter().any(|d| {
        d.layer == Layer::Base
            && matches!(&d.meta, Meta::Guide { dir: d2, .. } | Meta::Step { dir: d2, .. } if d2 == dir)
    });
    let slug = {
        let s = slugify(title);
        if s.is_empty() {
            "nytt-steg".to_string()
        } else {
            s
        }
    };
    let folder = PathBuf::from(CONTENT_DIR).join(dir);
    let after = if in_base {
        last_step(&layers, &loaded, dir)?
    } else {
        None
    };
    let (rel, place) = match after {
        // After the merged guide's last step: `09-vedtak` → `09a-SLUG.md`
        // (the next free letter), sorting right after it in the folder.
        Some(last) => {
            let digits: String = last.chars().take_while(char::is_ascii_digit).collect();
            let taken = |prefix: &str| {
                layers.folders().iter().any(|(f, _, _)| {
                    std::fs::read_dir(f.join(&folder)).is_ok_and(|entries| {
                        entries.flatten().any(|e| {
                            e.file_name()
                                .to_string_lossy()
                                .starts_with(&format!("{prefix}-"))
                        })
                    })
                })
            };
            let name = if digits.is_empty() {
                format!("{slug}.md")
            } else {
                let prefix = ('a'..='z')
                    .map(|c| format!("{digits}{c}"))
                    .find(|p| !taken(p))
                    .unwrap_or(digits);
                format!("{prefix}-{slug}.md")
            };
            (
                folder.join(name),
                format!(
                    "# Steget står rett etter steget i filen {last}.md (det siste i veilederen\n# nå, fra grunnlaget eller deres eget). Skriv et annet filnavn for å flytte det.\nafter: {last}"
                ),
            )
        }
        None => {
            let last = loaded
                .docs
                .iter()
                .filter_map(|d| match &d.meta {
                    Meta::Step { dir: d2, meta } if d2 == dir => meta.step,
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            let number = last + 1;
            (
                folder.join(format!("{number:02}-{slug}.md")),
                format!("# Stegnummeret bestemmer rekkefølgen i veilederen.\nstep: {number}"),
            )
        }
    };
    let t = today.format("%Y-%m-%d");
    let title_yaml = serde_json::to_string(title).expect("a string serializes");
    // A yearly guide's dates count from the budget year, not the period.
    let (when_names, when_start, when_end, formkrav_date) = if *yearly {
        (
            "year_start (1. januar i budsjettåret), year_end (31. desember) og\n# guidens egne datoer",
            "year_start - 3m",
            "year_start - 1m",
            "year_start - 3w",
        )
    } else {
        (
            "election, constituted, council_meeting, deadline",
            "constituted + 1m",
            "constituted + 3m",
            "constituted + 2m",
        )
    };
    let when_intro = if *yearly {
        "Når steget skjer i budsjettåret, for tidslinjen (valgfritt). Tidspunkter:"
    } else {
        "Når steget skjer i valgperioden, for tidslinjen (valgfritt). Tidspunkter:"
    };
    let text = format!(
        r#"---
# Tittel, skrevet som en oppfordring: «Lag en tidsplan».
title: {title_yaml}
{place}
# lovkrav: steget inneholder krav i loven (da trengs en `legal` med obligation: skal).
# råd: steget gir råd og tips.
kind: råd
# Én setning som sier hva steget går ut på. Vises i oversikten.
summary: Skriv én setning om hva steget går ut på.
# Når steget sist ble endret (ÅÅÅÅ-MM-DD).
updated: {t}
# Når steget sist ble kontrollert og funnet riktig uten endringer (valgfritt).
# reviewed: {t}
# Målform: nb (bokmål) eller nn (nynorsk). Uten dette brukes veilederens.
# lang: nb
# Adressen til siden. Uten dette lages den av tittelen.
# slug: {slug}
# Lovhenvisninger: hva loven krever, med egne ord. Fjern # foran alle
# linjene som hører til (også foran `legal:`).
# legal:
#   - law: pbl              # lov-id fra `laws` i site.yaml
#     section: "10-1"       # paragrafen, i anførselstegn
#     requirement: Hva loven krever.
#     obligation: skal      # skal (plikt) eller bør (råd)
# Formkrav: det loven sier skal kunngjøres, sendes ut, gjøres offentlig,
# vedtas (kind: kunngjøring, utsending, offentliggjøring, vedtak, klage,
# dokument). Vises i boksen «Formkrav» og i «Formkrav før og etter vedtak».
# formkrav:
#   - kind: kunngjøring
#     text: Oppstarten kunngjøres.
#     where: minst én avis som er alminnelig lest på stedet, og på internett
#     law: pbl
#     section: "11-12"
#     date: {formkrav_date}  # når (valgfritt)
# {when_intro}
# {when_names}, pluss/minus d, w, m eller y.
# when:
#   start: {when_start}
#   end: {when_end}
# Endringer, nyeste først. Vises på «Hva er nytt» og i nyhetsstrømmen.
changes:
  - date: {t}
    note: Nytt steg.
---
Skriv veiledningen her. Bruk `##` for mellomtitler.

- [ ] Første oppgave i sjekklisten
"#
    );
    let path = root.join(&rel);
    // A guide the base has may have no folder in the site yet.
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    write_new(&path, &text)?;
    Ok(rel)
}

/// The file name (without `.md`) of the last step of guide folder `dir` in
/// the order readers see, both layers merged and hidden steps left out.
fn last_step(
    layers: &Layers,
    loaded: &LoadedContent,
    dir: &str,
) -> Result<Option<String>, Diagnostic> {
    let config = SiteConfig::load_layers(layers).map_err(|d| {
        let first = d.errors().next().cloned();
        Diagnostic::error(
            "broken-guide",
            "innstillingene har feil, så stegvis vet ikke hvor veilederen slutter",
        )
        .in_file(
            first
                .and_then(|f| f.file)
                .unwrap_or_else(|| CONFIG_FILE.into()),
        )
        .with_hint("kjør `stegvis check` og rett feilen først")
    })?;
    let mut inputs = ModelInputs::new(config, loaded.docs.clone());
    inputs.hidden_steps = loaded.hidden_steps.clone();
    let (site, _) = crate::model::build_model(inputs);
    let last = site
        .guides
        .iter()
        .find(|g| matches!(&site.docs[g.doc].meta, Meta::Guide { dir: d, .. } if d == dir))
        .and_then(|g| g.steps.last())
        .map(|s| {
            let key = &site.docs[s.doc].key;
            let name = key.rsplit('/').next().unwrap_or(key);
            name.strip_suffix(".md").unwrap_or(name).to_string()
        });
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The workflow a new site gets installs this very version of stegvis
    /// from the repository Cargo.toml names, and otherwise is the
    /// repository's own word for word (which names the same repository).
    #[test]
    fn the_publish_workflow_is_pinned_to_this_version() {
        let written = publish_workflow();
        let version = format!("  STEGVIS_VERSION: \"{}\"\n", env!("CARGO_PKG_VERSION"));
        let repository = format!("  STEGVIS_REPOSITORY: {}\n", env!("CARGO_PKG_REPOSITORY"));
        assert_eq!(written.matches(&version).count(), 1, "{written}");
        assert_eq!(written.matches(&repository).count(), 1, "{written}");
        assert!(PUBLISH_WORKFLOW.contains(&repository));
        let others = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.trim_start().starts_with("STEGVIS_VERSION:"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(others(&written), others(PUBLISH_WORKFLOW));
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Issue 25's papercut: a site made in December 2026 got the period
    /// 2023–2027, whose planstrategi deadline passed in 2024.
    #[test]
    fn a_new_site_gets_the_current_or_coming_period() {
        // Within a year of the constitution: the current period.
        assert_eq!(period_for(ymd(2024, 6, 1)), ymd(2023, 9, 11));
        assert_eq!(period_for(ymd(2024, 10, 19)), ymd(2023, 9, 11));
        // After it: the coming one.
        assert_eq!(period_for(ymd(2026, 12, 6)), ymd(2027, 9, 13));
        assert_eq!(period_for(ymd(2027, 9, 12)), ymd(2027, 9, 13));
        assert_eq!(period_for(ymd(2027, 9, 13)), ymd(2027, 9, 13));
        assert_eq!(period_for(ymd(2028, 12, 1)), ymd(2031, 9, 8));
    }

    #[test]
    fn election_days() {
        assert_eq!(election_for(ymd(2026, 11, 22)), ymd(2023, 9, 11));
        assert_eq!(election_for(ymd(2027, 9, 12)), ymd(2023, 9, 11));
        assert_eq!(election_for(ymd(2027, 9, 13)), ymd(2027, 9, 13));
        assert_eq!(election_for(ymd(2031, 12, 1)), ymd(2031, 9, 8));
    }
}
