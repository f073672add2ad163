//! The diagnostic codes: every `code` a finding can carry (`error[code]` in
//! the terminal, `code` in `stegvis check --format json`), each with what it
//! means. They are promised stable to CI users; the editors' guide lists
//! them all (tested), and a diagnostic with a code not listed here fails in
//! debug builds and in the test below.

/// A code and, in bokmål, what it means (the editors' guide says the same).
pub struct Code {
    pub id: &'static str,
    pub meaning: &'static str,
}

/// Every code, grouped roughly by stage: reading, the model, links and
/// content, output, the commands.
pub const CODES: &[Code] = &[
    Code {
        id: "yaml-syntax",
        meaning: "Front matter eller site.yaml er ikke gyldig YAML.",
    },
    Code {
        id: "front-matter",
        meaning: "Filen mangler front matter, eller den avsluttende `---` mangler.",
    },
    Code {
        id: "not-utf8",
        meaning: "Filen er ikke lagret som UTF-8.",
    },
    Code {
        id: "unknown-field",
        meaning: "Et felt stegvis ikke kjenner, ofte en skrivefeil. Tipset foreslår nærmeste felt.",
    },
    Code {
        id: "missing-field",
        meaning: "Et påkrevd felt mangler eller er tomt.",
    },
    Code {
        id: "invalid-value",
        meaning: "Et felt har en verdi som ikke er lov, for eksempel feil type, en ugyldig farge eller en kilde uten gyldig adresse.",
    },
    Code {
        id: "invalid-date",
        meaning: "Et datouttrykk eller en dato i teksten (`{{ … }}`) går ikke an å regne ut, eller bruker et navn som ikke finnes.",
    },
    Code {
        id: "missing-period",
        meaning: "Innholdet bruker datoer, men site.yaml har ingen `period`.",
    },
    Code {
        id: "duplicate-date",
        meaning: "En av guidens egne datoer har samme navn som en annen, eller som en av valgperiodens datoer.",
    },
    Code {
        id: "invalid-section",
        meaning: "Et paragrafnummer er skrevet feil.",
    },
    Code {
        id: "unknown-law",
        meaning: "En lov som ikke står under `laws` i site.yaml.",
    },
    Code {
        id: "lovkrav-without-duty",
        meaning: "Et steg er merket `lovkrav`, men har ingen henvisning med `obligation: skal`.",
    },
    Code {
        id: "rad-with-duty",
        meaning: "Et steg er merket `råd`, men har en henvisning med `obligation: skal`.",
    },
    Code {
        id: "duplicate-step",
        meaning: "To steg i samme guide har samme nummer.",
    },
    Code {
        id: "step-gap",
        meaning: "Stegnumrene i en guide hopper over et nummer.",
    },
    Code {
        id: "invalid-base",
        meaning: "`base:` eller `hide:` i site.yaml: grunnlaget finnes ikke, er ikke et stegvis-nettsted, site.yaml i grunnlaget kan ikke leses eller fører ut av grunnlaget, eller en skjult side finnes ikke i grunnlaget.",
    },
    Code {
        id: "base-changed",
        meaning: "Grunnlaget har endret (eller fjernet) en fil som nettstedet erstatter, siden dere sist godtok den med `stegvis base accept`. Meldingen viser endringen.",
    },
    Code {
        id: "base-unrecorded",
        meaning: "En fil erstatter en fil i grunnlaget, men det er ikke registrert hvilken versjon av grunnlaget den bygger på (`stegvis base accept FIL`).",
    },
    Code {
        id: "base-lock",
        meaning: "`base-lock.yaml` kan ikke leses, eller en `stegvis base`-kommando kunne ikke gjøre jobben sin.",
    },
    Code {
        id: "unknown-step",
        meaning: "`after:` nevner et steg som ikke finnes i samme guide, som er skjult, eller som går i ring.",
    },
    Code {
        id: "help-directory",
        meaning: "En side har `help_directory: true`, men nettstedet har ingen `content/_hjelp.yaml`, flere sider har feltet, eller `_hjelp.yaml` brukes ikke (ingen slik side og ikke noe fast fylke).",
    },
    Code {
        id: "slug-collision",
        meaning: "To sider får samme adresse, eller en side tar en adresse stegvis bruker selv.",
    },
    Code {
        id: "missing-guide",
        meaning: "En mappe har steg, men ingen `_guide.md`.",
    },
    Code {
        id: "broken-link",
        meaning: "En lenke peker på en side eller fil som ikke finnes.",
    },
    Code {
        id: "broken-anchor",
        meaning: "En lenke peker på en overskrift som ikke finnes på siden.",
    },
    Code {
        id: "duplicate-anchor",
        meaning: "To overskrifter på samme side har samme id.",
    },
    Code {
        id: "broken-external-link",
        meaning: "En ekstern lenke svarer ikke (bare med `stegvis check --external`).",
    },
    Code {
        id: "missing-image",
        meaning: "Et bilde finnes ikke i `static/`.",
    },
    Code {
        id: "image-without-alt",
        meaning: "Et bilde mangler alternativ tekst.",
    },
    Code {
        id: "empty-checklist-item",
        meaning: "Et punkt i en sjekkliste har ingen tekst.",
    },
    Code {
        id: "unsafe-html",
        meaning: "HTML i teksten som ikke er lov (for eksempel `script`, `iframe`, `style` eller `on…`-attributter) og som ble fjernet.",
    },
    Code {
        id: "unsafe-url",
        meaning: "En lenke- eller bildeadresse med et skjema som ikke er lov, for eksempel `javascript:`.",
    },
    Code {
        id: "too-deep",
        meaning: "Lister, sitater eller HTML er nøstet i mer enn 32 nivåer.",
    },
    Code {
        id: "no-language",
        meaning: "En side har ikke `lang`, så språket er bare antatt.",
    },
    Code {
        id: "stale-step",
        meaning: "Et steg er ikke oppdatert eller gjennomgått på lenger enn `review_after_days`.",
    },
    Code {
        id: "low-contrast",
        meaning: "En farge i `branding` har for lav kontrast (WCAG 2.1 AA).",
    },
    Code {
        id: "template",
        meaning: "En mal mangler eller har en feil.",
    },
    Code {
        id: "missing-theme",
        meaning: "Temaet i site.yaml finnes ikke.",
    },
    Code {
        id: "theme-fallback",
        meaning: "Temaet mangler en mal eller en delmal som brukes; stegvis bruker den innebygde fra standardtemaet i stedet.",
    },
    Code {
        id: "invalid-formkrav",
        meaning: "Et formkrav under `formkrav:` har en ukjent type (`kind`) eller mangler tekst.",
    },
    Code {
        id: "invalid-rule",
        meaning: "En regel under `rules:` i `_guide.md` er skrevet feil (for eksempel mangler `at_least` eller har to motdatoer).",
    },
    Code {
        id: "rule-broken",
        meaning: "Standarddatoene bryter en regel under `rules:` (en minstefrist i loven); loven, regelen og begge datoene står i meldingen.",
    },
    Code {
        id: "rule-tight",
        meaning: "Standarddatoene holder en regel under `rules:` bare med den vanlige lesemåten av loven, ikke med veilederens forsiktige regnemåte.",
    },
    Code {
        id: "changes-order",
        meaning: "Endringene under `changes` i et steg står ikke med den nyeste først.",
    },
    Code {
        id: "placeholder",
        meaning: "En eksempelverdi fra malen (en adresse under `example.no` eller eksempelnavnet på fylket) står fortsatt i site.yaml eller i en side.",
    },
    Code {
        id: "own-host-headers",
        meaning: "`_headers` eller `.htaccess` i `static/` setter sin egen Content-Security-Policy; stegvis legger da ikke til sine sikkerhetshoder i den filen.",
    },
    Code {
        id: "static-skipped",
        meaning: "En fil i `static/` som begynner med punktum, blir ikke kopiert (bare `.htaccess`, `.nojekyll` og filene i `.well-known/` kopieres).",
    },
    Code {
        id: "asset-shadowed",
        meaning: "En fil i `static/` har samme navn som en fil stegvis lager selv, og blir ikke brukt.",
    },
    Code {
        id: "unsafe-symlink",
        meaning: "En snarvei i `content/` eller `static/` peker ut av nettstedet, eller en fil eller mappe i grunnlaget peker ut av grunnlaget, og blir utelatt (for grunnlagets `_hjelp.yaml` og tema er det en feil).",
    },
    Code {
        id: "ignored-file",
        meaning: "En fil under `content/` som stegvis ikke bruker.",
    },
    Code {
        id: "missing-config",
        meaning: "site.yaml mangler.",
    },
    Code {
        id: "missing-content",
        meaning: "Mappen `content/` mangler, i nettstedet eller i grunnlaget.",
    },
    Code {
        id: "io",
        meaning: "En fil eller mappe kunne ikke leses.",
    },
    Code {
        id: "output",
        meaning: "Nettstedet kunne ikke skrives til utdatamappen. Forrige versjon ligger urørt.",
    },
    Code {
        id: "search-index",
        meaning: "Søkeindeksen kunne ikke lages.",
    },
    Code {
        id: "serve",
        meaning: "Forhåndsvisningen kunne ikke starte, for eksempel fordi porten er opptatt.",
    },
    Code {
        id: "cms",
        meaning: "Oppsettet for redigeringsskjemaet (Decap CMS) kunne ikke lages, for eksempel fordi site.yaml har en feil, `stegvis build --cms` mangler `cms:` i site.yaml, eller en side eller fil ligger i mappen `admin/`.",
    },
    Code {
        id: "cms-host-headers",
        meaning: "`stegvis build --cms`: hvilke verter redigeringsskjemaet får sin egen sikkerhetspolicy hos, og hvor det må sjekkes eller settes opp for hånd (Netlify, nginx, eller en egen `_headers` med policy).",
    },
    Code {
        id: "port-taken",
        meaning: "Porten som er valgt med `stegvis serve --port`, er opptatt.",
    },
    Code {
        id: "exists",
        meaning: "`stegvis init` eller `stegvis new step` ville ha overskrevet en fil som finnes.",
    },
    Code {
        id: "unknown-guide",
        meaning: "`stegvis new step` fant ikke guiden.",
    },
    Code {
        id: "broken-guide",
        meaning: "`stegvis new step` kunne ikke lese guiden.",
    },
];

