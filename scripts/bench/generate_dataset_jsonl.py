#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a synthetic chat-format JSONL file for the dataset benchmarks (docs/benchmarks.md).

  generate_dataset_jsonl.py OUT.jsonl --lines 1000000 [--near-duplicates 0.1] [--seed 1]

Each line is {"messages": [user, assistant]} with random words; --near-duplicates plants that
share of lines as copies of an earlier line with two words changed."""
import argparse
import json
import random

parser = argparse.ArgumentParser()
parser.add_argument('out')
parser.add_argument('--lines', type=int, default=1_000_000)
parser.add_argument('--near-duplicates', type=float, default=0.0)
parser.add_argument('--seed', type=int, default=1)
args = parser.parse_args()

rng = random.Random(args.seed)
letters = 'abcdefghijklmnopqrstuvwxyz'
vocabulary = [''.join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(20000)]
originals = []
with open(args.out, 'w', encoding='utf-8') as f:
    for i in range(args.lines):
        if originals and rng.random() < args.near_duplicates:
            question, answer = rng.choice(originals)
            words = answer.split()
            for _ in range(2):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            answer = ' '.join(words)
        else:
            question = ' '.join(rng.choices(vocabulary, k=rng.randint(8, 20))) + '?'
            answer = ' '.join(rng.choices(vocabulary, k=rng.randint(30, 60))) + '.'
            if len(originals) < 100000:
                originals.append((question, answer))
        f.write(json.dumps({"messages": [{"role": "user", "content": question},
                                         {"role": "assistant", "content": answer}]}) + '\n')
