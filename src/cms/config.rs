//! The Decap CMS configuration, generated from the site and the front-matter
//! structs: one collection of steps per guide, the top-level pages, each
//! guide's `_guide.md` and the front page, and the election period in
//! site.yaml. Labels are bokmål; hints come from the editors' guide.
//!
//! The field names are written here once, next to their labels, and a test
//! compares them, recursively, with what the serde structs accept
//! ([`super::fields`]): a field added to `StepMeta` and not here (or the
//! other way round) fails the test.

use std::path::Path;

use serde::Serialize;

use crate::content::config::{CmsSettings, GitHost, SiteConfig};
use crate::content::frontmatter::{self, GuideMeta};
use crate::content::layers::Layers;
use crate::model::formkrav::FormkravKind;
use crate::shared::diagnostics::Diagnostic;
use crate::shared::file_names::{CONFIG_FILE, CONTENT_DIR};

/// Where images uploaded through the CMS go, and how the text names them
/// (relative to `static/`, as the editors' guide says).
pub const MEDIA_FOLDER: &str = "static/bilder";
const PUBLIC_FOLDER: &str = "bilder";

/// The whole configuration, as Decap reads it from `config.yml`.
#[derive(Debug, Clone, Serialize)]
pub struct DecapConfig {
    pub backend: Backend,
    pub publish_mode: &'static str,
    pub locale: &'static str,
    pub media_folder: &'static str,
    pub public_folder: &'static str,
    pub slug: SlugRules,
    /// Decap reads this file itself only when the page names none.
    pub load_config_file: bool,
    pub collections: Vec<Collection>,
}

/// Where Decap reads and writes: the preview's own API (`proxy`), or a
/// host named in site.yaml for a published CMS.
#[derive(Debug, Clone, Serialize)]
pub struct Backend {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_root: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// `pkce` where the form logs in by itself (GitLab with `app_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<String>,
}

impl Backend {
    /// The preview's own file API (`proxy`, Decap's local mode).
    pub fn proxy(url: &str) -> Backend {
        Backend {
            name: "proxy".into(),
            proxy_url: Some(url.into()),
            repo: None,
            branch: None,
            base_url: None,
            auth_endpoint: None,
            api_root: None,
            app_id: None,
            auth_type: None,
        }
    }

    /// The Git host `cms:` in site.yaml names, for the published form.
    pub fn git_host(cms: &CmsSettings) -> Backend {
        Backend {
            name: cms.backend.name().into(),
            proxy_url: None,
            repo: Some(cms.repo.clone()),
            branch: Some(cms.branch.clone()),
            base_url: cms.base_url.clone(),
            auth_endpoint: cms.auth_endpoint.clone(),
            api_root: cms.api_root.clone(),
            app_id: cms.app_id.clone(),
            auth_type: (cms.backend == GitHost::Gitlab && cms.app_id.is_some())
                .then(|| "pkce".into()),
        }
    }
}

/// File names of new entries: ASCII, æøå spelt out by Decap's rules.
#[derive(Debug, Clone, Serialize)]
pub struct SlugRules {
    pub encoding: &'static str,
    pub clean_accents: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Collection {
    pub name: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_singular: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<&'static str>,
    pub format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'static str>,
    /// Decap's own preview pane is off: the stegvis preview is the real one.
    pub editor: Editor,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Editor {
    pub preview: bool,
}

/// One file of a files collection.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    pub name: String,
    pub label: String,
    pub file: String,
    pub fields: Vec<Field>,
}

/// One form field. `widget` names Decap's widget; the rest are that
/// widget's settings, left out when unset.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub widget: &'static str,
    #[serde(skip_serializing_if = "is_true")]
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_format: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modes: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editor_components: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A choice of a select: what is stored, and what the editor sees.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub label: String,
    pub value: String,
}

impl Field {
    fn new(name: &'static str, label: &'static str, widget: &'static str) -> Field {
        Field {
            name,
            label,
            widget,
            required: true,
            hint: None,
            options: Vec::new(),
            value_type: None,
            min: None,
            format: None,
            date_format: None,
            time_format: None,
            modes: None,
            buttons: None,
            editor_components: None,
            summary: None,
            collapsed: None,
            fields: Vec::new(),
        }
    }

