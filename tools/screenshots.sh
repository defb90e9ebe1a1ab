#!/usr/bin/env bash
# Regenerates the README's pictures (docs/pictures/*.png) from the bundled data: each shipped view
# as `hkkg graph VIEW --format svg` draws it (large views cut to their top nodes by PageRank) and
# the measure chart, in English and Chinese, rendered to PNG by rsvg-convert (librsvg2-bin) with
# the Noto CJK fonts (fonts-noto-cjk), then reduced to 64 colours by pngquant (Debian's pngquant)
# to keep the repository small. usage: tools/screenshots.sh [HKKG_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
hkkg="${1:-target/release/hkkg}"
out=docs/pictures
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() { # NAME WIDTH HKKG-ARGUMENTS…
    local name=$1 width=$2
    shift 2
    "$hkkg" "$@" -o "$tmp/$name.svg"
    rsvg-convert --width "$width" --format png -o "$tmp/$name.png" "$tmp/$name.svg"
    pngquant --force --strip --quality 60-90 64 --output "$out/$name.png" "$tmp/$name.png"
}
shot entities-top40-en 1400 graph entities --top 40 --format svg
shot visits-zh 900 --lang zh graph visits --format svg
shot people-en 1000 graph people --format svg
shot policy-top50-zh 1200 --lang zh graph policy --top 50 --format svg
shot country-links-zh 1100 --lang zh graph country-links --format svg
shot analyze-entities-en 1000 analyze entities --format svg
shot analyze-entities-zh 1000 --lang zh analyze entities --format svg
ls -l "$out"
