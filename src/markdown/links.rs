//! Links and images: `@/key#anchor` links, links to Markdown files relative
//! to the file, `./` and `../` paths and image paths to files in `static/`,
//! with missing targets reported (and the likely file as a hint).

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use crate::markdown::renderer::Renderer;
use crate::markdown::sanitize;
use crate::markdown::types::AnchorRef;
use crate::model::LinkTarget;

impl Renderer<'_, '_> {
    /// An image: it needs alternative text, and its address is checked
    /// like a link's (or resolved to a static file).
    pub(super) fn image(
        &mut self,
        link_type: LinkType,
        dest_url: &str,
        title: &str,
        id: &str,
        alt: &str,
        offset: usize,
    ) {
        if alt.is_empty() {
            self.problem(
                "image-without-alt",
                offset,
                format!("bildet `{dest_url}` mangler alternativ tekst"),
                "skriv en kort beskrivelse av bildet mellom hakeparentesene: ![Kart over kommunen](kart.png)",
            );
        }
        let dest = if self.url_refused(dest_url, offset) {
            String::new()
        } else {
            self.resolve_image(dest_url, offset)
        };
        self.out.push(Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(dest),
            title: CowStr::from(title.to_string()),
            id: CowStr::from(id.to_string()),
        }));
    }

    /// Resolves `@/key#anchor` links and links to Markdown files relative to
    /// this file (`02-vedtak.md`, `../g/_guide.md#frist`), and `./` or `../`
    /// paths to files in static/; other links pass through (`stegvis check`
    /// checks those relative to the page in the finished site).
    pub(super) fn resolve_link(&mut self, dest: &str, offset: usize) -> String {
        if let Some(resolved) = self.resolve_relative(dest, offset) {
            return resolved;
        }
        if let Some(rest) = dest.strip_prefix("@/") {
            let (key, anchor) = match rest.split_once('#') {
                Some((k, a)) => (k, Some(a)),
                None => (rest, None),
            };
            self.link_to_key(key, anchor, dest, offset, false)
        } else {
            if let Some(anchor) = dest.strip_prefix('#') {
                if !anchor.is_empty() {
                    let (line, column) = self.lines.at(offset);
                    self.result.anchors.push(AnchorRef {
                        doc: None,
                        target_key: String::new(),
                        anchor: anchor.to_string(),
                        line,
                        column,
                    });
                }
            }
            dest.to_string()
        }
    }

    /// A link to a Markdown file relative to this one, or a `./`/`../`
    /// path to a file in static/: the page's (or file's) address, or None
    /// when `dest` is neither.
    pub(super) fn resolve_relative(&mut self, dest: &str, offset: usize) -> Option<String> {
        if dest.is_empty()
            || dest.starts_with(['/', '#', '?', '@'])
            || sanitize::url_scheme(dest).is_some()
        {
            return None;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let markdown = path.ends_with(".md");
        if !markdown && !path.starts_with("./") && !path.starts_with("../") {
            return None;
        }
        let key = relative_key(self.env.doc_key, path);
        if !markdown {
            // `./bilde.png`: a file in static/ at the same place.
            return match key {
                Some(k) if self.env.static_files.contains(&k) => {
                    Some(format!("{}{k}{}", self.env.base_path, &dest[path.len()..]))
                }
                _ => None,
            };
        }
        let Some(key) = key else {
            self.problem(
                "broken-link",
                offset,
                format!("lenken `{dest}` peker ut av content/"),
                "en relativ lenke går fra mappen filen ligger i; skriv for eksempel `02-vedtak.md` eller `../annen-veileder/_guide.md`",
            );
            return Some(dest.to_string());
        };
        Some(self.link_to_key(&key, anchor, dest, offset, true))
    }

    /// The address of content file `key` (plus `#anchor`, recorded for
    /// checking); a missing file is reported.
    pub(super) fn link_to_key(
        &mut self,
        key: &str,
        anchor: Option<&str>,
        dest: &str,
        offset: usize,
        relative: bool,
    ) -> String {
        match self.env.targets.get(key) {
            Some(t) => {
                if let Some(a) = anchor {
                    let (line, column) = self.lines.at(offset);
                    self.result.anchors.push(AnchorRef {
                        doc: Some(t.doc),
                        target_key: key.to_string(),
                        anchor: a.to_string(),
                        line,
                        column,
                    });
                    return format!("{}#{a}", t.url);
                }
                t.url.clone()
            }
            None if self.env.failed.contains(key) => dest.to_string(),
            None if self.env.hidden.iter().any(|h| h == key) => {
                self.problem(
                    "broken-link",
                    offset,
                    format!("lenken `{dest}` peker på en side som er skjult i site.yaml (`hide:`)"),
                    "legg en egen kopi av denne filen i content/ uten lenken, eller ta siden ut av `hide:`",
                );
                dest.to_string()
            }
            None => {
                let hint = link_hint(key, relative, self.env.doc_key, self.env.targets);
                self.problem(
                    "broken-link",
                    offset,
                    format!("lenken `{dest}` peker på en side som ikke finnes"),
                    &hint,
                );
                dest.to_string()
            }
        }
    }

    /// A relative image path (`kart.png`, `bilder/kart.png`) names a file in
    /// `static/`: it becomes an address under the base path, so it works
    /// from every page, and a missing file is reported. Addresses with a
    /// scheme, a leading `/`, `.` or `@` are left as written.
    pub(super) fn resolve_image(&mut self, dest: &str, offset: usize) -> String {
        let relative = !dest.is_empty()
            && !dest.contains("://")
            && !dest.starts_with(['/', '.', '#', '@'])
            && !dest.starts_with("data:");
        if dest.starts_with("./") || dest.starts_with("../") {
            let path = dest.split(['?', '#']).next().unwrap_or(dest);
            let key = relative_key(self.env.doc_key, path);
            return match key {
                Some(k) if self.env.static_files.contains(&k) => {
                    format!("{}{k}{}", self.env.base_path, &dest[path.len()..])
                }
                _ => {
                    let place = key.map_or_else(
                        || "utenfor nettstedet".to_string(),
                        |k| format!("static/{k}"),
                    );
                    self.problem(
                        "missing-image",
                        offset,
                        format!("bildet `{dest}` finnes ikke ({place})"),
                        "en sti som begynner med ./ eller ../ går fra mappen filen ligger i, og bildet må ligge på samme sted under static/; eller skriv stien fra static/, for eksempel `![Kart over kommunen](kart.png)`",
                    );
                    dest.to_string()
                }
            };
        }
        if !relative {
            return self.resolve_link(dest, offset);
        }
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        if !self.env.static_files.contains(path) {
            let files: Vec<String> = self.env.static_files.iter().cloned().collect();
            let hint = match crate::shared::text::nearest(path, &files) {
                Some(n) => format!("mente du `{n}`? Bilder legges i static/ og skrives med stien derfra"),
                None => "legg bildet i static/ og skriv stien derfra, for eksempel `![Kart over kommunen](kart.png)`".to_string(),
            };
            self.problem(
                "missing-image",
                offset,
                format!("bildet `{dest}` finnes ikke i static/"),
                &hint,
            );
        }
        format!("{}{dest}", self.env.base_path)
    }
}