    fn string(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "string")
    }

    fn text(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "text")
    }

    /// A whole number, stored as a number.
    fn int(name: &'static str, label: &'static str) -> Field {
        Field {
            value_type: Some("int"),
            ..Field::new(name, label, "number")
        }
    }

    /// A calendar date, stored as `YYYY-MM-DD` text (what
    /// [`crate::shared::dates::Date`] reads), never a timestamp.
    fn date(name: &'static str, label: &'static str) -> Field {
        Field {
            format: Some("YYYY-MM-DD"),
            date_format: Some("YYYY-MM-DD"),
            time_format: Some(false),
            ..Field::new(name, label, "datetime")
        }
    }

    fn boolean(name: &'static str, label: &'static str) -> Field {
        Field::new(name, label, "boolean").optional()
    }

    fn select(name: &'static str, label: &'static str, options: Vec<Choice>) -> Field {
        Field {
            options,
            ..Field::new(name, label, "select")
        }
    }

    /// A list of objects with `fields`.
    fn list(name: &'static str, label: &'static str, fields: Vec<Field>) -> Field {
        Field {
            fields,
            collapsed: Some(true),
            ..Field::new(name, label, "list")
        }
        .optional()
    }

    fn object(name: &'static str, label: &'static str, fields: Vec<Field>) -> Field {
        Field {
            fields,
            ..Field::new(name, label, "object")
        }
    }

    /// The Markdown body in raw mode only: stegvis's own syntax (`{{ … }}`,
    /// `@/` links, task lists, `\|` in tables) must come back byte for
    /// byte, and Decap's rich-text mode rewrites Markdown as it likes.
    fn body() -> Field {
        Field {
            hint: Some("Teksten i Markdown, akkurat som i en tekstfil. Sjekklistepunkter skrives `- [ ] Punktet er gjort.`"),
            modes: Some(vec!["raw"]),
            buttons: Some(Vec::new()),
            editor_components: Some(Vec::new()),
            ..Field::new("body", "Tekst", "markdown")
        }
    }

    fn optional(self) -> Field {
        Field {
            required: false,
            ..self
        }
    }

    fn hint(self, hint: &'static str) -> Field {
        Field {
            hint: Some(hint),
            ..self
        }
    }

    fn summary(self, summary: &'static str) -> Field {
        Field {
            summary: Some(summary),
            ..self
        }
    }
}

fn choice(value: &str, label: &str) -> Choice {
    Choice {
        label: label.to_string(),
        value: value.to_string(),
    }
}

/// The choices the site offers: its laws and the fixed keys of the schema.
struct Choices {
    laws: Vec<Choice>,
}

impl Choices {
    fn law(&self) -> Field {
        Field::select("law", "Lov", self.laws.clone()).hint("Id-en til loven i site.yaml.")
    }

    fn section() -> Field {
        Field::string("section", "Paragraf").hint("Bare nummeret, for eksempel 10-1 (uten §).")
    }

    fn lang() -> Field {
        Field::select(
            "lang",
            "Målform",
            vec![choice("nb", "Bokmål (nb)"), choice("nn", "Nynorsk (nn)")],
        )
        .optional()
        .hint("Standard er guidens målform, deretter nettstedets.")
    }

    fn slug() -> Field {
        Field::string("slug", "Adresse (slug)")
            .optional()
            .hint("Adressen til siden. Standard er tittelen gjort om til adresse.")
    }

    fn sources() -> Field {
        Field::list(
            "sources",
            "Kilder",
            vec![
                Field::string("title", "Tittel"),
                Field::string("url", "Adresse (URL)").optional(),
                Field::text("note", "Merknad")
                    .optional()
                    .hint("For eksempel når og hvor kilden ble lest."),
            ],
        )
        .summary("{{fields.title}}")
        .hint("Kildene for det som står på siden, særlig lovkravene.")
    }

    fn changes() -> Field {
        Field::list(
            "changes",
            "Endringer",
            vec![
                Field::date("date", "Dato"),
                Field::string("note", "Hva er endret"),
            ],
        )
        .summary("{{fields.date}}: {{fields.note}}")
        .hint("Nyeste først. Vises på siden «Hva er nytt» og i nyhetsstrømmen.")
    }

