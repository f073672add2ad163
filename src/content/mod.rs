//! Stage 1, load: `site.yaml` ([`config`], with its security policy in
//! [`csp`]) and every Markdown file under `content/` ([`load`]), with front
//! matter split and parsed ([`frontmatter`]) through the only YAML-aware
//! module, [`yaml`]. A site built on another one reads both through
//! [`layers`], and
//! what it last took from its base through [`base_lock`].

pub mod base_lock;
pub mod config;
pub mod csp;
pub mod frontmatter;
pub mod help;
pub mod layers;
pub mod load;
pub mod yaml;
