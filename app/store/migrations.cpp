// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/store/migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ts {
namespace {

// Every timestamp is ISO-8601 UTC text with milliseconds ("2024-05-01T12:00:00.123Z"): it sorts
// as text and reads the same in any tool. utcTimestampNow() (project_store.h) writes the same form.
#define TS_NOW "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

// Migration 1: the whole schema. Conventions: a foreign key column is named <table>_id; ON
// DELETE CASCADE where the child is part of its parent (versions of a dataset, metrics of a run),
// RESTRICT where deleting would lose what a result was made from (a run's dataset version),
// SET NULL where the child stays meaningful alone (an adapter whose run row was removed).
// Every foreign key column has an index so deletes and lookups by parent stay fast.
QStringList schemaVersion1() {
    return {
        // Small key/value settings of the project: its name, guided-check answers, cadence.
        QStringLiteral(R"sql(
CREATE TABLE project_meta (
    key   TEXT PRIMARY KEY NOT NULL CHECK (length(key) > 0),
    value TEXT NOT NULL
) WITHOUT ROWID)sql"),

        // A named collection of examples. Its content lives in immutable dataset_versions.
        QStringLiteral(R"sql(
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL DEFAULT 'task' CHECK (kind IN ('task', 'general_capability')),
    created     TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(
))sql"),

        // One snapshot of a dataset: which examples, in which split and order. Every edit makes a
        // new version (parent = the one it came from). frozen_at is set when a run or an
        // evaluation first used the version; after that its membership can no longer change.
        QStringLiteral(R"sql(
CREATE TABLE dataset_versions (
    id                INTEGER PRIMARY KEY,
    dataset_id        INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    version_number    INTEGER NOT NULL CHECK (version_number >= 1),
    parent_version_id INTEGER REFERENCES dataset_versions(id) ON DELETE SET NULL,
    content_hash      TEXT NOT NULL,
    example_count     INTEGER NOT NULL DEFAULT 0 CHECK (example_count >= 0),
    source            TEXT NOT NULL
                      CHECK (source IN ('import', 'curation', 'annotation', 'production', 'split')),
    note              TEXT NOT NULL DEFAULT '',
    frozen_at         TEXT,
    created           TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    UNIQUE (dataset_id, version_number)
))sql"),
        QStringLiteral("CREATE INDEX dataset_versions_parent ON dataset_versions(parent_version_id)"),
        // A frozen version's identity must not change under the runs that used it.
        QStringLiteral(R"sql(
CREATE TRIGGER dataset_versions_frozen_content
BEFORE UPDATE OF dataset_id, version_number, content_hash, example_count ON dataset_versions
WHEN OLD.frozen_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'dataset version is frozen: a run or evaluation used it');
END)sql"),

        // Every example ever imported, written or corrected, of any kind. Rows are immutable
        // (see the trigger below): an edit inserts a new row and a new dataset version, so what a
        // run trained on can always be read back. input_text/output_text are the display and
        // search form of any kind; content_hash finds duplicates.
        QStringLiteral(R"sql(
CREATE TABLE examples (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('chat', 'prompt_completion', 'classification', 'preference')),
    messages_json TEXT CHECK (messages_json IS NULL OR json_valid(messages_json)),
    system_prompt TEXT,
    prompt        TEXT,
    completion    TEXT,
    text          TEXT,
    label         TEXT,
    chosen        TEXT,
    rejected      TEXT,
    input_text    TEXT NOT NULL DEFAULT '',
    output_text   TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL,
    token_count   INTEGER CHECK (token_count IS NULL OR token_count >= 0),
    source_file   TEXT,
    source_line   INTEGER CHECK (source_line IS NULL OR source_line >= 1),
    created       TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    CHECK (kind <> 'chat' OR messages_json IS NOT NULL),
    CHECK (kind <> 'prompt_completion' OR (prompt IS NOT NULL AND completion IS NOT NULL)),
    CHECK (kind <> 'classification' OR (text IS NOT NULL AND label IS NOT NULL)),
    CHECK (kind <> 'preference' OR (prompt IS NOT NULL AND chosen IS NOT NULL
                                    AND rejected IS NOT NULL))
))sql"),
        QStringLiteral("CREATE INDEX examples_content_hash ON examples(content_hash)"),
        // token_count stays writable: it is a cache filled in once a tokenizer is known.
        QStringLiteral(R"sql(
CREATE TRIGGER examples_immutable
BEFORE UPDATE OF kind, messages_json, system_prompt, prompt, completion, text, label, chosen,
                 rejected, input_text, output_text, content_hash, source_file, source_line, created
ON examples
BEGIN
    SELECT RAISE(ABORT, 'examples are immutable: insert a new example instead');
END)sql"),