    /// The fields of a step (`StepMeta`), then the body.
    fn step(&self) -> Vec<Field> {
        vec![
            Field::string("title", "Tittel").hint("Formulert som en oppfordring, for eksempel «Vurder planbehovet»."),
            Field::int("step", "Stegnummer")
                .optional()
                .hint("Stegets plass blant stegene: et positivt heltall, unikt i guiden. Fyll ut enten dette eller «Rett etter steg»."),
            Field::string("after", "Rett etter steg")
                .optional()
                .hint("Filnavnet eller adressen til steget dette skal stå rett etter, for eksempel 02-planbehov."),
            Field::select(
                "kind",
                "Type",
                vec![choice("lovkrav", "Inneholder lovkrav"), choice("råd", "Råd/tips")],
            )
            .hint("Lovkrav når loven sier at kommunen skal gjøre noe i steget; da trengs minst én lovhenvisning med «skal»."),
            Field::text("summary", "Sammendrag").hint("Én setning om hva steget går ut på."),
            Field::date("updated", "Sist endret").hint("Dato for siste innholdsendring."),
            Field::date("reviewed", "Sist gjennomgått")
                .optional()
                .hint("Dato da steget sist ble lest og funnet riktig, uten endringer."),
            Choices::lang(),
            Choices::slug(),
            Field::list(
                "legal",
                "Lovhenvisninger",
                vec![
                    self.law(),
                    Choices::section(),
                    Field::text("requirement", "Krav")
                        .optional()
                        .hint("Kravet med dine egne ord, i én setning som sier nøyaktig det paragrafen sier."),
                    Field::select(
                        "obligation",
                        "Plikt eller råd",
                        vec![choice("skal", "skal (plikt)"), choice("bør", "bør (råd)")],
                    ),
                ],
            )
            .summary("{{fields.law}} § {{fields.section}} ({{fields.obligation}})")
            .hint("Vises i boksen «Hva sier loven?». Et lovkrav-steg trenger minst én «skal»."),
            Field::object(
                "when",
                "Tidslinje",
                vec![
                    Field::string("start", "Start").hint("Et datouttrykk, for eksempel constituted + 1m."),
                    Field::string("end", "Slutt").optional().hint("Et datouttrykk, for eksempel council_meeting - 31d."),
                ],
            )
            .optional()
            .hint("Når steget hører hjemme på tidslinjen."),
            Choices::changes(),
            Choices::sources(),
            Field::list(
                "formkrav",
                "Formkrav",
                vec![
                    Field::select(
                        "kind",
                        "Type",
                        FormkravKind::keys().iter().map(|k| choice(k, k)).collect(),
                    ),
                    Field::string("text", "Hva som skal gjøres").hint("Én kort setning, i samme styrke som loven."),
                    Field::string("where", "Hvem eller hvor").optional().hint("Kanalene eller mottakerne."),
                    self.law(),
                    Choices::section(),
                    Field::string("date", "Når").optional().hint("Et datouttrykk."),
                ],
            )
            .summary("{{fields.kind}}: {{fields.text}}")
            .hint("Det loven krever av formen: kunngjøring, utsending, offentliggjøring, vedtak …"),
            Field::body(),
        ]
    }

    /// The fields of `_guide.md` (`GuideMeta`), then the body.
    fn guide(&self) -> Vec<Field> {
        vec![
            Field::string("title", "Tittel"),
            Field::text("summary", "Sammendrag"),
            Field::int("order", "Rekkefølge")
                .optional()
                .hint("Plassen på forsiden, lavest først."),
            Choices::lang(),
            Choices::slug(),
            Field::date("updated", "Sist endret").optional(),
            Field::list(
                "phases",
                "Faser",
                vec![
                    Field::string("title", "Tittel"),
                    Field::string("start", "Start").hint("Et datouttrykk."),
                    Field::string("end", "Slutt").hint("Et datouttrykk."),
                ],
            )
            .summary("{{fields.title}}"),
            Field::list(
                "milestones",
                "Milepæler",
                vec![
                    Field::string("title", "Tittel"),
                    Field::string("date", "Dato").hint("Et datouttrykk."),
                    Field::object(
                        "legal",
                        "Lovhenvisning",
                        vec![self.law(), Choices::section()],
                    )
                    .optional(),
                    Field::boolean("deadline", "Lovbestemt frist"),
                ],
            )
            .summary("{{fields.title}}"),
            Field::list(
                "dates",
                "Guidens egne datoer",
                vec![
                    Field::string("name", "Navn")
                        .hint("Navnet datouttrykkene bruker, for eksempel oppstart."),
                    Field::string("title", "Tittel"),
                    Field::string("default", "Standarddato").hint("Et datouttrykk."),
                ],
            )
            .summary("{{fields.name}}"),
            Field::list(
                "rules",
                "Regler mellom datoer",
                vec![
                    Field::string("date", "Dato").hint("Et datouttrykk."),
                    Field::string("not_after", "Ikke etter").optional(),
                    Field::string("not_before", "Ikke før").optional(),
                    Field::string("at_least", "Minst")
                        .optional()
                        .hint("Et tidsrom, for eksempel 6w."),
                    Field::string("before", "Før").optional(),
                    Field::string("after", "Etter").optional(),
                    Field::text("text", "Regelen med ord"),
                    self.law(),
                    Choices::section(),
                ],
            )
            .summary("{{fields.text}}"),
            Choices::sources(),
            Field::select(
                "cycle",
                "Syklus",
                vec![choice("yearly", "Hvert budsjettår")],
            )
            .optional()
            .hint("Hvert budsjettår: datoene regnes fra year_start og year_end."),
            Field::body(),
        ]
    }

