// SPDX-License-Identifier: GPL-3.0-or-later
// The lazily fetched table of a dataset version: pages, search and split filters.
#include "dataset_test_support.h"

#include "app/datasets/dataset_importer.h"
#include "app/datasets/dataset_split.h"
#include "app/datasets/dataset_table_model.h"

using namespace ts;

using DatasetTableModelTest = test::ProjectFixture;

namespace {
QByteArray rows(int n) {
    QByteArray bytes;
    for (int i = 0; i < n; ++i)
        bytes += "{\"prompt\": \"question number" + QByteArray::number(i) +
                 (i % 100 == 0 ? " zebra" : "") + "\", \"completion\": \"answer\\nline two\"}\n";
    return bytes;
}
}  // namespace

TEST_F(DatasetTableModelTest, FetchesInPagesAndFilters) {
    ImportOptions o;
    o.datasetName = QStringLiteral("t");
    const ImportResult r =
        DatasetImporter(db()).importFile(writeFile(QStringLiteral("t.jsonl"), rows(1200)), o);
    DatasetTableModel model(db());
    model.setPageSize(500);
    model.setVersion(r.versionId);
    EXPECT_EQ(model.matchingCount(), 1200);
    EXPECT_EQ(model.rowCount(), 500);
    ASSERT_TRUE(model.canFetchMore());
    model.fetchMore();
    EXPECT_EQ(model.rowCount(), 1000);
    model.fetchMore();
    EXPECT_EQ(model.rowCount(), 1200);
    EXPECT_FALSE(model.canFetchMore());
    // Rows come in file order; cells show one line.
    EXPECT_EQ(model.data(model.index(1099, DatasetTableModel::InputColumn)).toString(),
              QStringLiteral("question number1099"));
    EXPECT_EQ(model.data(model.index(0, DatasetTableModel::OutputColumn)).toString(),
              QStringLiteral("answer") + QChar(0x21B5) + QStringLiteral("line two"));
    EXPECT_EQ(model.data(model.index(0, 0), DatasetTableModel::FullOutputRole).toString(),
              QStringLiteral("answer\nline two"));

    model.setSearchText(QStringLiteral("zeb"));  // prefix of the last word
    EXPECT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
    EXPECT_EQ(model.matchingCount(), 12);
    EXPECT_EQ(model.rowCount(), 12);
    model.setSearchText(QStringLiteral("\"unbalanced AND ("));  // taken literally, no error
    EXPECT_TRUE(model.lastError().isEmpty()) << model.lastError().toStdString();
    EXPECT_EQ(model.matchingCount(), 0);
    model.setSearchText({});

    DatasetRepository repo(db());
    SplitParams params;
    params.evalFraction = 0.25;
    const qint64 split = createSplitVersion(repo, r.versionId, params);
    model.setVersion(split);
    model.setSplitFilter(Split::Eval);
    EXPECT_EQ(model.matchingCount(), 300);
    while (model.canFetchMore()) model.fetchMore();
    EXPECT_EQ(model.rowCount(), 300);
    for (int row = 0; row < model.rowCount(); ++row)
        ASSERT_EQ(model.data(model.index(row, DatasetTableModel::SplitColumn)).toString(),
                  QStringLiteral("eval"));
}
