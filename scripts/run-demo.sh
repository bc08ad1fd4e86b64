#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up what is missing (packages, the demo model, the build) and opens the studio on its
# built-in demo project. Without a display (a server, a container) it runs under Xvfb and saves
# a screenshot instead, saying where.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup-deps.sh
bash scripts/fetch-demo-model.sh || echo "run-demo: continuing without the demo model (training and generation will ask for a model)"
bash scripts/build.sh
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/bin/tuning-studio --demo "$@"
fi
shot="$root/build/demo-screenshot.png"
echo "run-demo: no display found; running under Xvfb and saving a screenshot to $shot"
xvfb-run -a -s "-screen 0 1280x800x24" ./build/bin/tuning-studio --demo --screenshot "$shot" "$@"
echo "run-demo: screenshot written: $shot"