    /// The fields of a top-level page and of `_index.md` (`PageMeta`).
    fn page() -> Vec<Field> {
        vec![
            Field::string("title", "Tittel"),
            Field::text("summary", "Sammendrag")
                .optional()
                .hint("Én setning om innholdet, brukes i lister og av søkemotorer."),
            Field::int("order", "Rekkefølge")
                .optional()
                .hint("Rekkefølge i menyen, lavest først."),
            Choices::lang(),
            Choices::slug(),
            Field::date("updated", "Sist endret").optional(),
            Choices::sources(),
            Field::boolean("unlisted", "Skjult fra lister").hint(
                "Bygges, men vises ikke på forsiden, i menyen, i søket eller i nyhetsstrømmen.",
            ),
            Field::boolean("docx", "Også som Word-fil"),
            Field::boolean("help_directory", "Liste over hjelp i alle fylker"),
            Field::body(),
        ]
    }

    /// `period:` of site.yaml.
    fn period() -> Vec<Field> {
        vec![Field::object(
            "period",
            "Valgperiode",
            vec![
                Field::string("name", "Navn")
                    .optional()
                    .hint("For eksempel 2027–2031."),
                Field::date("election", "Valgdag"),
                Field::date("constituted", "Kommunestyret konstituert"),
                Field::date(
                    "council_meeting",
                    "Kommunestyremøtet som vedtar planstrategien",
                )
                .optional()
                .hint("Standard er lovens frist: ett år etter konstitueringen."),
            ],
        )
        .hint("Alle datoer i veilederen regnes ut fra valgperioden.")]
    }
}

/// The guide folders under `content/`, by name, with their titles: a
/// county edition's and its base's (not a guide it hides), so the form
/// offers the national steps too; saving one writes the county's own copy,
/// which replaces the national file.
fn guides(root: &Path) -> Vec<(String, String)> {
    let layers = Layers::find(root).unwrap_or_else(|_| Layers::single(root));
    let mut out: std::collections::BTreeMap<String, String> = Default::default();
    // The base first: the site's own `_guide.md` gives the title it shows.
    for (folder, _, _) in layers.folders() {
        let Ok(entries) = std::fs::read_dir(folder.join(CONTENT_DIR)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(['.', '_']) || !entry.path().is_dir() {
                continue;
            }
            if layers.hides(&format!("{name}/_guide.md"))
                && !root
                    .join(CONTENT_DIR)
                    .join(&name)
                    .join("_guide.md")
                    .exists()
            {
                continue;
            }
            let title = std::fs::read_to_string(entry.path().join("_guide.md"))
                .ok()
                .and_then(|text| {
                    let text = text.replace("\r\n", "\n");
                    let split = frontmatter::split(&text).ok()?;
                    frontmatter::parse::<GuideMeta>(&split)
                        .ok()
                        .map(|g| g.title)
                });
            match (title, out.get(&name)) {
                (Some(t), _) => {
                    out.insert(name, t);
                }
                (None, None) => {
                    out.insert(name.clone(), name);
                }
                (None, Some(_)) => {}
            }
        }
    }
    out.into_iter().collect()
}

