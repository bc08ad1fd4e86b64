#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the small dataset fixtures of this folder (one per source format, with planted bad
records whose line numbers the tests check). Run from this folder: python3 make_fixtures.py"""
import json


def write_lines(name, lines):
    with open(name, 'wb') as f:
        for line in lines:
            f.write(line if isinstance(line, bytes) else line.encode('utf-8'))
            f.write(b'\n')


J = lambda o: json.dumps(o, ensure_ascii=False)

# chat.jsonl: lines 1-2 good, 3 malformed JSON, 4 invalid UTF-8, 5 no assistant turn, 6 blank,
# 7 good (non-ASCII).
write_lines('chat.jsonl', [
    J({"messages": [{"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "What is 2+2?"},
                    {"role": "assistant", "content": "4"}]}),
    J({"messages": [{"role": "user", "content": "Capital of France?"},
                    {"role": "assistant", "content": "Paris"},
                    {"role": "user", "content": "And of Italy?"},
                    {"role": "assistant", "content": "Rome"}]}),
    '{"messages": [{"role": "user", "content": "unterminated"}',
    b'{"messages": [{"role": "user", "content": "caf\xe9"}, {"role": "assistant", "content": "x"}]}',
    J({"messages": [{"role": "user", "content": "Only a question"}]}),
    '',
    J({"messages": [{"role": "user", "content": "Héllo wörld ✓"},
                    {"role": "assistant", "content": "Grüße"}]}),
])
write_lines('sharegpt.jsonl', [
    J({"conversations": [{"from": "system", "value": "Be kind."}, {"from": "human", "value": "Hi"},
                         {"from": "gpt", "value": "Hello!"}]}),
    J({"conversations": [{"from": "human", "value": "Name a color"},
                         {"from": "gpt", "value": "Blue"}]}),
])
# line 3 lacks its completion
write_lines('prompt_completion.jsonl', [
    J({"prompt": "Translate 'cat' to French", "completion": "chat"}),
    J({"prompt": "Translate 'dog' to French", "completion": "chien"}),
    J({"prompt": "Missing the completion"}),
    J({"prompt": "Translate 'bird' to French", "completion": "oiseau"}),
])
write_lines('alpaca.jsonl', [
    J({"instruction": "Summarize the text.", "input": "The quick brown fox jumps over the lazy dog.",
       "output": "A fox jumps over a dog."}),
    J({"instruction": "List three primes.", "input": "", "output": "2, 3, 5"}),
])
write_lines('classification.jsonl', [
    J({"text": "I love this product", "label": "positive"}),
    J({"text": "Terrible service", "label": "negative"}),
    J({"text": "It is fine", "label": 3}),
])
write_lines('preference.jsonl', [
    J({"prompt": "Write a haiku about rain", "chosen": "Soft rain on the roof",
       "rejected": "Rain is wet."}),
    J({"prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hi"}],
       "chosen": [{"role": "assistant", "content": "Hi!"}],
       "rejected": [{"role": "assistant",
                     "content": "Greetings, dear user, how are you on this fine day?"}]}),
])
# CSV with CRLF: header line 1; record line 2; quoted comma line 3; embedded newline lines 4-5;
# ragged row line 6; doubled quotes line 7.
with open('classification.csv', 'wb') as f:
    f.write(('text,label\r\n'
             'great movie,positive\r\n'
             '"slow, but worth it",positive\r\n'
             '"first line\r\nsecond line",negative\r\n'
             'too,many,fields\r\n'
             '"she said ""awful""",negative\r\n').encode())
# UTF-8 BOM, LF endings, a quote left open at line 3 until the end of the file.
with open('prompt_completion.csv', 'wb') as f:
    f.write('\ufeffprompt,completion\nHello,World\n"Unclosed,quote\n'.encode('utf-8'))
