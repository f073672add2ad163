//! `site.yaml`: the site's title, base URL, language, theme, law registry and
//! election period. Parsed once per build into a validated [`SiteConfig`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::layers::Layers;
use crate::content::yaml;
use crate::shared::colour::{contrast, darken_until, hex, parse_color, MIN_CONTRAST};
use crate::shared::dates::{Date, Period};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::CONFIG_FILE;
use crate::shared::i18n::Lang;
use crate::shared::law::{parse_lovdata_id, Law, LawRegistry};
use crate::shared::text::{key_line, line_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default)]
    language: Option<Lang>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    accessibility_statement: Option<String>,
    #[serde(default)]
    default_law: Option<String>,
    #[serde(default)]
    laws: BTreeMap<String, RawLaw>,
    #[serde(default)]
    period: Option<RawPeriod>,
    #[serde(default)]
    review_after_days: Option<u32>,
    #[serde(default)]
    search: Option<bool>,
    #[serde(default)]
    publish_unlisted: Option<bool>,
    #[serde(default)]
    branding: Option<Branding>,
    #[serde(default)]
    help: Option<Help>,
    /// Raw HTML and every link address pass through unchanged.
    #[serde(default)]
    trust_html: Option<bool>,
    /// Sources added to the Content-Security-Policy, by directive.
    #[serde(default)]
    csp: Option<BTreeMap<String, Vec<String>>>,
    /// The site this one is built on, and its pages left out: read by
    /// [`crate::content::layers`].
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    hide: Vec<String>,
    /// The Git host a published editing form works through (`stegvis
    /// build --cms`).
    #[serde(default)]
    cms: Option<RawCms>,
}

/// `cms:` in site.yaml as written (see [`CmsSettings`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCms {
    backend: String,
    repo: String,
    #[serde(default)]
    branch: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    auth_endpoint: Option<String>,
    #[serde(default)]
    api_root: Option<String>,
    #[serde(default)]
    app_id: Option<String>,
}

impl RawConfig {
    /// This site's settings over its base's, key by key: a key the site
    /// sets wins; `laws:` adds to the base's (the same law id replaced) and
    /// `csp:` too (a directive both set gets the sources of both);
    /// `branding:` (colours too) and `help:` field by
    /// field, so a county can set its own name and contacts and keep the
    /// rest. `base:`, `hide:` and `cms:` are the site's own: the form of a
    /// county edition must save to the county's repository, never to the
    /// national one a base's `cms:` names.
    fn over(self, base: RawConfig) -> RawConfig {
        let mut laws = base.laws;
        laws.extend(self.laws);
        let csp = match (base.csp, self.csp) {
            (Some(mut b), Some(o)) => {
                // The base's pages still need the base's sources: a
                // directive both set gets the sources of both.
                for (directive, sources) in o {
                    let all = b.entry(directive).or_default();
                    for source in sources {
                        if !all.contains(&source) {
                            all.push(source);
                        }
                    }
                }
                Some(b)
            }
            (b, o) => o.or(b),
        };
        let branding = match (base.branding, self.branding) {
            (Some(b), Some(o)) => Some(Branding {
                name: o.name.or(b.name),
                logo: o.logo.or(b.logo),
                logo_alt: o.logo_alt.or(b.logo_alt),
                colors: Colors {
                    primary: o.colors.primary.or(b.colors.primary),
                    header_background: o.colors.header_background.or(b.colors.header_background),
                    header_text: o.colors.header_text.or(b.colors.header_text),
                },
            }),
            (b, o) => o.or(b),
        };
        let help = match (base.help, self.help) {
            (Some(b), Some(o)) => Some(Help {
                title: o.title.or(b.title),
                text: o.text.or(b.text),
                contacts: if o.contacts.is_empty() {
                    b.contacts
                } else {
                    o.contacts
                },
                county: o.county.or(b.county),
            }),
            (b, o) => o.or(b),
        };
        RawConfig {
            title: self.title,
            description: if self.description.is_empty() {
                base.description
            } else {
                self.description
            },
            base_url: self.base_url,
            language: self.language.or(base.language),
            theme: self.theme.or(base.theme),
            accessibility_statement: self
                .accessibility_statement
                .or(base.accessibility_statement),
            default_law: self.default_law.or(base.default_law),
            laws,
            period: self.period.or(base.period),
            review_after_days: self.review_after_days.or(base.review_after_days),
            search: self.search.or(base.search),
            publish_unlisted: self.publish_unlisted.or(base.publish_unlisted),
            branding,
            help,
            // Trusting raw HTML is the site's own decision: a base's
            // `trust_html: true` does not open the county's content.
            trust_html: self.trust_html,
            csp,
            base: self.base,
            hide: self.hide,
            cms: self.cms,
        }
    }
}

/// The text of each site.yaml a config was read from, the site's own
/// first, to point a problem at the file and line that set the value.
struct Texts<'a> {
    files: Vec<(PathBuf, &'a str)>,
}