        // Membership of examples in a dataset version, with the split and the display order.
        QStringLiteral(R"sql(
CREATE TABLE version_examples (
    version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
    example_id INTEGER NOT NULL REFERENCES examples(id) ON DELETE RESTRICT,
    split      TEXT NOT NULL DEFAULT 'unassigned'
               CHECK (split IN ('train', 'eval', 'general', 'unassigned')),
    position   INTEGER NOT NULL CHECK (position >= 0),
    PRIMARY KEY (version_id, example_id),
    UNIQUE (version_id, position)
) WITHOUT ROWID)sql"),
        QStringLiteral("CREATE INDEX version_examples_example ON version_examples(example_id)"),
        QStringLiteral(
            "CREATE INDEX version_examples_split ON version_examples(version_id, split, position)"),
        QStringLiteral(R"sql(
CREATE TRIGGER version_examples_frozen_insert
BEFORE INSERT ON version_examples
WHEN (SELECT frozen_at FROM dataset_versions WHERE id = NEW.version_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'dataset version is frozen: a run or evaluation used it');
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER version_examples_frozen_update
BEFORE UPDATE ON version_examples
WHEN (SELECT frozen_at FROM dataset_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'dataset version is frozen: a run or evaluation used it');
END)sql"),

        // Full-text search over the display text of examples. External content: the text is
        // stored once (in examples) and the triggers keep the index in step.
        QStringLiteral(R"sql(
CREATE VIRTUAL TABLE examples_fts USING fts5(
    input_text, output_text,
    content = 'examples', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
))sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER examples_fts_insert AFTER INSERT ON examples
BEGIN
    INSERT INTO examples_fts(rowid, input_text, output_text)
    VALUES (NEW.id, NEW.input_text, NEW.output_text);
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER examples_fts_delete AFTER DELETE ON examples
BEGIN
    INSERT INTO examples_fts(examples_fts, rowid, input_text, output_text)
    VALUES ('delete', OLD.id, OLD.input_text, OLD.output_text);
END)sql"),
        QStringLiteral(R"sql(
CREATE TRIGGER examples_fts_update AFTER UPDATE OF input_text, output_text ON examples
BEGIN
    INSERT INTO examples_fts(examples_fts, rowid, input_text, output_text)
    VALUES ('delete', OLD.id, OLD.input_text, OLD.output_text);
    INSERT INTO examples_fts(rowid, input_text, output_text)
    VALUES (NEW.id, NEW.input_text, NEW.output_text);
END)sql"),

        // The project's label set for classification and annotation, in display order.
        QStringLiteral(R"sql(
CREATE TABLE labels (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    color    TEXT NOT NULL DEFAULT '#808080'
             CHECK (color GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
    position INTEGER NOT NULL DEFAULT 0
))sql"),

        // Free-form tags the user puts on examples to group and filter them.
        QStringLiteral(R"sql(
CREATE TABLE tags (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    created TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(
))sql"),
        // Which example carries which tag.
        QStringLiteral(R"sql(
CREATE TABLE example_tags (
    example_id INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    created    TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    PRIMARY KEY (example_id, tag_id)
) WITHOUT ROWID)sql"),
        QStringLiteral("CREATE INDEX example_tags_tag ON example_tags(tag_id, example_id)"),

        // The fixed set of flags curation and review act on. set_by is an annotator's name or
        // 'import' / 'system' for flags set automatically.
        QStringLiteral(R"sql(
CREATE TABLE example_flags (
    example_id INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    flag       TEXT NOT NULL CHECK (flag IN ('edge_case', 'general_capability', 'needs_review',
                                             'from_production')),
    set_by     TEXT NOT NULL DEFAULT 'system',
    set_at     TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    PRIMARY KEY (example_id, flag)
) WITHOUT ROWID)sql"),
        QStringLiteral("CREATE INDEX example_flags_flag ON example_flags(flag, example_id)"),

        // The people who annotate (names only: a project is a local file, not an account system).
        QStringLiteral(R"sql(
CREATE TABLE annotators (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    created TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(
))sql"),

        // One judgement by one annotator on one example. A revised judgement inserts a new row
        // and points the old one's superseded_by at it, so the history stays; the current
        // annotations are those with superseded_by IS NULL.
        QStringLiteral(R"sql(
CREATE TABLE annotations (
    id            INTEGER PRIMARY KEY,
    example_id    INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    annotator_id  INTEGER NOT NULL REFERENCES annotators(id) ON DELETE RESTRICT,
    kind          TEXT NOT NULL CHECK (kind IN ('label', 'output_edit', 'accept', 'reject', 'skip',
                                                'preference', 'comment')),
    label_id      INTEGER REFERENCES labels(id) ON DELETE RESTRICT,
    output_text   TEXT,
    chosen        TEXT,
    rejected      TEXT,
    comment       TEXT,
    created       TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    updated       TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    superseded_by INTEGER REFERENCES annotations(id) ON DELETE SET NULL,
    CHECK (kind <> 'label' OR label_id IS NOT NULL),
    CHECK (kind <> 'output_edit' OR output_text IS NOT NULL),
    CHECK (kind <> 'preference' OR (chosen IS NOT NULL AND rejected IS NOT NULL)),
    CHECK (kind <> 'comment' OR comment IS NOT NULL),
    CHECK (superseded_by IS NULL OR superseded_by <> id)
))sql"),
        QStringLiteral("CREATE INDEX annotations_current ON annotations(example_id) "
                       "WHERE superseded_by IS NULL"),
        QStringLiteral("CREATE INDEX annotations_example ON annotations(example_id)"),
        QStringLiteral("CREATE INDEX annotations_annotator ON annotations(annotator_id)"),
        QStringLiteral("CREATE INDEX annotations_label ON annotations(label_id)"),
        QStringLiteral("CREATE INDEX annotations_superseded_by ON annotations(superseded_by)"),

        // Training recipes as edited documents (JSON). A run keeps its own snapshot.
        QStringLiteral(R"sql(
CREATE TABLE recipes (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    recipe_json TEXT NOT NULL CHECK (json_valid(recipe_json)),
    created     TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    updated     TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(
))sql"),

        // One training run: what it trained on (recipe snapshot, dataset version, base model),
        // where, and how it went. heartbeat is refreshed while running; a 'running' run with a
        // stale heartbeat at startup was interrupted by a crash.
        QStringLiteral(R"sql(
CREATE TABLE runs (
    id                 INTEGER PRIMARY KEY,
    recipe_id          INTEGER REFERENCES recipes(id) ON DELETE SET NULL,
    name               TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed',
                                         'cancelled', 'interrupted')),
    recipe_snapshot    TEXT NOT NULL CHECK (json_valid(recipe_snapshot)),
    dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE RESTRICT,
    base_model         TEXT NOT NULL,
    device             TEXT NOT NULL DEFAULT '',
    error              TEXT,
    output_dir         TEXT,
    last_checkpoint    TEXT,
    created            TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    started            TEXT,
    finished           TEXT,
    heartbeat          TEXT
))sql"),
        QStringLiteral("CREATE INDEX runs_status ON runs(status)"),
        QStringLiteral("CREATE INDEX runs_recipe ON runs(recipe_id)"),
        QStringLiteral("CREATE INDEX runs_dataset_version ON runs(dataset_version_id)"),
        QStringLiteral(R"sql(
CREATE TRIGGER runs_freeze_dataset_version AFTER INSERT ON runs
BEGIN
    UPDATE dataset_versions SET frozen_at = )sql" TS_NOW R"sql(
    WHERE id = NEW.dataset_version_id AND frozen_at IS NULL;
END)sql"),

        // Per-step training metrics, one row per (run, metric, step): narrow, so any trainer
        // (SFT loss, DPO rewards and margins, learning rate) records new names without a
        // migration. A NaN value is stored as NULL (SQLite has no NaN).
        QStringLiteral(R"sql(
CREATE TABLE run_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step   INTEGER NOT NULL CHECK (step >= 0),
    name   TEXT NOT NULL CHECK (length(name) > 0),
    value  REAL,
    PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID)sql"),

        // Trained adapters in the registry. At most one is in production (partial unique index):
        // promoting demotes the previous production adapter first, in the same transaction.
        QStringLiteral(R"sql(
CREATE TABLE adapter_versions (
    id                 INTEGER PRIMARY KEY,
    run_id             INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    parent_version_id  INTEGER REFERENCES adapter_versions(id) ON DELETE SET NULL,
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    stage              TEXT NOT NULL DEFAULT 'candidate'
                       CHECK (stage IN ('candidate', 'production', 'archived')),
    path               TEXT NOT NULL,
    sha256             TEXT NOT NULL CHECK (length(sha256) = 64),
    base_model         TEXT NOT NULL,
    recipe_snapshot    TEXT CHECK (recipe_snapshot IS NULL OR json_valid(recipe_snapshot)),
    dataset_version_id INTEGER REFERENCES dataset_versions(id) ON DELETE RESTRICT,
    created            TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    notes              TEXT NOT NULL DEFAULT ''
))sql"),
        QStringLiteral("CREATE UNIQUE INDEX adapter_versions_one_production ON "
                       "adapter_versions(stage) WHERE stage = 'production'"),
        QStringLiteral("CREATE INDEX adapter_versions_run ON adapter_versions(run_id)"),
        QStringLiteral("CREATE INDEX adapter_versions_parent ON adapter_versions(parent_version_id)"),
        QStringLiteral(
            "CREATE INDEX adapter_versions_dataset_version ON adapter_versions(dataset_version_id)"),

        // Every stage change of an adapter, with why (from_stage is NULL when it was registered).
        QStringLiteral(R"sql(
CREATE TABLE adapter_stage_history (
    id                 INTEGER PRIMARY KEY,
    adapter_version_id INTEGER NOT NULL REFERENCES adapter_versions(id) ON DELETE CASCADE,
    from_stage         TEXT CHECK (from_stage IS NULL
                                   OR from_stage IN ('candidate', 'production', 'archived')),
    to_stage           TEXT NOT NULL CHECK (to_stage IN ('candidate', 'production', 'archived')),
    changed_at         TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    reason             TEXT NOT NULL DEFAULT ''
))sql"),
        QStringLiteral("CREATE INDEX adapter_stage_history_version ON "
                       "adapter_stage_history(adapter_version_id, changed_at)"),

        // A named evaluation: which split of which dataset version, which metrics (JSON list)
        // and the thresholds (JSON object metric -> value) that make a go / no-go verdict.
        QStringLiteral(R"sql(
CREATE TABLE eval_suites (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE RESTRICT,
    split              TEXT NOT NULL DEFAULT 'eval'
                       CHECK (split IN ('train', 'eval', 'general', 'unassigned', 'all')),
    metrics_json       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(metrics_json)),
    thresholds_json    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(thresholds_json)),
    created            TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    updated            TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(
))sql"),
        QStringLiteral("CREATE INDEX eval_suites_dataset_version ON eval_suites(dataset_version_id)"),

        // One evaluation of one adapter (NULL: the base model alone) on a suite.
        QStringLiteral(R"sql(
CREATE TABLE eval_runs (
    id                 INTEGER PRIMARY KEY,
    suite_id           INTEGER NOT NULL REFERENCES eval_suites(id) ON DELETE CASCADE,
    adapter_version_id INTEGER REFERENCES adapter_versions(id) ON DELETE CASCADE,
    base_model         TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'queued'
                       CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled',
                                         'interrupted')),
    verdict            TEXT NOT NULL DEFAULT 'pending' CHECK (verdict IN ('go', 'no_go', 'pending')),
    created            TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    started            TEXT,
    finished           TEXT,
    error              TEXT
))sql"),
        QStringLiteral("CREATE INDEX eval_runs_suite ON eval_runs(suite_id, adapter_version_id)"),
        QStringLiteral("CREATE INDEX eval_runs_adapter ON eval_runs(adapter_version_id)"),
        QStringLiteral(R"sql(
CREATE TRIGGER eval_runs_freeze_dataset_version AFTER INSERT ON eval_runs
BEGIN
    UPDATE dataset_versions SET frozen_at = )sql" TS_NOW R"sql(
    WHERE id = (SELECT dataset_version_id FROM eval_suites WHERE id = NEW.suite_id)
      AND frozen_at IS NULL;
END)sql"),

        // Aggregate metric values of an evaluation and whether each met its threshold.
        QStringLiteral(R"sql(
CREATE TABLE eval_metric_results (
    eval_run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    metric      TEXT NOT NULL CHECK (length(metric) > 0),
    value       REAL,
    threshold   REAL,
    passed      INTEGER CHECK (passed IS NULL OR passed IN (0, 1)),
    PRIMARY KEY (eval_run_id, metric)
) WITHOUT ROWID)sql"),

        // Per-example outputs of an evaluation, for side-by-side review.
        QStringLiteral(R"sql(
CREATE TABLE eval_example_results (
    eval_run_id  INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    example_id   INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    output_text  TEXT NOT NULL DEFAULT '',
    correct      INTEGER CHECK (correct IS NULL OR correct IN (0, 1)),
    score        REAL,
    details_json TEXT CHECK (details_json IS NULL OR json_valid(details_json)),
    PRIMARY KEY (eval_run_id, example_id)
) WITHOUT ROWID)sql"),
        QStringLiteral("CREATE INDEX eval_example_results_example ON eval_example_results(example_id)"),

        // Inputs and outputs logged by the deployed model, imported for review. A line of a log
        // file is imported once (unique source_file + line). adapter_version is the label the
        // log carried, not a key: logs may name adapters this project never registered.
        // example_id is the example made from an approved row.
        QStringLiteral(R"sql(
CREATE TABLE production_logs (
    id              INTEGER PRIMARY KEY,
    source_file     TEXT NOT NULL,
    line            INTEGER NOT NULL CHECK (line >= 1),
    input_text      TEXT NOT NULL,
    output_text     TEXT NOT NULL DEFAULT '',
    correction      TEXT,
    logged_at       TEXT,
    adapter_version TEXT,
    status          TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'queued', 'approved', 'rejected')),
    example_id      INTEGER REFERENCES examples(id) ON DELETE SET NULL,
    imported_at     TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    UNIQUE (source_file, line)
))sql"),
        QStringLiteral("CREATE INDEX production_logs_status ON production_logs(status, id)"),
        QStringLiteral("CREATE INDEX production_logs_example ON production_logs(example_id)"),
    };
}

