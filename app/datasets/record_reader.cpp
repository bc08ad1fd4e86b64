// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/datasets/record_reader.h"

#include "engine/core/error.h"

#include <QFileInfo>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

namespace ts {

QString fileFormatName(FileFormat format) {
    return format == FileFormat::Csv ? QStringLiteral("csv") : QStringLiteral("jsonl");
}

FileFormat guessFileFormat(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) return FileFormat::Csv;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson") ||
        suffix == QLatin1String("json"))
        return FileFormat::Jsonl;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error("cannot open dataset file: " + file.errorString().toStdString(),
                    path.toStdString());
    const QByteArray head = file.read(4096).trimmed();
    return head.startsWith('{') || head.startsWith("\xEF\xBB\xBF{") ? FileFormat::Jsonl
                                                                    : FileFormat::Csv;
}

bool decodeUtf8Strict(QByteArrayView bytes, QString* text) {
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString decoded = decoder.decode(bytes);
    if (decoder.hasError()) return false;
    if (text) *text = std::move(decoded);
    return true;
}

RecordReader::RecordReader(const QString& path, const ReaderLimits& limits)
    : file_(path), path_(path), limits_(limits) {
    if (!file_.open(QIODevice::ReadOnly))
        throw Error("cannot open dataset file: " + file_.errorString().toStdString(),
                    path.toStdString());
}

namespace {

constexpr QByteArrayView kUtf8Bom("\xEF\xBB\xBF", 3);

class JsonlReader final : public RecordReader {
public:
    JsonlReader(const QString& path, const ReaderLimits& limits) : RecordReader(path, limits) {}

    ReadStatus next(SourceRow& row, LineIssue& issue) override {
        for (;;) {
            if (file_.atEnd()) return ReadStatus::End;
            ++line_;
            // Read in pieces through one reusable buffer: a runaway line (a binary file, a
            // missing newline) is skipped without being loaded whole, and no per-line buffer of
            // the maximum size is allocated.
            QByteArray& bytes = line_buffer_;
            bytes.clear();
            qint64 lineBytes = 0;
            bool tooLong = false;
            if (chunk_.isEmpty()) chunk_.resize(1 << 16);
            for (;;) {
                const qint64 n = file_.readLine(chunk_.data(), chunk_.size());
                if (n <= 0) break;
                lineBytes += n;
                if (!tooLong && lineBytes <= limits_.maxRecordBytes + 2)
                    bytes.append(chunk_.constData(), n);
                else
                    tooLong = true;
                if (chunk_[n - 1] == '\n') break;
            }
            if (tooLong) {
                issue = {line_, QCoreApplication::translate("RecordReader", "line is %1 bytes, over the limit of %2 bytes")
                                    .arg(lineBytes)
                                    .arg(limits_.maxRecordBytes)};
                bytes.clear();
                return ReadStatus::BadRecord;
            }
            if (line_ == 1 && bytes.startsWith(kUtf8Bom)) bytes.remove(0, kUtf8Bom.size());
            while (!bytes.isEmpty() && (bytes.back() == '\n' || bytes.back() == '\r'))
                bytes.chop(1);
            if (bytes.trimmed().isEmpty()) continue;  // blank lines carry no record
            if (bytes.size() > limits_.maxRecordBytes) {
                issue = {line_, QCoreApplication::translate("RecordReader", "line is %1 bytes, over the limit of %2 bytes")
                                    .arg(bytes.size())
                                    .arg(limits_.maxRecordBytes)};
                return ReadStatus::BadRecord;
            }
            // QJsonDocument replaces invalid UTF-8 silently; check first so it is reported.
            if (!decodeUtf8Strict(bytes, nullptr)) {
                issue = {line_, QCoreApplication::translate("RecordReader", "line is not valid UTF-8")};
                return ReadStatus::BadRecord;
            }
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
            if (error.error != QJsonParseError::NoError) {
                issue = {line_, QCoreApplication::translate("RecordReader", "malformed JSON at byte %1: %2")
                                    .arg(error.offset + 1)
                                    .arg(error.errorString())};
                return ReadStatus::BadRecord;
            }
            if (!doc.isObject()) {
                issue = {line_, QCoreApplication::translate("RecordReader", "line is JSON but not an object")};
                return ReadStatus::BadRecord;
            }
            row.line = line_;
            row.fields = doc.object();
            return ReadStatus::Row;
        }
    }

private:
    qint64 line_ = 0;
    QByteArray chunk_, line_buffer_;
};

// RFC 4180 with the usual leniencies: a quote inside an unquoted field, or text after a closing
// quote, is kept literally rather than failing the row.
class CsvReader final : public RecordReader {
public:
    CsvReader(const QString& path, const ReaderLimits& limits) : RecordReader(path, limits) {
        std::vector<QByteArray> header;
        LineIssue issue;
        bool ok = false;
        qint64 startLine = 0;
        while (readRecord(header, startLine, issue, ok)) {
            if (!ok)
                throw Error("CSV header is unreadable: " + issue.reason.toStdString(),
                            path.toStdString(), {}, issue.line);
            if (header.size() == 1 && header[0].isEmpty()) continue;  // leading blank lines
            for (qsizetype i = 0; i < qsizetype(header.size()); ++i) {
                QByteArray name = header[size_t(i)];
                if (i == 0 && name.startsWith(kUtf8Bom)) name.remove(0, kUtf8Bom.size());
                QString decoded;
                if (!decodeUtf8Strict(name, &decoded))
                    throw Error("CSV header is not valid UTF-8", path.toStdString(),
                                "column " + std::to_string(i + 1), startLine);
                decoded = decoded.trimmed();
                if (decoded.isEmpty()) decoded = QStringLiteral("column%1").arg(i + 1);
                if (columns_.contains(decoded))
                    throw Error("CSV header names column '" + decoded.toStdString() + "' twice",
                                path.toStdString(), {}, startLine);
                columns_ << decoded;
            }
            return;
        }
        throw Error("CSV file has no header row", path.toStdString());
    }