/// The folder of content file `key`, with a trailing `/` (empty at the root).
pub(super) fn parent_dir(key: &str) -> &str {
    key.rfind('/').map_or("", |i| &key[..=i])
}

/// `path` relative to the folder of content file `from`, as a content key;
/// None if it climbs out of content/.
pub(super) fn relative_key(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = parent_dir(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// How content file `to` is written relative to content file `from`.
pub(super) fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = parent_dir(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The file name without its number: `03-tidsplan.md` → `tidsplan.md`.
pub(super) fn unnumbered(name: &str) -> &str {
    let digits = name.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    match name[digits..].strip_prefix(['-', '_']) {
        Some(rest) if digits > 0 => rest,
        _ => name,
    }
}

/// A file of the site that a link to the missing `key` most likely meant:
/// in the same folder, the one with the same name but another number (a
/// renumbered step), else a name a few letters off. Names are compared
/// alone, not whole paths, so a long folder name does not make any file
/// look close.
pub(super) fn nearest_key(key: &str, targets: &HashMap<String, LinkTarget>) -> Option<String> {
    let (dir, name) = key.rsplit_once('/').unwrap_or(("", key));
    let mut siblings: Vec<&str> = targets
        .keys()
        .filter(|k| k.rsplit_once('/').map_or("", |(d, _)| d) == dir)
        .map(|k| k.rsplit_once('/').map_or(k.as_str(), |(_, n)| n))
        .collect();
    siblings.sort_unstable();
    let join = |n: &str| {
        if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        }
    };
    if let Some(n) = siblings
        .iter()
        .find(|n| unnumbered(n) == unnumbered(name) && **n != name)
    {
        return Some(join(n));
    }
    let names: Vec<String> = siblings.iter().map(|n| n.to_string()).collect();
    let close = names.iter().find(|n| {
        let d = strsim::damerau_levenshtein(&name.to_lowercase(), &n.to_lowercase());
        d <= 2.max(n.chars().count() / 5)
    });
    if let Some(n) = close {
        return Some(join(n));
    }
    // Another folder: the same file name there (a moved file).
    let mut elsewhere: Vec<&String> = targets
        .keys()
        .filter(|k| k.rsplit_once('/').map_or(k.as_str(), |(_, n)| n) == name)
        .collect();
    elsewhere.sort();
    elsewhere.first().map(|k| k.to_string())
}

/// The hint of a link to a missing file: the likely file, or else the
/// files of the folder it pointed into (the guide's steps), or else an
/// example from this site — never a file of another site.
pub(super) fn link_hint(
    key: &str,
    relative: bool,
    doc_key: &str,
    targets: &HashMap<String, LinkTarget>,
) -> String {
    let from = parent_dir(doc_key);
    let written = |k: &str| {
        if relative {
            relative_path(doc_key, k)
        } else {
            format!("@/{k}")
        }
    };
    let how = if relative {
        format!("en relativ lenke går fra mappen filen ligger i (`content/{from}`)")
    } else {
        "stien er relativ til content/".to_string()
    };
    if let Some(g) = nearest_key(key, targets) {
        let mut how = how;
        if let Some(first) = how.get(..1) {
            how = format!("{}{}", first.to_uppercase(), &how[1..]);
        }
        return format!("mente du `{}`? {how}", written(&g));
    }
    let dir = parent_dir(key);
    let mut in_dir: Vec<&String> = targets
        .keys()
        .filter(|k| {
            parent_dir(k) == dir && !k.ends_with("/_guide.md") && !k.ends_with("/_index.md")
        })
        .collect();
    in_dir.sort();
    if !in_dir.is_empty() {
        let shown: Vec<String> = in_dir
            .iter()
            .take(12)
            .map(|k| format!("`{}`", written(k)))
            .collect();
        let more = if in_dir.len() > 12 { " …" } else { "" };
        return format!(
            "filene i `content/{dir}` er {}{more}; {how}",
            shown.join(", ")
        );
    }
    let mut any: Vec<&String> = targets.keys().collect();
    any.sort();
    match any.first() {
        Some(example) => format!("{how}, for eksempel `{}`", written(example)),
        None => how,
    }
}
