//! Header files for static hosts that read them from the published folder:
//! `_headers` (Netlify, Cloudflare Pages) and `.htaccess` (Apache), each with
//! the site's Content-Security-Policy (see [`crate::content::csp`]) plus
//! `X-Content-Type-Options` and `Referrer-Policy`.

use crate::content::csp::{header_policy, Additions};

/// `_headers` for Netlify and Cloudflare Pages.
pub fn headers_file(additions: &Additions) -> String {
    format!(
        "# Laget av stegvis: sikkerhetshoder for Netlify og Cloudflare Pages.\n/*\n  Content-Security-Policy: {}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
        header_policy(additions)
    )
}

/// `.htaccess` for Apache (needs mod_headers).
pub fn htaccess_file(additions: &Additions) -> String {
    format!(
        "# Laget av stegvis: sikkerhetshoder for Apache (krever mod_headers og AllowOverride FileInfo).\n<IfModule mod_headers.c>\n  Header always set Content-Security-Policy \"{}\"\n  Header always set X-Content-Type-Options \"nosniff\"\n  Header always set Referrer-Policy \"strict-origin-when-cross-origin\"\n</IfModule>\n",
        header_policy(additions)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_the_host_serves_gets_the_policy() {
        let none = Additions::new();
        // Every file the host serves from the folder, whatever the base path.
        assert!(headers_file(&none).contains("\n/*\n  Content-Security-Policy: default-src"));
        assert!(htaccess_file(&none)
            .contains("Header always set Content-Security-Policy \"default-src 'self';"));
        assert!(headers_file(&none).contains("frame-ancestors 'self'"));
    }
}