    ReadStatus next(SourceRow& row, LineIssue& issue) override {
        std::vector<QByteArray> cells;
        for (;;) {
            bool ok = false;
            qint64 startLine = 0;
            if (!readRecord(cells, startLine, issue, ok)) return ReadStatus::End;
            if (!ok) return ReadStatus::BadRecord;
            if (cells.size() == 1 && cells[0].isEmpty()) continue;  // blank line
            if (qsizetype(cells.size()) != columns_.size()) {
                issue = {startLine, QCoreApplication::translate("RecordReader", "row has %1 fields, the header has %2")
                                        .arg(cells.size())
                                        .arg(columns_.size())};
                return ReadStatus::BadRecord;
            }
            QJsonObject object;
            for (size_t i = 0; i < cells.size(); ++i) {
                QString value;
                if (!decodeUtf8Strict(cells[i], &value)) {
                    issue = {startLine, QCoreApplication::translate("RecordReader", "field '%1' is not valid UTF-8")
                                            .arg(columns_[qsizetype(i)])};
                    return ReadStatus::BadRecord;
                }
                object.insert(columns_[qsizetype(i)], value);
            }
            row.line = startLine;
            row.fields = std::move(object);
            return ReadStatus::Row;
        }
    }

private:
    // Next byte, refilling the buffer from the file; -1 at end.
    int getByte() {
        if (pos_ >= buffer_.size()) {
            buffer_ = file_.read(1 << 16);
            pos_ = 0;
            if (buffer_.isEmpty()) return -1;
        }
        return static_cast<unsigned char>(buffer_[pos_++]);
    }
    int peekByte() {
        const int c = getByte();
        if (c >= 0) --pos_;
        return c;
    }

    // One record into `cells`. Returns false at end of file (nothing read). `ok` false means
    // the record was bad (reason in `issue`); its bytes have been consumed either way.
    bool readRecord(std::vector<QByteArray>& cells, qint64& startLine, LineIssue& issue,
                    bool& ok) {
        cells.clear();
        int c = getByte();
        if (c < 0) return false;
        startLine = line_;
        QByteArray cell;
        bool inQuotes = false;
        bool quotedField = false;
        qint64 recordBytes = 0;
        bool tooLong = false;
        for (;; c = getByte()) {
            if (c < 0) {
                if (inQuotes) {
                    issue = {startLine, QStringLiteral("quoted field is not closed before the "
                                                       "end of the file")};
                    ok = false;
                    return true;
                }
                break;
            }
            if (++recordBytes > limits_.maxRecordBytes && !tooLong) {
                tooLong = true;
                cell.clear();
            }
            if (inQuotes) {
                if (c == '"') {
                    if (peekByte() == '"') {
                        getByte();
                        if (!tooLong) cell.append('"');
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n') ++line_;
                    if (!tooLong) cell.append(char(c));
                }
                continue;
            }
            if (c == ',') {
                cells.push_back(std::move(cell));
                cell = QByteArray();
                quotedField = false;
            } else if (c == '\n') {
                ++line_;
                break;
            } else if (c == '\r') {
                if (peekByte() == '\n') continue;  // CRLF: the \n ends the record
                ++line_;  // a lone CR ends a line too (old Mac files)
                break;
            } else if (c == '"' && cell.isEmpty() && !quotedField) {
                inQuotes = true;
                quotedField = true;
            } else if (!tooLong) {
                cell.append(char(c));
            }
        }
        cells.push_back(std::move(cell));
        if (tooLong) {
            issue = {startLine, QCoreApplication::translate("RecordReader", "record is %1 bytes, over the limit of %2 bytes")
                                    .arg(recordBytes)
                                    .arg(limits_.maxRecordBytes)};
            ok = false;
            return true;
        }
        ok = true;
        return true;
    }

    QByteArray buffer_;
    qsizetype pos_ = 0;
    qint64 line_ = 1;
};

}  // namespace

std::unique_ptr<RecordReader> RecordReader::open(const QString& path, FileFormat format,
                                                 const ReaderLimits& limits) {
    if (format == FileFormat::Csv) return std::make_unique<CsvReader>(path, limits);
    return std::make_unique<JsonlReader>(path, limits);
}

}  // namespace ts
