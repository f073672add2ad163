#!/usr/bin/env bash
# Builds the Debian package with cargo-deb and, with --install-test, checks
# it the way README.md tells users to: `apt install ./stegvis_*.deb`, then
# `stegvis build` on the bundled guide, then removes the package again.
#
#   scripts/deb.sh                  # target/debian/stegvis_<version>_<arch>.deb
#   scripts/deb.sh --install-test   # also install, build the guide, remove (root)
#
# Needs cargo-deb (`cargo install cargo-deb --locked`). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

install_test=false
for arg in "$@"; do
  case "$arg" in
    --install-test) install_test=true ;;
    *) echo "ukjent argument: $arg" >&2; exit 2 ;;
  esac
done

echo "== cargo deb"
# cargo-deb prints the path of the package it wrote last.
deb=$(cargo deb --locked | tail -n 1)
test -f "$deb"
echo "pakke: $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
dpkg-deb --contents "$deb" | grep -q './usr/bin/stegvis$'

if ! $install_test; then
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "--install-test installs a system package: run it as root" >&2
  exit 2
fi

echo "== apt install ./$(basename "$deb")"
if dpkg -s stegvis >/dev/null 2>&1; then
  echo "stegvis is already installed as a package; not touching it" >&2
  exit 1
fi
work=$(mktemp -d)
cleanup() {
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq stegvis >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp "$deb" "$work/"
# apt needs a path with a slash to take a local file, as the README says.
(cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./"$(basename "$deb")")

echo "== /usr/bin/stegvis build on the bundled guide"
test "$(command -v stegvis)" = /usr/bin/stegvis
/usr/bin/stegvis --version
/usr/bin/stegvis --root . --color never build --output "$work/public"
for page in index.html 404.html sitemap.xml; do
  test -s "$work/public/$page" || { echo "mangler public/$page" >&2; exit 1; }
done
pages=$(find "$work/public" -name index.html | wc -l)
echo "the installed stegvis built $pages pages"
test "$pages" -gt 10
echo "deb: OK"