impl Texts<'_> {
    /// The first file whose text holds `needle` (a value), and its line;
    /// else the site's own file, without a line.
    fn locate(&self, needle: &str) -> (PathBuf, Option<usize>) {
        self.find(|text| line_of(text, needle))
    }

    /// The first file that sets the key `key` (the file whose value won),
    /// and the key's line; else the site's own file, without a line.
    fn locate_key(&self, key: &str) -> (PathBuf, Option<usize>) {
        self.find(|text| key_line(text, key))
    }

    fn find(&self, line: impl Fn(&str) -> Option<usize>) -> (PathBuf, Option<usize>) {
        self.files
            .iter()
            .find_map(|(file, text)| line(text).map(|l| (file.clone(), Some(l))))
            .unwrap_or_else(|| (self.files[0].0.clone(), None))
    }

    /// The first file that sets `key` inside the top-level block
    /// `parent`, and its line; else the line of `parent`, else the site's
    /// own file. (`base_url` under `cms:` is not the site's `base_url`.)
    fn locate_nested(&self, parent: &str, key: &str) -> (PathBuf, Option<usize>) {
        let nested = |text: &str| {
            let lines: Vec<&str> = text.lines().collect();
            let start = lines.iter().position(|l| {
                l.strip_prefix(parent)
                    .and_then(|r| r.strip_prefix(':'))
                    .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
            })?;
            let block: Vec<&str> = lines[start + 1..]
                .iter()
                .take_while(|l| l.is_empty() || l.starts_with([' ', '\t', '#']))
                .copied()
                .collect();
            Some(key_line(&block.join("\n"), key).map_or(start + 1, |l| start + 1 + l))
        };
        self.find(nested)
    }

    /// An error at the line that sets `key`.
    fn err(&self, code: &'static str, msg: String, key: &str) -> Diagnostic {
        let (file, line) = self.locate_key(key);
        Diagnostic::error(code, msg).in_file(file).at_line(line)
    }
}

/// The publisher's name, logo and colours (`branding:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// The publisher, e.g. "Trøndelag fylkeskommune".
    #[serde(default)]
    pub name: Option<String>,
    /// A file in static/, e.g. `logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// What the logo shows; defaults to the name.
    #[serde(default)]
    pub logo_alt: Option<String>,
    #[serde(default)]
    pub colors: Colors,
}

/// Theme colours as `#rrggbb`; each must keep WCAG AA contrast (4.5:1)
/// against the text it carries.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    /// Links, buttons and the header rule; used as text on white and as a
    /// background behind white text.
    #[serde(default)]
    pub primary: Option<String>,
    #[serde(default)]
    pub header_background: Option<String>,
    #[serde(default)]
    pub header_text: Option<String>,
}

/// The footer's "Hvor kan jeg få hjelp?" (`help:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Help {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// A site made for one county: the id of its county in
    /// `content/_hjelp.yaml`; the help boxes then name its statsforvalter
    /// and fylkeskommune, and readers are not asked to choose.
    #[serde(default)]
    pub county: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// The Git hosts a published form can work through: Decap CMS's
/// backends for a repository the editors log in to themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GitHost {
    Github,
    Gitlab,
    Gitea,
}

impl GitHost {
    /// Every host, by the name `cms.backend` takes (Decap's backend name).
    pub const ALL: [GitHost; 3] = [GitHost::Github, GitHost::Gitlab, GitHost::Gitea];

    pub fn name(self) -> &'static str {
        match self {
            GitHost::Github => "github",
            GitHost::Gitlab => "gitlab",
            GitHost::Gitea => "gitea",
        }
    }

    /// Decap's API address for the host when `api_root` is not set (Gitea
    /// has no public default: its `api_root` is required).
    pub fn default_api_root(self) -> Option<&'static str> {
        match self {
            GitHost::Github => Some("https://api.github.com"),
            GitHost::Gitlab => Some("https://gitlab.com/api/v4"),
            GitHost::Gitea => None,
        }
    }
}

/// `cms:` in site.yaml, validated: the Git host and repository the
/// published editing form (`stegvis build --cms`) reads and writes, and
/// where its editors log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsSettings {
    pub backend: GitHost,
    /// `owner/name` (GitLab: `group/subgroup/name` too).
    pub repo: String,
    /// Default `main`.
    pub branch: String,
    /// The OAuth provider the form logs in through, an https address
    /// without a final `/`.
    pub base_url: Option<String>,
    /// The login path at `base_url` (or, for Gitea, a full https address).
    pub auth_endpoint: Option<String>,
    /// The host's API, an https address (self-hosted GitLab, Gitea).
    pub api_root: Option<String>,
    /// The OAuth application's client id: login in the browser with PKCE
    /// (GitLab optional, Gitea required), no login server needed.
    pub app_id: Option<String>,
}

impl CmsSettings {
    /// The API address the form calls: `api_root`, else the host's
    /// default.
    pub fn api_root(&self) -> Option<&str> {
        self.api_root
            .as_deref()
            .or_else(|| self.backend.default_api_root())
    }

    /// Whether the form logs in by PKCE in the browser (it then also
    /// exchanges the code for a token at `base_url` itself).
    pub fn pkce(&self) -> bool {
        self.backend == GitHost::Gitea || (self.backend == GitHost::Gitlab && self.app_id.is_some())
    }
}

/// An absolute https address without query or fragment, with its final
/// `/` taken off; None otherwise.
fn https_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.contains(char::is_whitespace) {
        return None;
    }
    let url = url::Url::parse(raw).ok()?;
    if url.scheme() != "https"
        || url.host_str().is_none_or(str::is_empty)
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return None;
    }
    Some(url.as_str().trim_end_matches('/').to_string())
}

