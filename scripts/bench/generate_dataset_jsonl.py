#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a synthetic chat-format JSONL file for the dataset benchmarks (docs/benchmarks.md).

  generate_dataset_jsonl.py OUT.jsonl --lines 1000000 [--near-duplicates 0.1] [--seed 1]
                            [--function-words]

Each line is {"messages": [user, assistant]} with random words; --near-duplicates plants that
share of lines as copies of an earlier line with two words changed. --function-words mixes in
the 30 most frequent English words at about their frequency in English text (a third of all
words; "the" 5%), so that short prefixes such as "th" or "the" match as often as in real text."""
import argparse
import json
import random

parser = argparse.ArgumentParser()
parser.add_argument('out')
parser.add_argument('--lines', type=int, default=1_000_000)
parser.add_argument('--near-duplicates', type=float, default=0.0)
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--function-words', action='store_true')
args = parser.parse_args()

rng = random.Random(args.seed)
letters = 'abcdefghijklmnopqrstuvwxyz'
vocabulary = [''.join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(20000)]
# Percent of running English text (rounded from common frequency lists).
FUNCTION_WORDS = {
    'the': 5.0, 'of': 2.8, 'and': 2.7, 'to': 2.5, 'a': 2.2, 'in': 1.8, 'is': 1.0, 'that': 1.0,
    'for': 0.9, 'it': 0.9, 'with': 0.7, 'as': 0.7, 'was': 0.7, 'on': 0.6, 'be': 0.6, 'this': 0.5,
    'are': 0.5, 'have': 0.45, 'by': 0.4, 'they': 0.4, 'there': 0.3, 'their': 0.3, 'then': 0.2,
    'these': 0.2, 'them': 0.2, 'than': 0.2, 'other': 0.2, 'three': 0.1, 'through': 0.1,
    'think': 0.1}
if args.function_words:
    weighted_words = list(FUNCTION_WORDS) + vocabulary
    rest = (100 - sum(FUNCTION_WORDS.values())) / len(vocabulary)
    weights = list(FUNCTION_WORDS.values()) + [rest] * len(vocabulary)
    def draw(k):
        return rng.choices(weighted_words, weights, k=k)
else:
    def draw(k):
        return rng.choices(vocabulary, k=k)
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
            question = ' '.join(draw(rng.randint(8, 20))) + '?'
            answer = ' '.join(draw(rng.randint(30, 60))) + '.'
            if len(originals) < 100000:
                originals.append((question, answer))
        f.write(json.dumps({"messages": [{"role": "user", "content": question},
                                         {"role": "assistant", "content": answer}]}) + '\n')
