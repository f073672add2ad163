#!/usr/bin/env python3
"""Lay the shared neutral benchmark corpus out as a stegvis site.

Usage (as NEW_SSG_PREP for ../shared/bench/run_peers.sh, which exports
$CORPUS and $SITE):

    NEW_SSG_PREP='python3 /abs/path/benches/stegvis_prep.py'

or by hand:

    python3 benches/stegvis_prep.py [--corpus DIR] [--site DIR]

Input ($CORPUS, made by gen_corpus.py): manifest.json and
content/_index.md, content/fase-NNN/_index.md (sections),
content/fase-NNN/steg-NNNNN.md (pages with title, weight, kind lovkrav|rad,
refs ["PBL §10-1", ...], description; relative links
`../fase-NNN/steg-NNNNN.md` between pages).

Output ($SITE, must be empty or missing):

    site.yaml                    title, base_url, laws pbl/tek17/sak10, period
    content/_index.md            front page (title, summary, intro body)
    content/fase-NNN/_guide.md   one guide per section (title, summary, order)
    content/fase-NNN/steg-NNNNN.md
        title, step (1..section size, from weight), kind (lovkrav | råd),
        summary (= description), updated (a date derived from the page index),
        slug steg-NNNNN (so URLs are /fase-NNN/steg-NNNNN/ as in the peers and
        run_peers.sh's page count finds them), legal (one entry per ref:
        law id, section, requirement text, obligation `skal` on lovkrav
        steps and `bør` on råd steps; every lovkrav step gets >= 1 `skal`).
        Links `../fase-NNN/steg-NNNNN.md` become `@/fase-NNN/steg-NNNNN.md`
        (checked by stegvis at build time); a link whose target is not in
        the corpus is replaced by its text.

No theme or templates are written: the site uses stegvis's built-in default
theme. Deterministic: the same corpus gives byte-identical output.
"""
import argparse
import datetime
import json
import os
import re
import sys

# Law registry for site.yaml: corpus prefix -> (stegvis id, Lovdata id, name).
LAWS = {
    "PBL": ("pbl", "2008-06-27-71", "plan- og bygningsloven"),
    "TEK17": ("tek17", "FOR-2017-06-19-840", "byggteknisk forskrift"),
    "SAK10": ("sak10", "FOR-2010-03-26-488", "byggesaksforskriften"),
}

REF_RE = re.compile(r"^\s*([A-Za-z0-9]+)\s*§\s*([1-9][0-9]*(?:-[1-9][0-9]*)?[a-z]?)\s*$")
LINK_RE = re.compile(r"\[([^\]]*)\]\(\.\./(fase-\d+)/(steg-\d+)\.md\)")
BASE_DATE = datetime.date(2024, 1, 1)

SITE_YAML = """\
title: {title}
description: {description}
base_url: https://example.org/
language: nb
theme: default
default_law: pbl
laws:
{laws}
period:
  name: "2023–2027"
  election: 2023-09-11
  constituted: 2023-10-19
  council_meeting: 2024-09-26
# The peers build no search index; STEGVIS_SEARCH=1 measures stegvis with its
# Pagefind index (see BENCHMARKS.md for both).
search: {search}
"""


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def read_body(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        sys.exit(f"stegvis_prep: {path}: no front matter")
    end = text.index("\n---\n", 4)
    return text[end + 5:]


def parse_ref(ref):
    """'PBL §10-1' -> ('pbl', '10-1'), or None if the law is unknown."""
    m = REF_RE.match(ref)
    if not m or m.group(1).upper() not in LAWS:
        return None
    return LAWS[m.group(1).upper()][0], m.group(2)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.environ.get("CORPUS"))
    ap.add_argument("--site", default=os.environ.get("SITE"))
    a = ap.parse_args()
    if not a.corpus or not a.site:
        ap.error("need --corpus and --site (or $CORPUS and $SITE)")
    if os.path.isdir(a.site) and os.listdir(a.site):
        sys.exit(f"stegvis_prep: {a.site} is not empty")

    with open(os.path.join(a.corpus, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    src = os.path.join(a.corpus, "content")
    dst = os.path.join(a.site, "content")
    site = manifest["site"]

    laws = "\n".join(
        f"  {sid}:\n    lovdata: {lovdata}\n    name: {name}"
        for sid, lovdata, name in sorted(LAWS.values())
    )
    write(os.path.join(a.site, "site.yaml"),
          SITE_YAML.format(title=q(site["title"]), description=q(site["description"]), laws=laws,
                           search="true" if os.environ.get("STEGVIS_SEARCH") == "1" else "false"))

    write(os.path.join(dst, "_index.md"),
          f"---\ntitle: {q(site['title'])}\nsummary: {q(site['description'])}\n---\n\n"
          + read_body(os.path.join(src, "_index.md")))

    for sec in manifest["sections"]:
        write(os.path.join(dst, sec["slug"], "_guide.md"),
              f"---\ntitle: {q(sec['title'])}\nsummary: {q(sec['description'])}\n"
              f"order: {sec['weight']}\nupdated: {BASE_DATE.isoformat()}\n---\n\n"
              + read_body(os.path.join(src, sec["slug"], "_index.md")))

    known = {(m["section"], m["slug"]) for m in manifest["page_meta"]}
    stats = {"links": 0, "links_dropped": 0, "refs_dropped": 0, "lovkrav_padded": 0}

    def relink(m):
        if (m.group(2), m.group(3)) in known:
            stats["links"] += 1
            return f"[{m.group(1)}](@/{m.group(2)}/{m.group(3)}.md)"
        stats["links_dropped"] += 1
        return m.group(1)

    for m in manifest["page_meta"]:
        lovkrav = m["kind"] == "lovkrav"
        obligation = "skal" if lovkrav else "bør"
        legal = []
        for ref in m["refs"]:
            parsed = parse_ref(ref)
            if parsed is None:
                stats["refs_dropped"] += 1
                continue
            legal.append((parsed[0], parsed[1], ref))
        if lovkrav and not legal:
            # Never happens with gen_corpus.py (1-4 refs, all known laws), but
            # a lovkrav step must cite a duty.
            stats["lovkrav_padded"] += 1
            legal.append(("pbl", "1-1", "PBL §1-1"))
        updated = BASE_DATE + datetime.timedelta(days=m["index"] % 366)
        fm = [
            "---",
            f"title: {q(m['title'])}",
            f"step: {m['weight']}",
            f"kind: {'lovkrav' if lovkrav else 'råd'}",
            f"summary: {q(m['description'])}",
            f"updated: {updated.isoformat()}",
            f"slug: {m['slug']}",
        ]
        if legal:
            fm.append("legal:")
            for law, section, ref in legal:
                verb = "skal" if lovkrav else "bør"
                fm += [
                    f"  - law: {law}",
                    f"    section: {q(section)}",
                    f"    requirement: {q(f'Tiltaket {verb} oppfylle kravet i {ref}.')}",
                    f"    obligation: {obligation}",
                ]
        fm += ["---", ""]
        body = LINK_RE.sub(relink, read_body(os.path.join(src, m["section"], m["slug"] + ".md")))
        write(os.path.join(dst, m["section"], m["slug"] + ".md"), "\n".join(fm) + "\n" + body)

    print(f"stegvis_prep: {manifest['pages']} steps in {len(manifest['sections'])} guides -> {a.site} "
          f"({stats['links']} links rewritten, {stats['links_dropped']} dropped, "
          f"{stats['refs_dropped']} refs dropped, {stats['lovkrav_padded']} lovkrav steps padded)")


if __name__ == "__main__":
    main()