fn valid_repo(repo: &str, host: GitHost) -> bool {
    let parts: Vec<&str> = repo.split('/').collect();
    let enough = match host {
        GitHost::Gitlab => parts.len() >= 2,
        _ => parts.len() == 2,
    };
    enough
        && parts.iter().all(|p| {
            !p.is_empty()
                && !p.starts_with('.')
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

fn valid_branch(branch: &str) -> bool {
    !branch.is_empty()
        && !branch.starts_with(['-', '/'])
        && !branch.ends_with(['/', '.'])
        && !branch.contains("..")
        && !branch.contains("//")
        && branch
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// Checks `cms:`; each problem at the file and line of its key.
fn validate_cms(raw: RawCms, texts: &Texts, diags: &mut Diagnostics) -> Option<CmsSettings> {
    let at = |key: &str, msg: String, hint: String| {
        let (file, line) = texts.locate_nested("cms", key);
        Diagnostic::error("invalid-value", msg)
            .in_file(file)
            .at_line(line)
            .with_hint(hint)
    };
    let before = diags.len();
    let names: Vec<&str> = GitHost::ALL.iter().map(|h| h.name()).collect();
    let backend = GitHost::ALL
        .into_iter()
        .find(|h| h.name() == raw.backend.trim());
    if backend.is_none() {
        diags.push(at(
            "backend",
            format!(
                "cms.backend `{}` er ikke en Git-tjeneste skjemaet kan publiseres mot",
                raw.backend.trim()
            ),
            format!("bruk en av: {}", names.join(", ")),
        ));
    }
    let host = backend.unwrap_or(GitHost::Github);
    let repo = raw.repo.trim().to_string();
    if backend.is_some() && !valid_repo(&repo, host) {
        diags.push(at(
            "repo",
            format!("cms.repo `{repo}` er ikke et depot på formen `eier/navn`"),
            "skriv eieren (brukeren eller organisasjonen) og depotets navn med `/` mellom, for eksempel `fylke/planveileder`".to_string(),
        ));
    }
    let branch = raw.branch.as_deref().map_or("main", str::trim).to_string();
    if !valid_branch(&branch) {
        diags.push(at(
            "branch",
            format!("cms.branch `{branch}` er ikke et gyldig grennavn"),
            "skriv navnet på grenen nettstedet bygges fra, for eksempel `main`".to_string(),
        ));
    }
    let given = (
        raw.api_root.is_some(),
        raw.base_url.is_some(),
        raw.app_id.is_some(),
    );
    let mut url_field = |key: &str, value: Option<String>, example: &str| {
        let value = value?;
        let parsed = https_url(&value);
        if parsed.is_none() {
            diags.push(at(
                key,
                format!("cms.{key} `{}` er ikke en https-adresse", value.trim()),
                format!("skriv hele adressen med https://, for eksempel `{example}`"),
            ));
        }
        parsed
    };
    let base_url = url_field("base_url", raw.base_url, "https://auth.example.no");
    let api_root = url_field("api_root", raw.api_root, "https://git.example.no/api/v1");
    let auth_endpoint = raw.auth_endpoint.map(|e| e.trim().to_string());
    if let Some(e) = &auth_endpoint {
        let ok = if e.contains("://") {
            https_url(e).is_some()
        } else {
            !e.is_empty()
                && !e.contains("..")
                && e.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        };
        if !ok {
            diags.push(at(
                "auth_endpoint",
                format!("cms.auth_endpoint `{e}` er ikke en sti eller en https-adresse"),
                "skriv stien hos innloggingstjenesten, for eksempel `auth`".to_string(),
            ));
        }
    }
    let app_id = raw.app_id.map(|a| a.trim().to_string());
    if app_id
        .as_deref()
        .is_some_and(|a| a.is_empty() || a.contains(char::is_whitespace))
    {
        diags.push(at(
            "app_id",
            "cms.app_id er tom eller har mellomrom".to_string(),
            "lim inn klient-id-en (Client ID) fra OAuth-applikasjonen hos Git-tjenesten"
                .to_string(),
        ));
    }
    if host == GitHost::Gitea && backend.is_some() {
        for (key, missing, hint) in [
            (
                "api_root",
                !given.0,
                "for eksempel `api_root: https://git.example.no/api/v1`",
            ),
            (
                "base_url",
                !given.1,
                "Gitea-tjenerens adresse, for eksempel `base_url: https://git.example.no`",
            ),
            (
                "app_id",
                !given.2,
                "klient-id-en (Client ID) til OAuth-applikasjonen i Gitea",
            ),
        ] {
            if missing {
                diags.push(at(
                    "backend",
                    format!("cms med `backend: gitea` trenger `{key}`"),
                    hint.to_string(),
                ));
            }
        }
    }
    if app_id.is_some() && host == GitHost::Github {
        diags.push(at(
            "app_id",
            "cms.app_id brukes bare med gitlab og gitea".to_string(),
            "GitHub logger inn gjennom innloggingstjenesten i `base_url`; fjern `app_id`"
                .to_string(),
        ));
    }
    if diags.len() > before {
        return None;
    }
    Some(CmsSettings {
        backend: host,
        repo,
        branch,
        base_url,
        auth_endpoint,
        api_root,
        app_id,
    })
}

fn default_theme() -> String {
    "default".to_string()
}

/// Reads one site.yaml's text, without validating it; problems name `file`.
fn read_raw(text: &str, file: &Path) -> Result<RawConfig, Diagnostics> {
    yaml::from_str(text).map_err(|e| {
        Diagnostics::from(vec![Diagnostic {
            line: e.line,
            column: e.column,
            hint: e.hint,
            ..Diagnostic::error(e.kind.code(), e.message).in_file(file)
        }])
    })
}

/// The text of `file` (relative to `root`), or the error for it.
fn read_text(root: &Path, file: &Path) -> Result<String, Diagnostics> {
    let bytes = match std::fs::read(root.join(file)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![Diagnostic::error(
                "missing-config",
                format!("fant ikke {} i {}", file.display(), root.display()),
            )
            .with_hint(
                "kjør stegvis i rotmappen til nettstedet, eller lag en ny med `stegvis init MAPPE`",
            )]
            .into())
        }
        Err(e) => {
            return Err(vec![Diagnostic::error(
                "io",
                format!("kunne ikke lese {}: {e}", file.display()),
            )
            .in_file(file)]
            .into())
        }
    };
    match crate::shared::text::decode_utf8(&bytes) {
        Ok(t) => Ok(t),
        Err((line, col)) => Err(vec![Diagnostic::error(
            "not-utf8",
            format!("{} er ikke gyldig UTF-8", file.display()),
        )
        .in_file(file)
        .at(line, col)
        .with_hint("lagre filen som UTF-8 i editoren din")]
        .into()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLaw {
    lovdata: String,
    name: String,
    /// The nynorsk name, for labels on nynorsk pages.
    #[serde(default)]
    name_nn: Option<String>,
    /// Other names the law goes by in text, e.g. the nynorsk `folkehelselova`.
    #[serde(default)]
    aliases: Vec<String>,
}

/// `period:` in site.yaml as written; public so that the CMS form's fields
/// can be compared with it (`cms::fields`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    #[serde(default)]
    pub name: Option<String>,
    pub election: Date,
    pub constituted: Date,
    #[serde(default)]
    pub council_meeting: Option<Date>,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute, always ends in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starts and ends in `/`.
    pub base_path: String,
    pub language: Lang,
    /// Whether site.yaml names the language (rather than the nb default).
    pub language_explicit: bool,
    pub theme: String,
    /// As written: an absolute URL or an `@/page.md` link.
    pub accessibility_statement: Option<String>,
    pub default_law: Option<String>,
    pub laws: LawRegistry,
    pub period: Option<Period>,
    /// `stegvis check` warns about steps not updated or reviewed for longer.
    pub review_after_days: u32,
    /// Build the full-text search index (default true).
    /// `publish_unlisted: true`: pages marked `unlisted` (the editors'
    /// guide) go into the built site too; by default only the preview and
    /// `check` have them.
    pub publish_unlisted: bool,
    pub search: bool,
    pub branding: Branding,
    pub help: Option<Help>,
    /// `content/_hjelp.yaml`, when the site has one.
    pub help_directory: Option<crate::content::help::HelpDirectory>,
    /// `trust_html: true`: no raw-HTML or address policy (see
    /// [`crate::markdown::sanitize`]). Default false.
    pub trust_html: bool,
    /// Sources `csp:` adds to the default Content-Security-Policy, by
    /// directive (validated; see [`crate::content::csp`]).
    pub csp: BTreeMap<String, Vec<String>>,
    /// Content keys of the base site's pages and steps this site hides
    /// (`hide:`), e.g. `planstrategi/05-planforum.md`.
    pub hide: Vec<String>,
    /// `cms:`: where a published editing form saves (`build --cms`).
    pub cms: Option<CmsSettings>,
}

/// Default for `review_after_days`.
pub const DEFAULT_REVIEW_AFTER_DAYS: u32 = 365;

impl SiteConfig {
    /// Points the site at another address (`--base-url`, or the preview
    /// server's own), read as `base_url` in site.yaml is.
    pub fn set_base_url(&mut self, raw: &str) -> Result<(), Diagnostic> {
        let (url, path) = parse_base_url(raw).ok_or_else(|| {
            Diagnostic::error(
                "invalid-value",
                format!(
                    "adressen `{}` (--base-url) er ikke en fullstendig adresse",
                    raw.trim()
                ),
            )
            .with_hint(BASE_URL_HINT)
        })?;
        self.base_url = url;
        self.base_path = path;
        Ok(())
    }

    /// Reads and validates `site.yaml` under `root`, over its base's when
    /// it names one (`base:`).
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
        let layers = Layers::find(root)?;
        SiteConfig::load_layers(&layers)
    }

    /// Reads and validates the site's `site.yaml`, over its base's when
    /// `layers` has one.
    pub fn load_layers(layers: &Layers) -> Result<SiteConfig, Diagnostics> {
        let root = layers.root.as_path();
        let own_file = PathBuf::from(CONFIG_FILE);
        let text = read_text(root, &own_file)?;
        let base = match &layers.base {
            None => None,
            Some(base) => {
                let base_file = base.dir.join(CONFIG_FILE);
                let base_text = read_text(root, &base_file)?;
                Some((base_file, base_text))
            }
        };
        let mut raw = read_raw(&text, &own_file)?;
        let mut texts = Texts {
            files: vec![(own_file, text.as_str())],
        };
        if let Some((base_file, base_text)) = &base {
            raw = raw.over(read_raw(base_text, base_file)?);
            texts.files.push((base_file.clone(), base_text.as_str()));
        }
        let mut config = validate(raw, &texts)?;
        config.hide = layers.hide.iter().map(|(k, _)| k.clone()).collect();
        config.help_directory = crate::content::help::load(layers)?;
        let county = config.help.as_ref().and_then(|h| h.county.as_deref());
        if let Some(id) = county {
            let known = config
                .help_directory
                .as_ref()
                .map(|d| d.fylker.iter().map(|c| c.id.clone()).collect::<Vec<_>>());
            let hint = match &known {
                Some(ids) if !ids.iter().any(|k| k == id) => Some(format!(
                    "bruk en av fylke-id-ene i content/_hjelp.yaml: {}",
                    ids.join(", ")
                )),
                Some(_) => None,
                None => {
                    Some("lag content/_hjelp.yaml med fylkene, eller fjern `county:`".to_string())
                }
            };
            if let Some(hint) = hint {
                // The file whose `county:` won: the site's own, else the
                // base's.
                return Err(vec![texts
                    .err(
                        "invalid-value",
                        format!("help.county `{id}` er ikke et fylke i content/_hjelp.yaml"),
                        "county",
                    )
                    .with_hint(hint)]
                .into());
            }
        }
        Ok(config)
    }
}

/// Parses and validates the text of `site.yaml`.
pub fn parse(text: &str) -> Result<SiteConfig, Diagnostics> {
    let file = PathBuf::from(CONFIG_FILE);
    let raw = read_raw(text, &file)?;
    validate(
        raw,
        &Texts {
            files: vec![(file, text)],
        },
    )
}

/// Validates settings read from `texts`.
fn validate(raw: RawConfig, texts: &Texts) -> Result<SiteConfig, Diagnostics> {
    let mut diags = Diagnostics::default();
    let err = |code, msg: String, needle: &str| texts.err(code, msg, needle);

    let (base_url, base_path) = match parse_base_url(&raw.base_url) {
        Some(parsed) => parsed,
        None => {
            diags.push(
                err(
                    "invalid-value",
                    format!(
                        "base_url `{}` er ikke en fullstendig adresse",
                        raw.base_url.trim()
                    ),
                    "base_url",
                )
                .with_hint(BASE_URL_HINT),
            );
            (raw.base_url.trim().to_string(), "/".to_string())
        }
    };

    let mut laws = Vec::new();
    for (id, law) in raw.laws {
        let (lovdata, regulation) = match parse_lovdata_id(&law.lovdata) {
            Some((bare, regulation)) => (bare.to_string(), regulation),
            None => {
                let (file, line) = texts.locate(&law.lovdata);
                diags.push(
                    Diagnostic::error(
                        "invalid-value",
                        format!("lov `{id}` har ugyldig Lovdata-id `{}`", law.lovdata),
                    )
                    .in_file(file)
                    .at_line(line)
                    .with_hint(
                        "Lovdata-id er dato og nummer: `2008-06-27-71` for en lov, \
                         `FOR-2017-06-19-840` for en forskrift",
                    ),
                );
                (law.lovdata.clone(), false)
            }
        };
        laws.push(Law {
            id,
            lovdata,
            regulation,
            name: law.name,
            name_nn: law.name_nn,
            aliases: law.aliases,
        });
    }
    let laws = LawRegistry::new(laws);
    if let Some(d) = &raw.default_law {
        if laws.get(d).is_none() {
            diags.push(
                err(
                    "unknown-law",
                    format!("default_law `{d}` finnes ikke under `laws`"),
                    "default_law",
                )
                .with_hint(format!("kjente lover: {}", laws.ids().join(", "))),
            );
        }
    }

    let period = raw.period.map(|p| {
        if p.constituted.0 < p.election.0 {
            diags.push(
                err(
                    "invalid-value",
                    "kommunestyret kan ikke konstitueres før valget".to_string(),
                    "constituted",
                )
                .with_hint("sjekk `period.election` og `period.constituted`"),
            );
        }
        let name = p.name.unwrap_or_else(|| {
            use chrono::Datelike;
            format!("{}–{}", p.election.0.year(), p.election.0.year() + 4)
        });
        Period::new(
            name,
            p.election.0,
            p.constituted.0,
            p.council_meeting.map(|d| d.0),
        )
    });

    let theme = raw.theme.unwrap_or_else(default_theme);
    if !valid_theme_name(&theme) {
        diags.push(
            err(
                "invalid-value",
                format!("ugyldig temanavn `{theme}`"),
                "theme",
            )
            .with_hint("temaet er navnet på en mappe under themes/, for eksempel `default`"),
        );
    }

    let branding = raw.branding.unwrap_or_default();
    check_colors(texts, &branding.colors, &mut diags);
    let csp = raw.csp.unwrap_or_default();
    for (directive, sources) in &csp {
        for (message, hint, needle) in crate::content::csp::validate(directive, sources) {
            let (file, line) = match texts.locate(&needle) {
                (file, Some(line)) => (file, Some(line)),
                _ => texts.locate_key("csp"),
            };
            diags.push(
                Diagnostic::error("invalid-value", message)
                    .in_file(file)
                    .at_line(line)
                    .with_hint(hint),
            );
        }
    }

    let cms = raw.cms.and_then(|c| validate_cms(c, texts, &mut diags));

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(SiteConfig {
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        language: raw.language.unwrap_or_default(),
        language_explicit: raw.language.is_some(),
        theme,
        accessibility_statement: raw.accessibility_statement,
        default_law: raw.default_law,
        laws,
        period,
        review_after_days: raw.review_after_days.unwrap_or(DEFAULT_REVIEW_AFTER_DAYS),
        search: raw.search.unwrap_or(true),
        publish_unlisted: raw.publish_unlisted.unwrap_or(false),
        branding,
        help: raw.help,
        help_directory: None,
        trust_html: raw.trust_html.unwrap_or(false),
        csp,
        hide: Vec::new(),
        cms,
    })
}

fn check_colors(texts: &Texts, colors: &Colors, diags: &mut Diagnostics) {
    const WHITE: (u8, u8, u8) = (255, 255, 255);
    let parse = |field: &str, value: &Option<String>, diags: &mut Diagnostics| {
        let v = value.as_ref()?;
        let c = parse_color(v);
        if c.is_none() {
            diags.push(
                texts
                    .err(
                        "invalid-value",
                        format!("ugyldig farge `{v}` i `{field}`"),
                        field,
                    )
                    .with_hint("skriv fargen som heksadesimal kode, for eksempel \"#0062ba\""),
            );
        }
        c
    };
    let primary = parse("primary", &colors.primary, diags);
    let header_bg = parse("header_background", &colors.header_background, diags);
    let header_text = parse("header_text", &colors.header_text, diags);
    if let Some(p) = primary {
        let ratio = contrast(p, WHITE);
        if ratio < MIN_CONTRAST {
            diags.push(
                texts
                    .err(
                        "low-contrast",
                        format!(
                            "primærfargen {} har kontrast {ratio:.2}:1 mot hvitt; lenker og knapper krever minst 4,5:1 (WCAG 2.1 AA)",
                            hex(p)
                        ),
                        "primary",
                    )
                .with_hint(format!(
                    "bruk en mørkere farge, for eksempel \"{}\"",
                    hex(darken_until(p, WHITE, MIN_CONTRAST))
                )),
            );
        }
    }
    let bg = header_bg.unwrap_or(WHITE);
    let fg = header_text.unwrap_or((0x1f, 0x2c, 0x3d));
    if header_bg.is_some() || header_text.is_some() {
        let ratio = contrast(fg, bg);
        if ratio < MIN_CONTRAST {
            let field = if header_text.is_some() {
                "header_text"
            } else {
                "header_background"
            };
            diags.push(
                texts
                    .err(
                        "low-contrast",
                        format!(
                            "teksten i toppfeltet ({}) har kontrast {ratio:.2}:1 mot bakgrunnen ({}); krever minst 4,5:1 (WCAG 2.1 AA)",
                            hex(fg),
                            hex(bg)
                        ),
                        field,
                    )
                .with_hint("gjør teksten mørkere eller bakgrunnen lysere (eller omvendt)"),
            );
        }
    }
}

fn valid_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

const BASE_URL_HINT: &str = "skriv for eksempel `https://kommune.no/planveileder/`";

/// The one reader of a site's address, for `base_url` in site.yaml as for
/// `--base-url` and the preview server's own address:
/// `https://example.org/a/b` → (`https://example.org/a/b/`, `/a/b/`). None
/// unless it is an absolute http(s) address with a host and without a
/// query, a fragment or spaces. Parsed by the `url` crate, so the address
/// and its path come back normalised (host in lower case, path
/// percent-encoded).
pub fn parse_base_url(raw: &str) -> Option<(String, String)> {
    let raw = raw.trim();
    // `url` reads `https:///v` as the host `v`; a browser would not.
    let (_, after_scheme) = raw.split_once("://")?;
    if raw.contains(char::is_whitespace) || after_scheme.starts_with('/') {
        return None;
    }
    let mut url = url::Url::parse(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none_or(str::is_empty)
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return None;
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Some((url.as_str().to_string(), url.path().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: T\nbase_url: https://example.org/veileder\n";

    #[test]
    fn low_contrast_colours_are_rejected_with_a_darker_suggestion() {
        let text = format!("{MINIMAL}branding:\n  colors:\n    primary: \"#7fb2e5\"\n");
        let d = parse(&text).unwrap_err();
        let e = &d.0[0];
        assert_eq!(e.code, "low-contrast");
        assert_eq!(e.line, Some(5));
        let hint = e.hint.as_ref().unwrap();
        let suggested = hint.split('"').nth(1).unwrap();
        assert!(contrast(parse_color(suggested).unwrap(), (255, 255, 255)) >= MIN_CONTRAST);
        let ok = format!("{MINIMAL}branding:\n  colors:\n    primary: \"#004a8f\"\n    header_background: \"#004a8f\"\n    header_text: \"#ffffff\"\n");
        assert!(parse(&ok).is_ok());
        let bad = format!("{MINIMAL}branding:\n  colors:\n    header_background: \"#ffcc00\"\n    header_text: \"#ffffff\"\n");
        assert_eq!(parse(&bad).unwrap_err().0[0].code, "low-contrast");
    }

    #[test]
    fn base_path_from_url() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.base_path, "/veileder/");
        assert_eq!(c.base_url, "https://example.org/veileder/");
        let path = |u: &str| parse_base_url(u).map(|(_, p)| p);
        assert_eq!(path("https://example.org").unwrap(), "/");
        assert_eq!(path("http://127.0.0.1:1111").unwrap(), "/");
        assert_eq!(path("http://[::1]:8080/v").unwrap(), "/v/");
        assert_eq!(
            parse_base_url("https://Example.org/a b"),
            None,
            "spaces are refused"
        );
        for bad in [
            "example.org",
            "ftp://example.org/",
            "https://example.org/?a=1",
            "https://example.org/v#x",
            "https:///v",
            "",
        ] {
            assert!(parse_base_url(bad).is_none(), "{bad}");
        }
        assert_eq!(
            parse_base_url("https://EXAMPLE.org/v").unwrap(),
            ("https://example.org/v/".to_string(), "/v/".to_string())
        );
    }

    #[test]
    fn unknown_default_law_is_an_error_with_line() {
        let text = format!("{MINIMAL}default_law: pbl\n");
        let d = parse(&text).unwrap_err();
        let e = &d.0[0];
        assert_eq!(e.code, "unknown-law");
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn bad_lovdata_id() {
        let text = format!("{MINIMAL}laws:\n  pbl:\n    lovdata: 2008-71\n    name: pbl\n");
        let d = parse(&text).unwrap_err();
        assert_eq!(d.0[0].line, Some(5));
    }

    #[test]
    fn regulations_take_lovdatas_for_prefix() {
        let text = format!(
            "{MINIMAL}laws:\n  pbl: {{ lovdata: LOV-2008-06-27-71, name: pbl }}\n  \
             ku: {{ lovdata: FOR-2017-06-21-854, name: KU-forskriften }}\n"
        );
        let c = parse(&text).unwrap();
        let ku = c.laws.get("ku").unwrap();
        assert_eq!(
            ku.section_url("6"),
            "https://lovdata.no/forskrift/2017-06-21-854/§6"
        );
        let pbl = c.laws.get("pbl").unwrap();
        assert_eq!(
            pbl.section_url("10-1"),
            "https://lovdata.no/lov/2008-06-27-71/§10-1"
        );
        let text =
            format!("{MINIMAL}laws:\n  ku:\n    lovdata: FORSKRIFT-2017-06-21-854\n    name: ku\n");
        let d = parse(&text).unwrap_err();
        assert!(
            d.0[0].hint.as_ref().unwrap().contains("FOR-"),
            "{:?}",
            d.0[0]
        );
    }

    #[test]
    fn period_defaults() {
        let text = format!("{MINIMAL}period:\n  election: 2023-09-11\n  constituted: 2023-10-19\n");
        let c = parse(&text).unwrap();
        let p = c.period.unwrap();
        assert_eq!(p.name, "2023–2027");
        assert_eq!(p.deadline.to_string(), "2024-10-19");
        assert!(!p.council_meeting_planned);
    }

    /// `fylke/` built on `fylke/nasjonal/`, each with the given site.yaml.
    fn layered(base: &str, own: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("nasjonal/content")).unwrap();
        std::fs::write(root.join("nasjonal/site.yaml"), base).unwrap();
        std::fs::write(root.join("site.yaml"), format!("base: nasjonal\n{own}")).unwrap();
        dir
    }

    #[test]
    fn an_unknown_county_is_reported_at_its_key_not_at_a_comment_or_a_value() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            format!("# county: skriv fylket under help:\n{MINIMAL}help:\n  title: Spør county-kontoret\n  county: atlantis\n"),
        )
        .unwrap();
        let err = SiteConfig::load(dir.path()).unwrap_err();
        let e = &err.0[0];
        assert!(e.message.contains("atlantis"), "{e:?}");
        assert_eq!(e.file.as_deref(), Some(Path::new("site.yaml")));
        assert_eq!(e.line, Some(6), "{e:?}");
    }

    #[test]
    fn a_county_set_by_the_base_is_reported_in_the_bases_file() {
        let dir = layered(
            &format!("{MINIMAL}# county: ikke her\nhelp:\n  county: atlantis\n"),
            "title: F\nbase_url: https://f.example/\n",
        );
        let err = SiteConfig::load(dir.path()).unwrap_err();
        let e = &err.0[0];
        assert_eq!(e.file.as_deref(), Some(Path::new("nasjonal/site.yaml")));
        assert_eq!(e.line, Some(5), "{e:?}");
    }

    #[test]
    fn an_error_in_the_bases_site_yaml_names_the_bases_file_and_line() {
        // A YAML mistake.
        let dir = layered(
            &format!("{MINIMAL}period:\n  election: 11.09.2023\n  constituted: 2023-10-19\n"),
            "title: F\nbase_url: https://f.example/\n",
        );
        let err = SiteConfig::load(dir.path()).unwrap_err();
        let e = &err.0[0];
        assert_eq!(e.file.as_deref(), Some(Path::new("nasjonal/site.yaml")));
        assert_eq!(e.line, Some(4), "{e:?}");
        // A value the checks refuse, set only in the base.
        let dir = layered(
            &format!("{MINIMAL}default_law: pbl\n"),
            "title: F\nbase_url: https://f.example/\n",
        );
        let err = SiteConfig::load(dir.path()).unwrap_err();
        let e = &err.0[0];
        assert_eq!(e.code, "unknown-law");
        assert_eq!(e.file.as_deref(), Some(Path::new("nasjonal/site.yaml")));
        assert_eq!(e.line, Some(3), "{e:?}");
    }

    #[test]
    fn colours_and_csp_merge_between_the_layers() {
        let base = format!(
            "{MINIMAL}branding:\n  name: Nasjonal\n  colors:\n    primary: \"#004a8f\"\n    header_background: \"#004a8f\"\n    header_text: \"#ffffff\"\n\
             csp:\n  img-src: [\"https://kart.example.no\"]\n  frame-src: [\"https://video.example.no\"]\n"
        );
        let dir = layered(
            &base,
            "title: F\nbase_url: https://f.example/\nbranding:\n  colors:\n    primary: \"#00594f\"\ncsp:\n  img-src: [\"https://fylke.example.no\"]\n",
        );
        let c = SiteConfig::load(dir.path()).unwrap();
        // Field by field: the county's primary colour, the base's header
        // and name.
        assert_eq!(c.branding.colors.primary.as_deref(), Some("#00594f"));
        assert_eq!(
            c.branding.colors.header_background.as_deref(),
            Some("#004a8f")
        );
        assert_eq!(c.branding.colors.header_text.as_deref(), Some("#ffffff"));
        assert_eq!(c.branding.name.as_deref(), Some("Nasjonal"));
        // Directive by directive: the county's img-src sources join the
        // base's, the base's frame-src stays.
        assert_eq!(
            c.csp["img-src"],
            vec!["https://kart.example.no", "https://fylke.example.no"]
        );
        assert_eq!(c.csp["frame-src"], vec!["https://video.example.no"]);

        // A county colour that clashes with the base's header is the
        // county's error, at its own line.
        let dir = layered(
            &base,
            "title: F\nbase_url: https://f.example/\nbranding:\n  colors:\n    header_text: \"#0050a0\"\n",
        );
        let err = SiteConfig::load(dir.path()).unwrap_err();
        let e = &err.0[0];
        assert_eq!(e.code, "low-contrast");
        assert_eq!(e.file.as_deref(), Some(Path::new("site.yaml")));
        assert_eq!(e.line, Some(6), "{e:?}");
    }

    #[test]
    fn cms_is_validated_at_its_keys_and_defaults_to_main() {
        let c = parse(&format!(
            "{MINIMAL}cms:\n  backend: github\n  repo: fylke/planveileder\n  base_url: https://auth.example.no/\n  auth_endpoint: auth\n"
        ))
        .unwrap();
        let cms = c.cms.unwrap();
        assert_eq!(cms.backend, GitHost::Github);
        assert_eq!(cms.branch, "main");
        assert_eq!(cms.base_url.as_deref(), Some("https://auth.example.no"));
        assert_eq!(cms.api_root(), Some("https://api.github.com"));
        assert!(parse(MINIMAL).unwrap().cms.is_none());

        let err = |yaml: &str| {
            let d = parse(&format!("{MINIMAL}cms:\n{yaml}")).unwrap_err();
            d.0.into_iter().next().unwrap()
        };
        // An unknown host lists the allowed ones, at its line.
        let e = err("  backend: bitbucket\n  repo: a/b\n");
        assert_eq!((e.code, e.line), ("invalid-value", Some(4)));
        assert!(
            e.hint.as_deref().unwrap().contains("github, gitlab, gitea"),
            "{e:?}"
        );
        let e = err("  backend: github\n  repo: planveileder\n");
        assert_eq!(e.line, Some(5), "{e:?}");
        assert!(e.message.contains("eier/navn"), "{e:?}");
        assert!(err("  backend: github\n  repo: a/b/c\n")
            .message
            .contains("a/b/c"));
        // GitLab's subgroups are owner/…/name.
        assert!(parse(&format!(
            "{MINIMAL}cms:\n  backend: gitlab\n  repo: gruppe/under/planveileder\n"
        ))
        .is_ok());
        // base_url under cms: is found at its own line, not the site's.
        let e = err("  backend: github\n  repo: a/b\n  base_url: http://auth.example.no\n");
        assert_eq!(e.line, Some(6), "{e:?}");
        assert!(e.message.contains("https"), "{e:?}");
        let e = err("  backend: github\n  repo: a/b\n  branch: a..b\n");
        assert_eq!(e.line, Some(6), "{e:?}");
        let e = err("  backend: github\n  repo: a/b\n  auth_endpoint: a b\n");
        assert_eq!(e.line, Some(6), "{e:?}");
        // Gitea has no public default: its API, server and app id.
        let d = parse(&format!("{MINIMAL}cms:\n  backend: gitea\n  repo: a/b\n")).unwrap_err();
        assert_eq!(d.0.len(), 3, "{d:?}");
        assert!(d.0.iter().all(|e| e.line == Some(4)), "{d:?}");
        // A misspelt key is the YAML reader's error, with a suggestion.
        let d = parse(&format!(
            "{MINIMAL}cms:\n  backend: github\n  repository: a/b\n"
        ))
        .unwrap_err();
        assert_eq!(d.0[0].line, Some(5), "{d:?}");
    }

    #[test]
    fn cms_is_the_sites_own_not_the_bases() {
        let dir = layered(
            &format!("{MINIMAL}cms:\n  backend: github\n  repo: nasjonal/veileder\n"),
            "title: F\nbase_url: https://f.example/\n",
        );
        assert!(SiteConfig::load(dir.path()).unwrap().cms.is_none());
        let dir = layered(
            &format!("{MINIMAL}cms:\n  backend: github\n  repo: nasjonal/veileder\n"),
            "title: F\nbase_url: https://f.example/\ncms:\n  backend: gitlab\n  repo: fylke/veileder\n",
        );
        let cms = SiteConfig::load(dir.path()).unwrap().cms.unwrap();
        assert_eq!(
            (cms.backend, cms.repo.as_str()),
            (GitHost::Gitlab, "fylke/veileder")
        );
    }

    #[test]
    fn bad_date_has_hint_and_line() {
        let text = format!("{MINIMAL}period:\n  election: 11.09.2023\n  constituted: 2023-10-19\n");
        let d = parse(&text).unwrap_err();
        let e = &d.0[0];
        assert_eq!(e.code, "invalid-value");
        assert_eq!(e.line, Some(4));
        assert!(e.hint.as_ref().unwrap().contains("ÅÅÅÅ-MM-DD"), "{e:?}");
    }
}
