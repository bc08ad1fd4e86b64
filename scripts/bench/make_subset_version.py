#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Adds a version to a benchmark project that keeps all but every Nth example of another version,
as a curation that removed scattered examples would (docs/benchmarks.md, dataset search).

  make_subset_version.py PROJECT.tsproj --version ID [--drop-every 10]

Prints the new version's id. The content hash is that of the kept examples, computed as the app
does (sha256 over the ordered example content hashes, one per line)."""
import argparse
import hashlib
import sqlite3

parser = argparse.ArgumentParser()
parser.add_argument('project')
parser.add_argument('--version', type=int, required=True)
parser.add_argument('--drop-every', type=int, default=10)
args = parser.parse_args()

db = sqlite3.connect(args.project, isolation_level=None)
db.execute('PRAGMA foreign_keys = ON')
db.execute('BEGIN IMMEDIATE')
dataset_id, = db.execute('SELECT dataset_id FROM dataset_versions WHERE id = ?',
                         (args.version,)).fetchone()
keep = 'position % ? <> ? - 1'
digest = hashlib.sha256()
count = 0
for (content_hash,) in db.execute(
        f'SELECT e.content_hash FROM version_examples ve JOIN examples e ON e.id = ve.example_id '
        f'WHERE ve.version_id = ? AND {keep} ORDER BY ve.position',
        (args.version, args.drop_every, args.drop_every)):
    digest.update(content_hash.encode('latin-1') + b'\n')
    count += 1
number, = db.execute('SELECT max(version_number) + 1 FROM dataset_versions WHERE dataset_id = ?',
                     (dataset_id,)).fetchone()
cursor = db.execute(
    "INSERT INTO dataset_versions (dataset_id, version_number, parent_version_id, content_hash, "
    "example_count, source, note) VALUES (?, ?, ?, ?, ?, 'curation', ?)",
    (dataset_id, number, args.version, digest.hexdigest(), count,
     f'benchmark: every {args.drop_every}th example removed'))
new_id = cursor.lastrowid
db.execute(
    f'INSERT INTO version_examples (version_id, example_id, split, position) '
    f'SELECT ?, example_id, split, row_number() OVER (ORDER BY position) - 1 '
    f'FROM version_examples WHERE version_id = ? AND {keep}',
    (new_id, args.version, args.drop_every, args.drop_every))
db.execute('COMMIT')
print(new_id)
