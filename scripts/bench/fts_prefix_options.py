#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares FTS5 prefix-index options on the texts of a project (docs/benchmarks.md, dataset
search): for each option it builds the full-text index the way the app does (external content,
unicode61 remove_diacritics 2, 64 MB hashsize, 'rebuild'), then times what a search asks of it.

  fts_prefix_options.py PROJECT.tsproj --work /tmp/fts_options.db \\
      --prefix "" --prefix "1 2" --prefix "1 2 3" --words a,th,the,ab

The project is only read: its example texts are copied into WORK (replaced). Per option: index
build CPU seconds and size; per word (as the search box sends it: "word"*): the match count
and its time (the count every search makes), and the time to list the matches of one chunk of
1,500 example ids (what each step of the browser's position walk asks). Best of three runs."""
import argparse
import os
import sqlite3
import time

parser = argparse.ArgumentParser()
parser.add_argument('project')
parser.add_argument('--work', required=True)
parser.add_argument('--prefix', action='append', default=[])
parser.add_argument('--words', default='a,th,the')
args = parser.parse_args()

if os.path.exists(args.work):
    os.remove(args.work)
db = sqlite3.connect(args.work, isolation_level=None)
db.execute('PRAGMA cache_size = -131072')
db.execute('CREATE TABLE examples (id INTEGER PRIMARY KEY, input_text TEXT, output_text TEXT)')
db.execute('ATTACH ? AS project', ('file:' + args.project + '?mode=ro',))
db.execute('INSERT INTO examples SELECT id, input_text, output_text FROM project.examples')
db.execute('DETACH project')
rows, = db.execute('SELECT count(*) FROM examples').fetchone()
middle, = db.execute('SELECT id FROM examples ORDER BY id LIMIT 1 OFFSET ?', (rows // 2,)).fetchone()


def best_ms(sql, values):
    best = None
    for _ in range(3):
        start = time.perf_counter()
        result = db.execute(sql, values).fetchall()
        elapsed = (time.perf_counter() - start) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return result, best


print(f'{rows} examples')
for prefix in args.prefix or ['']:
    db.execute('DROP TABLE IF EXISTS examples_fts')
    option = f", prefix = '{prefix}'" if prefix else ''
    db.execute("CREATE VIRTUAL TABLE examples_fts USING fts5(input_text, output_text, "
               "content = 'examples', content_rowid = 'id', "
               f"tokenize = 'unicode61 remove_diacritics 2'{option})")
    db.execute("INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 67108864)")
    cpu = time.process_time()
    db.execute("INSERT INTO examples_fts (examples_fts) VALUES ('rebuild')")
    cpu = time.process_time() - cpu
    size, = db.execute('SELECT sum(length(block)) FROM examples_fts_data').fetchone()
    print(f"prefix '{prefix}': index built in {cpu:.1f} s CPU, {size / 1e6:.0f} MB")
    for word in args.words.split(','):
        query = f'"{word}"*'
        [(count,)], count_ms = best_ms(
            'SELECT count(*) FROM examples_fts WHERE examples_fts MATCH ?', (query,))
        chunk, chunk_ms = best_ms(
            'SELECT rowid FROM examples_fts WHERE examples_fts MATCH ? AND rowid BETWEEN ? AND ?',
            (query, middle, middle + 1499))
        print(f'  {query:12} {count:8} matches: count {count_ms:6.1f} ms, '
              f'one chunk ({len(chunk)} matches) {chunk_ms:6.1f} ms')
