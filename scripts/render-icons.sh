#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the application icon (resources/icons/tuning-studio.svg) to the PNG sizes of the
# freedesktop hicolor theme under packaging/icons/. The PNGs are committed, so building needs no
# SVG renderer; run this again after changing the SVG. Needs rsvg-convert (librsvg2-bin).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
svg="$root/resources/icons/tuning-studio.svg"
for size in 16 22 24 32 48 64 128 256 512; do
  out="$root/packaging/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$out"
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$svg" \
    --output "$out/tuning-studio.png"
done
echo "rendered $(ls "$root"/packaging/icons/hicolor | wc -l) sizes into packaging/icons/hicolor"
