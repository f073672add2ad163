//! Every file and folder name stegvis reads or writes, in one place: the
//! site's source layout, the theme's, and the names of generated files and
//! URL segments in the output. Themes, tests and the preview server rely on
//! these, so they are part of the contract.

// The site.
pub const CONFIG_FILE: &str = "site.yaml";
/// What a county edition last took from its base (`stegvis base …`).
pub const BASE_LOCK_FILE: &str = "base-lock.yaml";

// Content.
pub const CONTENT_DIR: &str = "content";
pub const GUIDE_FILE: &str = "_guide.md";
pub const INDEX_FILE: &str = "_index.md";
/// Who helps the municipality, county by county (`content/_hjelp.yaml`).
pub const HELP_FILE: &str = "_hjelp.yaml";
/// The same, for the theme's script: the chosen county's bodies in the
/// footer of every page.
pub const HELP_JSON: &str = "stegvis-hjelp.json";

/// The page (by its content key) that says how the law's minimum periods
/// are counted; the rules between dates link to it when the site has it.
pub const COUNTING_PAGE: &str = "fristregler.md";

// Themes.
pub const THEMES_DIR: &str = "themes";
pub const TEMPLATES_DIR: &str = "templates";
pub const STATIC_DIR: &str = "static";

/// The site's source folders: an output may be neither one of them, nor
/// inside one, nor above one, and a base site (`base:`) may not lie in one.
pub const SOURCE_DIRS: [&str; 4] = [CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR];

// Generated stylesheets.
/// File name of the generated stylesheet in the output root.
pub const STYLESHEET_NAME: &str = "highlight.css";

/// The stylesheet with the site's own colours from `site.yaml`.
pub const BRANDING_STYLESHEET: &str = "stegvis-tema.css";

// The output folder.
/// Marks a folder as stegvis output, so a rebuild may replace it.
pub const MARKER_FILE: &str = ".stegvis-output";

// Generated files at the output root.
pub const ATOM_FILE: &str = "atom.xml";
pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";

/// Header files the build writes to the output root: the policy plus
/// `X-Content-Type-Options` and `Referrer-Policy`.
pub const HEADERS_FILE: &str = "_headers";
pub const HTACCESS_FILE: &str = ".htaccess";

/// The folder of the search bundle, relative to the output root.
pub const SEARCH_DIR: &str = "pagefind";
/// In [`SEARCH_DIR`]: the shards of the index the browser merges into the
/// first (`["del-1/", …]`; the theme's search.js reads it).
pub const SEARCH_SHARDS_FILE: &str = "stegvis-deler.json";

// URL segments of generated pages, and each guide's calendar.
/// Slugs a step may not take, since the guide's own pages live there.
pub const CHECKLIST_SLUG: &str = "sjekkliste";
pub const TIMELINE_SLUG: &str = "tidslinje";
/// The guide's status report (a printable project plan).
pub const STATUS_SLUG: &str = "statusrapport";
/// The guide's milestones as iCalendar, in its timeline folder.
pub const CALENDAR_FILE: &str = "kalender.ics";
/// Where the search page lives.
pub const SEARCH_SLUG: &str = "sok";
/// Where the "what's new" page lives.
pub const WHATS_NEW_SLUG: &str = "hva-er-nytt";
