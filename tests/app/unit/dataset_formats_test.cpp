// SPDX-License-Identifier: GPL-3.0-or-later
// Format detection, streaming parsing and normalization of dataset files.
#include "app/datasets/column_mapping.h"
#include "app/datasets/record_reader.h"
#include "engine/core/error.h"

#include <QFile>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <vector>

using namespace ts;

namespace {

QString fixture(const char* name) {
    return QStringLiteral(TS_TEST_DATA_DIR "/datasets/") + QLatin1String(name);
}

struct ReadAll {
    std::vector<ExampleRecord> records;
    std::vector<LineIssue> issues;
};

// Reads a whole file through the detected (or given) mapping, as the importer does.
ReadAll readAll(const QString& path, std::optional<ColumnMapping> mapping = std::nullopt,
                MappingLimits limits = {}, ReaderLimits readerLimits = {}) {
    const DetectionResult detected = detectFile(path);
    const ColumnMapping used = mapping.value_or(detected.mapping);
    auto reader = RecordReader::open(path, detected.fileFormat, readerLimits);
    ReadAll out;
    SourceRow row;
    LineIssue issue;
    for (ReadStatus s; (s = reader->next(row, issue)) != ReadStatus::End;) {
        if (s == ReadStatus::BadRecord) {
            out.issues.push_back(issue);
            continue;
        }
        QString why;
        if (auto r = mapRecord(row, used, limits, &why))
            out.records.push_back(*r);
        else
            out.issues.push_back({row.line, why});
    }
    return out;
}

QString writeTemp(QTemporaryDir& dir, const char* name, const QByteArray& bytes) {
    const QString path = dir.filePath(QLatin1String(name));
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    return path;
}

}  // namespace

TEST(DatasetFormats, DetectsEveryFixtureFormat) {
    const std::vector<std::pair<const char*, SourceFormat>> cases{
        {"chat.jsonl", SourceFormat::ChatMessages},
        {"sharegpt.jsonl", SourceFormat::ShareGpt},
        {"prompt_completion.jsonl", SourceFormat::PromptCompletion},
        {"alpaca.jsonl", SourceFormat::Alpaca},
        {"classification.jsonl", SourceFormat::Classification},
        {"classification.csv", SourceFormat::Classification},
        {"preference.jsonl", SourceFormat::Preference},
        {"prompt_completion.csv", SourceFormat::PromptCompletion},
    };
    for (const auto& [name, format] : cases) {
        const DetectionResult d = detectFile(fixture(name));
        EXPECT_EQ(d.mapping.format, format) << name << " detected as "
                                            << sourceFormatName(d.mapping.format).toStdString();
        EXPECT_TRUE(d.mapping.validationError().isEmpty()) << name;
    }
    EXPECT_EQ(detectFile(fixture("classification.csv")).fileFormat, FileFormat::Csv);
    EXPECT_EQ(detectFile(fixture("chat.jsonl")).fileFormat, FileFormat::Jsonl);
}

TEST(DatasetFormats, ChatBadLinesAreReportedWithLineNumbers) {
    const ReadAll all = readAll(fixture("chat.jsonl"));
    ASSERT_EQ(all.records.size(), 3u);
    EXPECT_EQ(all.records[0].sourceLine, 1);
    EXPECT_EQ(all.records[1].sourceLine, 2);
    EXPECT_EQ(all.records[2].sourceLine, 7);  // blank line 6 skipped silently
    ASSERT_EQ(all.issues.size(), 3u);
    EXPECT_EQ(all.issues[0].line, 3);
    EXPECT_TRUE(all.issues[0].reason.contains(QLatin1String("malformed JSON")))
        << all.issues[0].reason.toStdString();
    EXPECT_EQ(all.issues[1].line, 4);
    EXPECT_TRUE(all.issues[1].reason.contains(QLatin1String("UTF-8")));
    EXPECT_EQ(all.issues[2].line, 5);
    EXPECT_TRUE(all.issues[2].reason.contains(QLatin1String("assistant")));
}

TEST(DatasetFormats, ChatIsNormalized) {
    const ReadAll all = readAll(fixture("chat.jsonl"));
    ASSERT_EQ(all.records.size(), 3u);
    const ExampleRecord& first = all.records[0];
    EXPECT_EQ(first.kind, ExampleKind::Chat);
    EXPECT_EQ(first.systemPrompt, QStringLiteral("You are terse."));
    ASSERT_EQ(first.messages.size(), 3);
    EXPECT_EQ(first.inputText, QStringLiteral("What is 2+2?"));
    EXPECT_EQ(first.outputText, QStringLiteral("4"));
    // Multi-turn: the input is every turn before the last assistant message.
    EXPECT_EQ(all.records[1].inputText,
              QStringLiteral("Capital of France?\n\nParis\n\nAnd of Italy?"));
    EXPECT_EQ(all.records[1].outputText, QStringLiteral("Rome"));
    EXPECT_EQ(all.records[2].outputText, QString::fromUtf8("Grüße"));
}