// Version 2: bulk imports may skip the per-row full-text indexing. The insert and delete triggers
// of examples_fts stand down while fts_bulk_mode holds a row; the importer sets it inside its
// own batch transactions (never committed with the row in it) and indexes its new rows in one
// statement in its final transaction, so the index never lags behind a visible version.
// Indexing 5,000 rows per transaction through a trigger made FTS5 write and merge a segment per
// batch; one INSERT ... SELECT builds it in large segments. FTS5 also flushes its pending terms
// to a new segment whenever they pass 'hashsize' (1 MB by default); at 64 MB a bulk index is
// written in a few large segments, about half the CPU of the default (measured on 50,000 chat
// examples). The setting is stored in the index's config table, so every connection uses it;
// small transactions never hold that much pending data.
QStringList schemaVersion2() {
    return {
        QStringLiteral(
            "INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 67108864)"),
        QStringLiteral(R"sql(
CREATE TABLE fts_bulk_mode (
    active INTEGER PRIMARY KEY CHECK (active = 1)
))sql"),
        QStringLiteral("DROP TRIGGER examples_fts_insert"),
        QStringLiteral(R"sql(
CREATE TRIGGER examples_fts_insert AFTER INSERT ON examples
WHEN NOT EXISTS (SELECT 1 FROM fts_bulk_mode)
BEGIN
    INSERT INTO examples_fts(rowid, input_text, output_text)
    VALUES (NEW.id, NEW.input_text, NEW.output_text);
END)sql"),
        // Deleting rows that were never indexed must not send FTS5 a 'delete' for them (that
        // would corrupt the external-content index), so the delete trigger stands down too.
        QStringLiteral("DROP TRIGGER examples_fts_delete"),
        QStringLiteral(R"sql(
CREATE TRIGGER examples_fts_delete AFTER DELETE ON examples
WHEN NOT EXISTS (SELECT 1 FROM fts_bulk_mode)
BEGIN
    INSERT INTO examples_fts(examples_fts, rowid, input_text, output_text)
    VALUES ('delete', OLD.id, OLD.input_text, OLD.output_text);
END)sql"),
    };
}