/// The configuration for the site at `root`, with `backend`.
pub fn decap_config(root: &Path, backend: Backend) -> Result<DecapConfig, Diagnostic> {
    let site = SiteConfig::load(root).map_err(|d| {
        d.errors()
            .next()
            .cloned()
            .unwrap_or_else(|| Diagnostic::error("cms", format!("kunne ikke lese {CONFIG_FILE}")))
    })?;
    let choices = Choices {
        laws: site
            .laws
            .ids()
            .into_iter()
            .map(|id| {
                let name = site.laws.get(&id).map_or(id.clone(), |l| l.name.clone());
                choice(&id, &format!("{name} ({id})"))
            })
            .collect(),
    };
    let editor = Editor { preview: false };
    let guides = guides(root);
    let mut collections = Vec::new();
    for (folder, title) in &guides {
        collections.push(Collection {
            name: format!("steg-{folder}"),
            label: format!("Steg: {title}"),
            label_singular: Some("steg".into()),
            description: Some(format!("Stegene i guiden i {CONTENT_DIR}/{folder}/.")),
            folder: Some(format!("{CONTENT_DIR}/{folder}")),
            extension: Some("md"),
            format: "frontmatter",
            create: Some(true),
            delete: Some(false),
            slug: Some("{{slug}}"),
            summary: Some("{{title}}"),
            editor: editor.clone(),
            fields: choices.step(),
            files: Vec::new(),
        });
    }
    collections.push(Collection {
        name: "sider".into(),
        label: "Sider".into(),
        label_singular: Some("side".into()),
        description: Some(format!("Sidene direkte i {CONTENT_DIR}/.")),
        folder: Some(CONTENT_DIR.into()),
        extension: Some("md"),
        format: "frontmatter",
        create: Some(true),
        delete: Some(false),
        slug: Some("{{slug}}"),
        summary: Some("{{title}}"),
        editor: editor.clone(),
        fields: Choices::page(),
        files: Vec::new(),
    });
    let mut files = vec![FileEntry {
        name: "forside".into(),
        label: "Forsiden".into(),
        file: format!("{CONTENT_DIR}/_index.md"),
        fields: Choices::page(),
    }];
    for (folder, title) in &guides {
        files.push(FileEntry {
            name: format!("guide-{folder}"),
            label: format!("Guiden: {title}"),
            file: format!("{CONTENT_DIR}/{folder}/_guide.md"),
            fields: choices.guide(),
        });
    }
    collections.push(Collection {
        name: "guider".into(),
        label: "Forside og guider".into(),
        label_singular: None,
        description: Some(
            "Forsiden og hver guides _guide.md: tittel, faser, milepæler og datoer.".into(),
        ),
        folder: None,
        extension: None,
        format: "frontmatter",
        create: None,
        delete: Some(false),
        slug: None,
        summary: None,
        editor: editor.clone(),
        fields: Vec::new(),
        files,
    });
    collections.push(Collection {
        name: "innstillinger".into(),
        label: "Valgperiode".into(),
        label_singular: None,
        description: Some("Valgperioden i site.yaml. Bare disse feltene lagres; resten av site.yaml, med kommentarer, blir som før.".into()),
        folder: None,
        extension: None,
        format: "yml",
        create: None,
        delete: Some(false),
        slug: None,
        summary: None,
        editor,
        fields: Vec::new(),
        files: vec![FileEntry {
            name: "periode".into(),
            label: "Valgperiode".into(),
            file: CONFIG_FILE.into(),
            fields: Choices::period(),
        }],
    });
    Ok(DecapConfig {
        backend,
        publish_mode: "simple",
        locale: "nb_no",
        media_folder: MEDIA_FOLDER,
        public_folder: PUBLIC_FOLDER,
        slug: SlugRules {
            encoding: "ascii",
            clean_accents: true,
        },
        load_config_file: false,
        collections,
    })
}

/// The configuration as YAML text.
pub fn to_yaml(config: &DecapConfig) -> Result<String, Diagnostic> {
    crate::content::yaml::to_string(config)
        .map_err(|e| Diagnostic::error("cms", format!("kunne ikke skrive CMS-oppsettet: {e}")))
}

#[cfg(test)]
mod tests {
    use super::super::fields::{trace, Shape};
    use super::*;
    use crate::content::config::RawPeriod;
    use crate::content::frontmatter::{PageMeta, StepMeta};

    /// The fields a form edits, by path, as [`trace`] gives them for a
    /// struct; `body` is the Markdown below the front matter.
    fn shape_of(fields: &[Field]) -> Shape {
        fn walk(fields: &[Field], path: &str, out: &mut Shape) {
            let names: Vec<&'static str> = fields
                .iter()
                .map(|f| f.name)
                .filter(|n| !(path.is_empty() && *n == "body"))
                .collect();
            out.insert(path.to_string(), names);
            for f in fields.iter().filter(|f| !f.fields.is_empty()) {
                let p = if path.is_empty() {
                    f.name.to_string()
                } else {
                    format!("{path}.{}", f.name)
                };
                walk(&f.fields, &p, out);
            }
        }
        let mut out = Shape::new();
        walk(fields, "", &mut out);
        out
    }

