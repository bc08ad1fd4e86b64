#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Encode throughput of `tuning-studio-cli tokenize` vs HF tokenizers on the same ~5 MB text.

The text is Python standard-library source (code, comments, docstrings) mixed with multilingual
prose, built deterministically. Both tokenizers must produce identical ids. Usage:

    python3 scripts/bench/tokenizer_bench.py --cli build/bin/tuning-studio-cli \
        --tokenizer ../shared/fixtures/tokenizers/qwen/tokenizer.json [--mb 5]
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import time

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
from tokenizers import Tokenizer  # noqa: E402

PROSE = [
    "The quick brown fox jumps over the lazy dog while 42 bees buzz around the hive.",
    "Die Straße war nass, aber die Brötchen beim Bäcker waren warm und günstig: 1,29 €.",
    "我们今天讨论自然语言处理和机器学习的最新进展。",
    "Les modèles de langue apprennent des régularités statistiques à partir de textes.",
    "She said: \"I'm sure it's fine\", and they've agreed we'd meet at 10:30.",
    "Emoji are text too 😀🎉 and so are tabs\tand   runs of spaces.",
]


def build_text(megabytes):
    target = int(megabytes * 1024 * 1024)
    rng = random.Random(1234)
    parts, size = [], 0
    files = sorted(glob.glob(os.path.join(os.path.dirname(os.__file__), "*.py")))
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            code = f.read()
        prose = "\n".join(rng.choice(PROSE) for _ in range(20)) + "\n\n"
        for chunk in (code, prose):
            parts.append(chunk)
            size += len(chunk.encode("utf-8"))
        if size >= target:
            break
    text = "".join(parts).encode("utf-8")[:target].decode("utf-8", errors="ignore")
    return text


def run_cli(cli, tokenizer, data):
    start = time.perf_counter()
    out = subprocess.run([cli, "tokenize", "--tokenizer", tokenizer], input=data,
                         capture_output=True, check=True)
    return time.perf_counter() - start, out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    text = build_text(args.mb)
    data = text.encode("utf-8")
    mb = len(data) / 1e6
    print(f"text: {mb:.2f} MB ({len(text)} characters)")

    hf = Tokenizer.from_file(args.tokenizer)
    hf_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        hf_ids = hf.encode(text, add_special_tokens=False).ids
        hf_times.append(time.perf_counter() - start)

    # HF's single-string path slows down on very long inputs; encoding ~100-line chunks one after
    # the other is its fast path (ids can differ at chunk edges, so this one is timing only).
    lines = text.splitlines(keepends=True)
    chunks = ["".join(lines[i:i + 100]) for i in range(0, len(lines), 100)]
    chunk_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for chunk in chunks:
            hf.encode(chunk, add_special_tokens=False)
        chunk_times.append(time.perf_counter() - start)

    load_times, total_times = [], []
    for _ in range(args.repeat):
        load_times.append(run_cli(args.cli, args.tokenizer, b"")[0])
        seconds, out = run_cli(args.cli, args.tokenizer, data)
        total_times.append(seconds)
    ours = [int(x) for x in out.split()]
    if ours != hf_ids:
        first = next(i for i, (a, b) in enumerate(zip(ours, hf_ids)) if a != b) if ours[:1] else 0
        print(f"MISMATCH: {len(ours)} vs {len(hf_ids)} ids, first difference at {first}")
        sys.exit(1)
    load = min(load_times)
    encode = min(total_times) - load
    print(f"ids: {len(hf_ids)} (identical)")
    print(f"HF tokenizers encode: {min(hf_times):.2f} s = {mb / min(hf_times):.2f} MB/s")
    print(f"HF tokenizers encode, {len(chunks)} chunks of 100 lines: {min(chunk_times):.2f} s = "
          f"{mb / min(chunk_times):.2f} MB/s")
    print(f"tuning-studio-cli: load {load:.2f} s, encode+print {encode:.2f} s = {mb / encode:.2f} MB/s")


if __name__ == "__main__":
    main()