// Version 3: prefix indexes for 1-, 2- and 3-character prefixes. The search box treats its last
// word as a prefix, so every keystroke of a new word is a short prefix query; without a prefix
// index FTS5 answers "a*" by merging the doclists of every term that starts with "a" (0.4-0.9 s
// on a million examples, and the search evaluates it more than once), with one it reads a single
// doclist (about 40 ms). Three lengths because on English-like text "th*" and "the*" (the, then,
// there, they...) are as costly to merge as "t*"; four-character prefixes stay fast without one.
// The cost is index size and indexing time: each length adds about one more entry per word
// (docs/benchmarks.md has the numbers). FTS5 fixes the option when the table is created, so the
// table is made again and rebuilt from examples in the same transaction. The triggers of
// migrations 1 and 2 live on examples and name examples_fts only in their bodies, so they stay
// and keep working; the hashsize of migration 2 lives in the dropped table's config and is set
// again before the rebuild (which it speeds up too).
QStringList schemaVersion3() {
    return {
        QStringLiteral("DROP TABLE examples_fts"),
        QStringLiteral(R"sql(
CREATE VIRTUAL TABLE examples_fts USING fts5(
    input_text, output_text,
    content = 'examples', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
))sql"),
        QStringLiteral(
            "INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 67108864)"),
        QStringLiteral("INSERT INTO examples_fts (examples_fts) VALUES ('rebuild')"),
        // The rebuild also indexed the rows of an import that was interrupted (they wait in a
        // journal for recoverInterruptedImports to delete them). Journals marked 'unindexed' make
        // that cleanup bypass the delete trigger, which would now leave their index entries
        // behind; dropping the mark lets the trigger remove them with the rows.
        QStringLiteral(R"sql(
UPDATE project_meta SET value = substr(value, 1, length(value) - length('|unindexed'))
WHERE key LIKE 'dataset_import.pending.%' AND value LIKE '%|unindexed')sql"),
    };
}