    fn sorted(shape: Shape) -> Shape {
        shape
            .into_iter()
            .map(|(k, mut v)| {
                v.sort();
                (k, v)
            })
            .collect()
    }

    fn site() -> DecapConfig {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        decap_config(root, Backend::proxy("/api")).expect("the bundled site has a configuration")
    }

    #[test]
    fn a_county_edition_offers_the_national_guides_but_not_a_hidden_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fylke");
        let backend = Backend::proxy("/api");
        let names = |c: &DecapConfig| -> Vec<String> {
            c.collections.iter().map(|c| c.name.clone()).collect()
        };
        let county = names(&decap_config(&root, backend.clone()).unwrap());
        let national = names(&site());
        assert_eq!(county, national, "the same guides as the national site");
        // The fixture's planstrategi folder has no _guide.md of its own:
        // the title comes from the national one.
        let c = decap_config(&root, backend).unwrap();
        let steps = c
            .collections
            .iter()
            .find(|c| c.name == "steg-planstrategi")
            .unwrap();
        assert_eq!(steps.label, "Steg: Kommunal planstrategi");
    }

    #[test]
    fn every_field_the_schema_accepts_is_in_the_form_and_no_other() {
        let config = site();
        let steps = trace::<StepMeta>();
        let guide = trace::<GuideMeta>();
        let page = trace::<PageMeta>();
        // Enough of each struct was seen for the comparison to mean something.
        for (shape, path) in [
            (&steps, "legal"),
            (&steps, "formkrav"),
            (&steps, "when"),
            (&steps, "changes"),
            (&steps, "sources"),
            (&guide, "milestones.legal"),
            (&guide, "rules"),
            (&guide, "phases"),
            (&guide, "dates"),
        ] {
            assert!(shape.contains_key(path), "{path}: {shape:?}");
        }
        let mut seen_steps = 0;
        for c in &config.collections {
            if c.name.starts_with("steg-") {
                seen_steps += 1;
                assert_eq!(
                    sorted(shape_of(&c.fields)),
                    sorted(steps.clone()),
                    "{}",
                    c.name
                );
            }
            if c.name == "sider" {
                assert_eq!(sorted(shape_of(&c.fields)), sorted(page.clone()));
            }
            for f in &c.files {
                let want = if f.name == "forside" {
                    page.clone()
                } else if f.name.starts_with("guide-") {
                    guide.clone()
                } else {
                    let mut p: Shape = trace::<RawPeriod>()
                        .into_iter()
                        .map(|(k, v)| {
                            (
                                format!("period{}{k}", if k.is_empty() { "" } else { "." }),
                                v,
                            )
                        })
                        .collect();
                    p.insert(String::new(), vec!["period"]);
                    p
                };
                assert_eq!(sorted(shape_of(&f.fields)), sorted(want), "{}", f.name);
            }
        }
        assert_eq!(seen_steps, 4, "one collection per bundled guide");
    }

    #[test]
    fn laws_and_formkrav_kinds_are_choices() {
        let config = site();
        let steps = &config.collections[0].fields;
        let legal = steps.iter().find(|f| f.name == "legal").unwrap();
        let law = legal.fields.iter().find(|f| f.name == "law").unwrap();
        let laws: Vec<&str> = law.options.iter().map(|c| c.value.as_str()).collect();
        assert!(
            laws.contains(&"pbl") && laws.contains(&"kommuneloven"),
            "{laws:?}"
        );
        let formkrav = steps.iter().find(|f| f.name == "formkrav").unwrap();
        let kind = formkrav.fields.iter().find(|f| f.name == "kind").unwrap();
        let kinds: Vec<&str> = kind.options.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(kinds, FormkravKind::keys());
    }

    #[test]
    fn the_body_is_raw_markdown_and_the_yaml_reads_back() {
        let config = site();
        let text = to_yaml(&config).unwrap();
        assert!(
            text.contains("modes:\n      - raw") || text.contains("- raw"),
            "{text}"
        );
        assert!(!text.contains("rich_text"));
        let back: serde_json::Value = crate::content::yaml::from_str(&text).unwrap();
        assert_eq!(back["backend"]["name"], "proxy");
        assert_eq!(back["collections"][0]["folder"], "content/handlingsdel");
    }
}
