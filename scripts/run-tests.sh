#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole test suite from a fresh Debian 12 machine: installs what is missing (packages, the
# demo model), builds with warnings as errors, and runs every test (unit, model, gpu, gui).
# Model tests are skipped when the demo model cannot be fetched; gpu tests without CUDA.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup-deps.sh
bash scripts/fetch-demo-model.sh || echo "run-tests: continuing without the demo model (model tests will be skipped)"
bash scripts/build.sh -DTS_WERROR=ON
export QT_QPA_PLATFORM=offscreen
# A GUI test that loses a race with a modal dialog under load gets one more try.
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 900 --repeat until-pass:2 "$@"