// Migration 4: two candidate answers for a preference pair that a model generated on demand (the
// annotation view's "Generate candidates"). They belong to the example, not to one annotator:
// everyone judges the same pair. A new pair supersedes the current one (history kept, as in
// annotations). A pick or an edit names the pair it was made on (annotations.candidates_id;
// NULL = the dataset's own pair), so a pick on an older pair is not shown as a pick on a new one.
// RESTRICT: a pair someone has judged cannot be deleted from under the judgement.
// Also the former names of labels (label_aliases): a rename or merge keeps the old name pointing
// at the label it now belongs to, so the dataset examples that carry the old name as text
// follow the label (a version made from the annotations writes the current name).
QStringList schemaVersion4() {
    return {
        QStringLiteral(R"sql(
CREATE TABLE label_aliases (
    name     TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0),
    label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE
) WITHOUT ROWID)sql"),
        QStringLiteral("CREATE INDEX label_aliases_label ON label_aliases(label_id)"),
        QStringLiteral(R"sql(
CREATE TABLE preference_candidates (
    id             INTEGER PRIMARY KEY,
    example_id     INTEGER NOT NULL REFERENCES examples(id) ON DELETE CASCADE,
    annotator_id   INTEGER REFERENCES annotators(id) ON DELETE SET NULL,
    first_text     TEXT NOT NULL,
    second_text    TEXT NOT NULL,
    model          TEXT NOT NULL CHECK (length(trim(model)) > 0),
    generator_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(generator_json)),
    created        TEXT NOT NULL DEFAULT )sql" TS_NOW R"sql(,
    superseded_by  INTEGER REFERENCES preference_candidates(id) ON DELETE SET NULL,
    CHECK (superseded_by IS NULL OR superseded_by <> id)
))sql"),
        QStringLiteral("CREATE INDEX preference_candidates_current ON "
                       "preference_candidates(example_id) WHERE superseded_by IS NULL"),
        QStringLiteral("CREATE INDEX preference_candidates_example ON "
                       "preference_candidates(example_id)"),
        QStringLiteral("CREATE INDEX preference_candidates_annotator ON "
                       "preference_candidates(annotator_id)"),
        QStringLiteral("CREATE INDEX preference_candidates_superseded_by ON "
                       "preference_candidates(superseded_by)"),
        QStringLiteral("ALTER TABLE annotations ADD COLUMN candidates_id INTEGER "
                       "REFERENCES preference_candidates(id) ON DELETE RESTRICT"),
        QStringLiteral("CREATE INDEX annotations_candidates ON annotations(candidates_id)"),
    };
}