TEST(DatasetFormats, ShareGptRolesAreMapped) {
    const ReadAll all = readAll(fixture("sharegpt.jsonl"));
    ASSERT_EQ(all.records.size(), 2u);
    const auto& m = all.records[0].messages;
    ASSERT_EQ(m.size(), 3);
    EXPECT_EQ(m[0].role, QStringLiteral("system"));
    EXPECT_EQ(m[1].role, QStringLiteral("user"));
    EXPECT_EQ(m[2].role, QStringLiteral("assistant"));
    EXPECT_EQ(all.records[0].systemPrompt, QStringLiteral("Be kind."));
    EXPECT_EQ(all.records[1].outputText, QStringLiteral("Blue"));
}

TEST(DatasetFormats, PromptCompletionMissingFieldIsReported) {
    const ReadAll all = readAll(fixture("prompt_completion.jsonl"));
    ASSERT_EQ(all.records.size(), 3u);
    ASSERT_EQ(all.issues.size(), 1u);
    EXPECT_EQ(all.issues[0].line, 3);
    EXPECT_TRUE(all.issues[0].reason.contains(QLatin1String("'completion' is missing")))
        << all.issues[0].reason.toStdString();
    EXPECT_EQ(all.records[2].completion, QStringLiteral("oiseau"));
}

TEST(DatasetFormats, AlpacaJoinsInstructionAndInput) {
    const ReadAll all = readAll(fixture("alpaca.jsonl"));
    ASSERT_EQ(all.records.size(), 2u);
    EXPECT_EQ(all.records[0].kind, ExampleKind::PromptCompletion);
    EXPECT_EQ(all.records[0].prompt, QStringLiteral("Summarize the text.\n\nThe quick brown fox "
                                                    "jumps over the lazy dog."));
    EXPECT_EQ(all.records[1].prompt, QStringLiteral("List three primes."));  // empty input
    EXPECT_EQ(all.records[1].completion, QStringLiteral("2, 3, 5"));
}

TEST(DatasetFormats, ClassificationNumericLabelBecomesText) {
    const ReadAll all = readAll(fixture("classification.jsonl"));
    ASSERT_EQ(all.records.size(), 3u);
    EXPECT_EQ(all.records[2].label, QStringLiteral("3"));
    EXPECT_EQ(all.records[0].inputText, QStringLiteral("I love this product"));
    EXPECT_EQ(all.records[0].outputText, QStringLiteral("positive"));
}

TEST(DatasetFormats, PreferencePromptAsTextOrMessages) {
    const ReadAll all = readAll(fixture("preference.jsonl"));
    ASSERT_EQ(all.records.size(), 2u);
    EXPECT_EQ(all.records[0].kind, ExampleKind::Preference);
    EXPECT_EQ(all.records[0].prompt, QStringLiteral("Write a haiku about rain"));
    EXPECT_TRUE(all.records[0].messages.isEmpty());
    EXPECT_EQ(all.records[1].messages.size(), 2);
    EXPECT_EQ(all.records[1].systemPrompt, QStringLiteral("Be brief."));
    EXPECT_EQ(all.records[1].prompt, QStringLiteral("Say hi"));
    EXPECT_EQ(all.records[1].chosen, QStringLiteral("Hi!"));
    EXPECT_TRUE(all.records[1].rejected.startsWith(QLatin1String("Greetings")));
}

TEST(DatasetFormats, CsvQuotingEmbeddedNewlinesAndRaggedRows) {
    const ReadAll all = readAll(fixture("classification.csv"));
    ASSERT_EQ(all.records.size(), 4u);
    EXPECT_EQ(all.records[0].text, QStringLiteral("great movie"));
    EXPECT_EQ(all.records[0].sourceLine, 2);
    EXPECT_EQ(all.records[1].text, QStringLiteral("slow, but worth it"));
    EXPECT_EQ(all.records[2].text, QStringLiteral("first line\r\nsecond line"));
    EXPECT_EQ(all.records[2].sourceLine, 4);
    EXPECT_EQ(all.records[3].text, QStringLiteral("she said \"awful\""));
    EXPECT_EQ(all.records[3].sourceLine, 7);  // the embedded newline counted as a line
    ASSERT_EQ(all.issues.size(), 1u);
    EXPECT_EQ(all.issues[0].line, 6);
    EXPECT_TRUE(all.issues[0].reason.contains(QLatin1String("3 fields, the header has 2")))
        << all.issues[0].reason.toStdString();
}