/// Whether `code` is one of [`CODES`].
pub fn is_known(code: &str) -> bool {
    CODES.iter().any(|c| c.id == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code written in the source is listed, and every listed code
    /// is still used (a code a diagnostic picks from a variable is caught
    /// by the debug assertion in `Diagnostic::error` instead).
    #[test]
    fn the_list_matches_the_source() {
        let calls = regex::Regex::new(
            r#"(?:Diagnostic::error|Diagnostic::warning|\bproblem|\berr|\bwarn)\(\s*"([a-z][a-z0-9-]*)"|code:\s*"([a-z][a-z0-9-]*)"|=>\s*"([a-z]+-[a-z0-9-]+)",|const [A-Z_]*(?:TAKEN|CODE)[A-Z_]*: &str = "([a-z][a-z0-9-]*)""#,
        )
        .unwrap();
        let mut used = std::collections::BTreeSet::new();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("codes.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for c in calls.captures_iter(&text) {
                        let code = (1..=4).find_map(|i| c.get(i)).unwrap().as_str();
                        used.insert(code.to_string());
                    }
                }
            }
        }
        let unknown: Vec<&String> = used.iter().filter(|c| !is_known(c)).collect();
        assert!(unknown.is_empty(), "codes missing from CODES: {unknown:?}");
        let unused: Vec<&str> = CODES
            .iter()
            .map(|c| c.id)
            .filter(|id| !used.contains(*id))
            .collect();
        assert!(unused.is_empty(), "codes no longer used: {unused:?}");
        let mut ids: Vec<&str> = CODES.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CODES.len(), "a code is listed twice");
    }
}