// Examples without a token count (token_lengths.h): a partial index, so "how many are left" and
// the counting job's next batch read only the uncounted rows, not the whole table.
QStringList schemaVersion5() {
    return {QStringLiteral(
        "CREATE INDEX examples_uncounted ON examples(id) WHERE token_count IS NULL")};
}

#undef TS_NOW

// SQLite's own message ("no such table: x"); Qt's text() appends a generic driver line.
QString describe(const QSqlError& error) {
    QString text = error.databaseText().trimmed();
    if (text.isEmpty()) text = error.text().trimmed();
    return text.isEmpty() ? QStringLiteral("unknown SQLite error") : text;
}

// Runs one statement; on failure fills `error` and returns false.
bool exec(QSqlDatabase& db, const QString& sql, QString* error) {
    QSqlQuery query(db);
    if (query.exec(sql)) return true;
    if (error) *error = describe(query.lastError());
    return false;
}

bool readInt(QSqlDatabase& db, const QString& sql, int* value, QString* error) {
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        if (error) *error = describe(query.lastError());
        return false;
    }
    *value = query.value(0).toInt();
    return true;
}

// The numbers must run 1, 2, 3… so that user_version alone says which steps have run.
QString checkNumbering(const QList<Migration>& migrations) {
    for (int i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != i + 1) {
            return QStringLiteral("migration list is not numbered 1..%1 (entry %2 says %3)")
                .arg(migrations.size())
                .arg(i + 1)
                .arg(migrations[i].version);
        }
    }
    return {};
}

