#!/usr/bin/env bash
# Renders the PWA icons in static/icons from their SVG sources.
# Needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin). The PNGs are committed,
# so this only runs when the SVGs change.
set -euo pipefail
cd "$(dirname "$0")/../static/icons"
rsvg-convert -w 192 -h 192 icon.svg -o icon-192.png
rsvg-convert -w 512 -h 512 icon.svg -o icon-512.png
rsvg-convert -w 512 -h 512 icon-maskable.svg -o icon-maskable-512.png
rsvg-convert -w 180 -h 180 icon-maskable.svg -o apple-touch-icon.png
ls -l icon-192.png icon-512.png icon-maskable-512.png apple-touch-icon.png
