// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Streaming readers for dataset files: JSON Lines and CSV (RFC 4180: quoted fields, doubled
// quotes, embedded newlines, CRLF). They hold one record in memory at a time, so a file of any
// size can be read. A bad record (malformed JSON, invalid UTF-8, a ragged CSV row, a record over
// the size limit) is reported with its line number and reason and reading goes on.
#include <QFile>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace ts {

enum class FileFormat { Jsonl, Csv };

QString fileFormatName(FileFormat format);
// By suffix (.jsonl/.ndjson/.json -> JSONL, .csv -> CSV), else by the first non-blank byte.
// Throws ts::Error naming the file when it cannot be opened.
FileFormat guessFileFormat(const QString& path);

// One record of the source, as a JSON object. CSV cells become string values under the header's
// names.
struct SourceRow {
    qint64 line = 0;  // 1-based line where the record starts
    QJsonObject fields;
};

struct LineIssue {
    qint64 line = 0;
    QString reason;  // a sentence: what is wrong with this record
};

enum class ReadStatus { Row, BadRecord, End };

struct ReaderLimits {
    qint64 maxRecordBytes = 16 * 1024 * 1024;  // a longer record is reported, not parsed
};

class RecordReader {
public:
    virtual ~RecordReader() = default;
    // Opens `path` (throws ts::Error naming it when it cannot be read; for CSV also when the
    // header is missing or not UTF-8).
    static std::unique_ptr<RecordReader> open(const QString& path, FileFormat format,
                                              const ReaderLimits& limits = {});

    // Reads the next record into `row` (Row), or describes a bad one in `issue` (BadRecord),
    // or returns End.
    virtual ReadStatus next(SourceRow& row, LineIssue& issue) = 0;

    qint64 bytesRead() const { return file_.pos(); }
    qint64 totalBytes() const { return file_.size(); }
    // CSV: the header's column names; JSONL: empty.
    const QStringList& columns() const { return columns_; }
    const QString& path() const { return path_; }

protected:
    RecordReader(const QString& path, const ReaderLimits& limits);
    QFile file_;
    QString path_;
    ReaderLimits limits_;
    QStringList columns_;
};

// Strict UTF-8 check (overlongs, surrogates and truncated sequences are errors); on success
// writes the decoded text.
bool decodeUtf8Strict(QByteArrayView bytes, QString* text);

}  // namespace ts