// One step in its own transaction: its statements, the history row, the version stamp and a
// foreign-key check. Any failure rolls the whole step back.
bool applyStep(QSqlDatabase& db, const Migration& step, bool stampApplicationId, QString* error) {
    QString why;
    if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), &why)) {
        *error = QStringLiteral("migration %1 (%2): cannot start a transaction: %3")
                     .arg(step.version).arg(step.name, why);
        return false;
    }
    auto fail = [&](const QString& where) {
        exec(db, QStringLiteral("ROLLBACK"), nullptr);
        *error = QStringLiteral("migration %1 (%2) %3: %4")
                     .arg(step.version).arg(step.name, where, why);
        return false;
    };

    if (!exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_history ("
                                 " version INTEGER PRIMARY KEY,"
                                 " name TEXT NOT NULL,"
                                 " applied_at TEXT NOT NULL)"), &why)) {
        return fail(QStringLiteral("creating schema_history"));
    }
    if (stampApplicationId &&
        !exec(db, QStringLiteral("PRAGMA application_id = %1").arg(kProjectApplicationId), &why)) {
        return fail(QStringLiteral("setting the application id"));
    }
    for (int i = 0; i < step.statements.size(); ++i) {
        if (!exec(db, step.statements[i], &why)) {
            return fail(QStringLiteral("statement %1 of %2").arg(i + 1).arg(step.statements.size()));
        }
    }
    {
        QSqlQuery record(db);
        record.prepare(QStringLiteral(
            "INSERT INTO schema_history (version, name, applied_at) "
            "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"));
        record.addBindValue(step.version);
        record.addBindValue(step.name);
        if (!record.exec()) {
            why = describe(record.lastError());
            return fail(QStringLiteral("recording schema_history"));
        }
    }
    if (!exec(db, QStringLiteral("PRAGMA user_version = %1").arg(step.version), &why)) {
        return fail(QStringLiteral("setting user_version"));
    }
    // Foreign keys are off while migrating (see migrate()), so check them before committing.
    {
        QSqlQuery check(db);
        if (!check.exec(QStringLiteral("PRAGMA foreign_key_check"))) {
            why = describe(check.lastError());
            return fail(QStringLiteral("checking foreign keys"));
        }
        if (check.next()) {
            why = QStringLiteral("row %1 of table %2 points at a missing row of %3")
                      .arg(check.value(1).toString(), check.value(0).toString(),
                           check.value(2).toString());
            return fail(QStringLiteral("leaves a broken foreign key"));
        }
    }
    if (!exec(db, QStringLiteral("COMMIT"), &why)) return fail(QStringLiteral("committing"));
    return true;
}

}  // namespace