TEST(DatasetFormats, CsvBomAndUnclosedQuote) {
    auto reader = RecordReader::open(fixture("prompt_completion.csv"), FileFormat::Csv);
    EXPECT_EQ(reader->columns(), (QStringList{QStringLiteral("prompt"),
                                              QStringLiteral("completion")}));
    const ReadAll all = readAll(fixture("prompt_completion.csv"));
    ASSERT_EQ(all.records.size(), 1u);
    EXPECT_EQ(all.records[0].completion, QStringLiteral("World"));
    ASSERT_EQ(all.issues.size(), 1u);
    EXPECT_EQ(all.issues[0].line, 3);
    EXPECT_TRUE(all.issues[0].reason.contains(QLatin1String("not closed")));
}

TEST(DatasetFormats, MappingOverrideReadsOtherFields) {
    QTemporaryDir dir;
    const QString path = writeTemp(dir, "custom.jsonl",
                                   "{\"q\": \"why?\", \"a\": \"because\", \"sys\": \"be nice\"}\n");
    EXPECT_EQ(detectFile(path).mapping.format, SourceFormat::Unknown);
    ColumnMapping m;
    m.format = SourceFormat::PromptCompletion;
    m.prompt = QStringLiteral("q");
    EXPECT_FALSE(m.validationError().isEmpty());  // completion not chosen yet
    m.completion = QStringLiteral("a");
    m.system = QStringLiteral("sys");
    const ReadAll all = readAll(path, m);
    ASSERT_EQ(all.records.size(), 1u);
    EXPECT_EQ(all.records[0].prompt, QStringLiteral("why?"));
    EXPECT_EQ(all.records[0].completion, QStringLiteral("because"));
    EXPECT_EQ(all.records[0].systemPrompt, QStringLiteral("be nice"));
}

TEST(DatasetFormats, FieldAndRecordSizeLimits) {
    QTemporaryDir dir;
    const QByteArray longText(300, 'x');
    const QString path = writeTemp(
        dir, "long.jsonl",
        "{\"text\": \"short\", \"label\": \"a\"}\n{\"text\": \"" + longText +
            "\", \"label\": \"b\"}\n{\"text\": \"" + QByteArray(5000, 'y') +
            "\", \"label\": \"c\"}\n{\"text\": \"end\", \"label\": \"d\"}\n");
    MappingLimits limits;
    limits.maxFieldChars = 100;
    ReaderLimits readerLimits;
    readerLimits.maxRecordBytes = 1000;
    const ReadAll all = readAll(path, std::nullopt, limits, readerLimits);
    ASSERT_EQ(all.records.size(), 2u);
    EXPECT_EQ(all.records[1].text, QStringLiteral("end"));
    ASSERT_EQ(all.issues.size(), 2u);
    EXPECT_EQ(all.issues[0].line, 2);
    EXPECT_TRUE(all.issues[0].reason.contains(QLatin1String("300 characters")))
        << all.issues[0].reason.toStdString();
    EXPECT_EQ(all.issues[1].line, 3);
    EXPECT_TRUE(all.issues[1].reason.contains(QLatin1String("over the limit of 1000 bytes")))
        << all.issues[1].reason.toStdString();
}

TEST(DatasetFormats, StrictUtf8) {
    QString text;
    EXPECT_TRUE(decodeUtf8Strict("caf\xc3\xa9", &text));
    EXPECT_EQ(text, QString::fromUtf8("café"));
    EXPECT_FALSE(decodeUtf8Strict("caf\xe9", nullptr));          // Latin-1 byte
    EXPECT_FALSE(decodeUtf8Strict("\xc0\xaf", nullptr));         // overlong '/'
    EXPECT_FALSE(decodeUtf8Strict("\xed\xa0\x80", nullptr));     // surrogate
    EXPECT_FALSE(decodeUtf8Strict("ok\xe2\x82", nullptr));       // truncated
}

TEST(DatasetFormats, MissingFileIsAnErrorNamingIt) {
    try {
        RecordReader::open(QStringLiteral("/nonexistent/file.jsonl"), FileFormat::Jsonl);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), "/nonexistent/file.jsonl");
    }
}

TEST(DatasetFormats, ContentHashSeparatesFields) {
    ExampleRecord a, b;
    a.kind = b.kind = ExampleKind::PromptCompletion;
    a.prompt = QStringLiteral("ab");
    a.completion = QStringLiteral("c");
    b.prompt = QStringLiteral("a");
    b.completion = QStringLiteral("bc");
    EXPECT_NE(a.contentHash(), b.contentHash());
    b.prompt = QStringLiteral("ab");
    b.completion = QStringLiteral("c");
    EXPECT_EQ(a.contentHash(), b.contentHash());
    EXPECT_EQ(normalizedContentKey(QStringLiteral("Hello   World"), QStringLiteral("X")),
              normalizedContentKey(QStringLiteral(" hello world\n"), QStringLiteral("x")));
}