const QList<Migration>& projectMigrations() {
    // Append new steps at the end; never edit a step that has shipped.
    static const QList<Migration> migrations = {
        {1, QStringLiteral("initial schema"), schemaVersion1()},
        {2, QStringLiteral("bulk import may defer full-text indexing"), schemaVersion2()},
        {3, QStringLiteral("full-text prefix indexes for 1-3 characters"), schemaVersion3()},
        {4, QStringLiteral("model-generated preference candidates; former label names"),
         schemaVersion4()},
        {5, QStringLiteral("index of examples without a token count"), schemaVersion5()},
    };
    return migrations;
}

int latestSchemaVersion(const QList<Migration>& migrations) {
    return migrations.isEmpty() ? 0 : migrations.last().version;
}

MigrationResult migrate(QSqlDatabase& db, const QList<Migration>& migrations) {
    MigrationResult result;
    const int latest = latestSchemaVersion(migrations);
    result.toVersion = latest;

    if (const QString bad = checkNumbering(migrations); !bad.isEmpty()) {
        result.error = bad;
        return result;
    }
    int current = 0;
    if (!readInt(db, QStringLiteral("PRAGMA user_version"), &current, &result.error)) {
        result.error = QStringLiteral("cannot read the schema version: %1").arg(result.error);
        return result;
    }
    result.fromVersion = current;
    if (current > latest) {
        result.status = SchemaStatus::NewerIncompatible;
        result.toVersion = current;
        result.error = QStringLiteral(
                           "created by a newer version of Tuning Studio (schema %1, this version "
                           "knows up to %2)")
                           .arg(current)
                           .arg(latest);
        return result;
    }
    if (current == latest) {
        result.status = SchemaStatus::Current;
        return result;
    }

    // A later step may rebuild a table (create new, copy, drop old, rename); with foreign keys
    // on, dropping the old table would cascade-delete child rows. SQLite's documented procedure
    // is to switch them off around the change and run foreign_key_check before each commit.
    int foreignKeysWereOn = 0;
    readInt(db, QStringLiteral("PRAGMA foreign_keys"), &foreignKeysWereOn, nullptr);
    exec(db, QStringLiteral("PRAGMA foreign_keys = OFF"), nullptr);

    int reached = current;
    bool ok = true;
    for (const Migration& step : migrations) {
        if (step.version <= current) continue;
        if (!applyStep(db, step, /*stampApplicationId=*/reached == 0, &result.error)) {
            ok = false;
            break;
        }
        reached = step.version;
    }
    if (foreignKeysWereOn) exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), nullptr);

    result.toVersion = reached;
    if (ok) result.status = current == 0 ? SchemaStatus::Created : SchemaStatus::Upgraded;
    return result;
}

}  // namespace ts
