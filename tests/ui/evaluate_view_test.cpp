// SPDX-License-Identifier: GPL-3.0-or-later
// The Evaluate & Compare page on a real project (two adapter versions, their training runs and
// completed evaluations of base, v1 and v2 stored through the repositories): the compare table's
// values and deltas, the verdict row naming failing metrics, the regressions filter showing
// exactly the regressed example ids, label and tag filters, promote and roll back through the
// buttons (confirm hook, no modal dialog) with the stage history, the suite editor's validation,
// the adapter folder export, the GGUF LoRA export of a small adapter written here byte by byte
// (read back with the engine's GGUF reader), and (on request) the screenshot of the compare view
// for the docs.
#include "ui/charts/qcustomplot_include.h"  // first: needs Qt's foreach

#include "../app/unit/eval_compare_support.h"
#include "app/adapters/adapter_registry.h"
#include "app/eval/eval_suite.h"
#include "app/store/project_store.h"
#include "ui/eval/compare_panel.h"
#include "ui/eval/evaluate_view.h"
#include "ui/eval/example_compare_model.h"
#include "ui/eval/suites_panel.h"
#include "ui/eval/versions_panel.h"
#include "ui/pages/evaluate_page.h"
#include "engine/formats/gguf.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtEndian>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QtCore/qfloat16.h>

#include <cstring>
#include <map>
#include <vector>

using namespace ts;

namespace {

QList<qint64> expectedRegressions(const test::CompareProject& p, int reference, int later) {
    QList<qint64> ids;
    for (std::size_t i = 0; i < test::kCorrect.size(); ++i)
        if (test::kCorrect[i][std::size_t(reference)] && !test::kCorrect[i][std::size_t(later)])
            ids << p.exampleIds[int(i)];
    return ids;
}

int rowOf(QTableWidget* table, const QString& firstColumn) {
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0) && table->item(r, 0)->text() == firstColumn) return r;
    return -1;
}


// A llama-shaped base small enough to write by hand: 2 layers, 4 query heads and 2 key/value
// heads of dimension 4, so q_proj gives 16 rows and v_proj 8.
constexpr int kHidden = 16, kHeads = 4, kKvHeads = 2, kHeadDim = 4, kLayers = 2, kRank = 2;
constexpr double kAlpha = 8.0;

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(file.write(bytes), bytes.size());
}

void writeTinyBaseConfig(const QString& folder) {
    QDir().mkpath(folder);
    const QJsonObject config{{QStringLiteral("architectures"), QJsonArray{QStringLiteral("LlamaForCausalLM")}},
                             {QStringLiteral("model_type"), QStringLiteral("llama")},
                             {QStringLiteral("hidden_size"), kHidden},
                             {QStringLiteral("intermediate_size"), 24},
                             {QStringLiteral("num_hidden_layers"), kLayers},
                             {QStringLiteral("num_attention_heads"), kHeads},
                             {QStringLiteral("num_key_value_heads"), kKvHeads},
                             {QStringLiteral("head_dim"), kHeadDim},
                             {QStringLiteral("rms_norm_eps"), 1e-5},
                             {QStringLiteral("vocab_size"), 64},
                             {QStringLiteral("max_position_embeddings"), 128}};
    writeFile(folder + QStringLiteral("/config.json"), QJsonDocument(config).toJson());
}

struct HandTensor {
    QList<int> shape;  // torch order: [rows, columns]
    std::vector<float> values;
};

// Multiples of 1/8 in [-1.375, 1.375]: exact in float16, so both export types can be compared
// exactly; `salt` makes every tensor different.
HandTensor handTensor(int rows, int columns, int salt) {
    HandTensor t{{rows, columns}, {}};
    for (int k = 0; k < rows * columns; ++k) t.values.push_back(float((k * 7 + salt * 5) % 23 - 11) / 8.0f);
    return t;
}

// safetensors as the format describes it: u64 little-endian header length, the JSON header padded
// with spaces to a multiple of 8, then the float32 little-endian data in header order.
void writeSafetensorsByHand(const QString& path, const std::map<QString, HandTensor>& tensors) {
    QJsonObject header{{QStringLiteral("__metadata__"), QJsonObject{{QStringLiteral("format"), QStringLiteral("pt")}}}};
    QByteArray data;
    for (const auto& [name, t] : tensors) {
        const qint64 begin = data.size();
        for (float v : t.values) {
            quint32 bits;
            std::memcpy(&bits, &v, sizeof bits);
            bits = qToLittleEndian(bits);
            data.append(reinterpret_cast<const char*>(&bits), sizeof bits);
        }
        header.insert(name, QJsonObject{{QStringLiteral("dtype"), QStringLiteral("F32")},
                                        {QStringLiteral("shape"), QJsonArray{t.shape[0], t.shape[1]}},
                                        {QStringLiteral("data_offsets"), QJsonArray{begin, qint64(data.size())}}});
    }
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (json.size() % 8 != 0) json.append(' ');
    const quint64 length = qToLittleEndian(quint64(json.size()));
    writeFile(path, QByteArray(reinterpret_cast<const char*>(&length), sizeof length) + json + data);
}

QString peftName(int layer, const QString& module, char matrix) {
    return QStringLiteral("base_model.model.model.layers.%1.self_attn.%2.lora_%3.weight")
        .arg(layer)
        .arg(module)
        .arg(QLatin1Char(matrix));
}

// A tensor of a GGUF file as float (F16 or F32), in stored order.
std::vector<float> ggufValues(const GgufFile& file, const std::string& name) {
    const GgufTensorInfo& info = file.tensor(name);
    std::vector<float> out(info.elementCount);
    const std::uint8_t* bytes = file.tensorData(info);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (info.type == GgmlType::F16) {
            quint16 bits;
            std::memcpy(&bits, bytes + 2 * i, 2);
            bits = qFromLittleEndian(bits);
            qFloatFromFloat16(&out[i], reinterpret_cast<const qfloat16*>(&bits), 1);
        } else {
            quint32 bits;
            std::memcpy(&bits, bytes + 4 * i, 4);
            bits = qFromLittleEndian(bits);
            std::memcpy(&out[i], &bits, 4);
        }
    }
    return out;
}

}  // namespace

class EvaluateViewTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    ProjectStore store_;
    test::CompareProject project_;
    QStringList confirmations_;
    bool answer_ = true;
    QStringList errors_;
    QString exportDir_;
    QString saveFile_;
    QStringList suggestedFiles_;

    ui::EvalUiHooks hooks() {
        ui::EvalUiHooks h;
        h.confirm = [this](QWidget*, const QString& title, const QString&) {
            confirmations_ << title;
            return answer_;
        };
        h.chooseDirectory = [this](QWidget*, const QString&) { return exportDir_; };
        h.chooseSaveFile = [this](QWidget*, const QString&, const QString& suggested, const QString&) {
            suggestedFiles_ << suggested;
            return saveFile_;
        };
        h.showError = [this](QWidget*, const QString&, const QString& message) { errors_ << message; };
        return h;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY(store_.open(dir_.filePath(QStringLiteral("triage.tsproj")), OpenMode::CreateNew).ok);
        project_ = test::buildCompareProject(store_, dir_.filePath(QStringLiteral("adapters")));
    }

    void compareTableDeltasAndVerdicts() {
        ui::EvaluatePage page;
        page.view()->setHooks(hooks());
        page.setProject(&store_);
        ui::ComparePanel* compare = page.view()->compare();
        compare->selectSubjects(project_.suiteId, {0, project_.v1, project_.v2});
        QTableWidget* table = compare->metricsTable();
        QCOMPARE(table->columnCount(), 5);  // metric, threshold, base, v1, v2
        QCOMPARE(table->horizontalHeaderItem(3)->text(), QStringLiteral("triage-v1"));
        const int accuracy = rowOf(table, QStringLiteral("accuracy"));
        QVERIFY(accuracy >= 0);
        QCOMPARE(table->item(accuracy, 1)->text(), QStringLiteral("≥ 0.6"));
        for (int col = 0; col < 3; ++col)
            QCOMPARE(table->item(accuracy, 2 + col)->data(Qt::UserRole).toDouble(), test::accuracyOf(col));
        QVERIFY(!table->item(accuracy, 2)->data(Qt::UserRole + 1).isValid());  // the reference has no delta
        QVERIFY(qAbs(table->item(accuracy, 3)->data(Qt::UserRole + 1).toDouble() -
                     (test::accuracyOf(1) - test::accuracyOf(0))) < 1e-12);
        const double accuracyDelta = test::accuracyOf(1) - test::accuracyOf(0);
        QVERIFY(accuracyDelta > 0);
        QVERIFY2(table->item(accuracy, 3)->text().endsWith(QStringLiteral("(+%1)").arg(accuracyDelta, 0, 'f', 3)),
                 qPrintable(table->item(accuracy, 3)->text()));
        const int perplexity = rowOf(table, QStringLiteral("perplexity"));
        QVERIFY(qAbs(table->item(perplexity, 4)->data(Qt::UserRole + 1).toDouble() -
                     (test::kPerplexity[2] - test::kPerplexity[0])) < 1e-12);
        // Higher perplexity is worse: red; lower accuracy at v1 vs base would be red too.
        QCOMPARE(table->item(perplexity, 4)->foreground().color(), QColor(0xc6, 0x28, 0x28));
        QCOMPARE(table->item(perplexity, 3)->foreground().color(), QColor(0x1b, 0x7f, 0x3b));
        const int verdict = rowOf(table, QStringLiteral("Verdict"));
        QCOMPARE(table->item(verdict, 2)->text(), QStringLiteral("NO-GO: accuracy"));
        QCOMPARE(table->item(verdict, 3)->text(), QStringLiteral("GO"));
        QCOMPARE(table->item(verdict, 4)->text(), QStringLiteral("NO-GO: perplexity"));
        // Loss curves of the two trained versions (loss + eval_loss each); the base has none.
        QCOMPARE(compare->lossPlot()->graphCount(), 4);
        QCOMPARE(compare->lossPlot()->graph(0)->dataCount(), 120);
    }

    void regressionsAndFilters() {
        ui::EvaluatePage page;
        page.setProject(&store_);
        ui::ComparePanel* compare = page.view()->compare();
        compare->selectSubjects(project_.suiteId, {project_.v1, project_.v2});
        QCOMPARE(compare->examplesProxy()->rowCount(), int(test::kTickets.size()));
        compare->regressionsOnlyBox()->setChecked(true);
        const QList<qint64> ids = project_.exampleIds;
        QCOMPARE(compare->examplesProxy()->visibleExampleIds(), (QList<qint64>{ids[1], ids[5]}));
        QCOMPARE(compare->examplesProxy()->visibleExampleIds(), expectedRegressions(project_, 1, 2));
        // The status column names where it regressed.
        const QModelIndex status = compare->examplesProxy()->index(
            0, static_cast<ui::ExampleCompareModel*>(compare->examplesProxy()->sourceModel())->statusColumn());
        QCOMPARE(status.data().toString(), QStringLiteral("REGRESSION in triage-v2"));

        // Base, v1, v2: regressions against the base.
        compare->selectSubjects(project_.suiteId, {0, project_.v1, project_.v2});
        QVERIFY(compare->regressionsOnlyBox()->isChecked());
        QCOMPARE(compare->examplesProxy()->visibleExampleIds(), (QList<qint64>{ids[1], ids[2], ids[5], ids[7]}));
        // Label filter: the regressions among 'account' tickets, derived from the table.
        QComboBox* label = compare->labelFilter();
        label->setCurrentIndex(label->findData(QStringLiteral("account")));
        QList<qint64> accountRegressions;
        for (qint64 id : expectedRegressions(project_, 0, 1) + expectedRegressions(project_, 0, 2)) {
            const int i = int(ids.indexOf(id));
            if (QString::fromUtf8(test::kTickets[std::size_t(i)].label) == QStringLiteral("account") &&
                !accountRegressions.contains(id))
                accountRegressions << id;
        }
        std::sort(accountRegressions.begin(), accountRegressions.end());
        QCOMPARE(compare->examplesProxy()->visibleExampleIds(), accountRegressions);
        QCOMPARE(accountRegressions, (QList<qint64>{ids[2], ids[5], ids[7]}));
        // Tag filter on top: account + vip regressions = ticket 8 (index 7) only.
        QComboBox* tag = compare->tagFilter();
        tag->setCurrentIndex(tag->findData(QStringLiteral("vip")));
        QCOMPARE(compare->examplesProxy()->visibleExampleIds(), QList<qint64>{ids[7]});
        compare->regressionsOnlyBox()->setChecked(false);
        label->setCurrentIndex(0);
        // All vip tickets: 0, 4, 7.
        QCOMPARE(compare->examplesProxy()->visibleExampleIds(), (QList<qint64>{ids[0], ids[4], ids[7]}));
    }

    void promoteAndRollBack() {
        ui::EvaluatePage page;
        page.view()->setHooks(hooks());
        page.setProject(&store_);
        ui::VersionsPanel* versions = page.view()->versions();
        AdapterRegistry registry(store_.database());
        QCOMPARE(versions->table()->rowCount(), 3);  // base + two versions
        QCOMPARE(versions->table()->item(0, 0)->text(), QStringLiteral("base model"));
        // Latest verdict per suite, failing metric named.
        QCOMPARE(versions->table()->item(1, ui::VersionsPanel::kFixedColumns)->text(), QStringLiteral("NO-GO: perplexity"));
        QCOMPARE(versions->table()->item(1, ui::VersionsPanel::ShaColumn)->text(),
                 registry.version(project_.v2).sha256.left(12));

        // Nothing in production yet: roll back is reported, not asked, and changes nothing.
        QTest::mouseClick(versions->rollbackButton(), Qt::LeftButton);
        QCOMPARE(errors_.size(), 1);
        QVERIFY(confirmations_.isEmpty());
        errors_.clear();
        // Declined: nothing changes.
        answer_ = false;
        versions->selectVersion(project_.v1);
        QVERIFY(versions->promoteButton()->isEnabled());
        QTest::mouseClick(versions->promoteButton(), Qt::LeftButton);
        QVERIFY(!registry.production().has_value());
        answer_ = true;
        QTest::mouseClick(versions->promoteButton(), Qt::LeftButton);
        QCOMPARE(registry.production()->id, project_.v1);
        versions->selectVersion(project_.v2);
        QTest::mouseClick(versions->promoteButton(), Qt::LeftButton);
        QCOMPARE(registry.production()->id, project_.v2);
        QCOMPARE(registry.version(project_.v1).stage, AdapterStage::Archived);
        versions->selectVersion(project_.v2);
        QVERIFY(!versions->promoteButton()->isEnabled());  // already production
        QCOMPARE(versions->table()->item(1, ui::VersionsPanel::StageColumn)->text(), QStringLiteral("production"));

        QTest::mouseClick(versions->rollbackButton(), Qt::LeftButton);
        QCOMPARE(registry.production()->id, project_.v1);
        QCOMPARE(registry.version(project_.v2).stage, AdapterStage::Candidate);
        QCOMPARE(confirmations_.size(), 4);
        // The history of v2 as shown: registered, promoted, rolled back.
        versions->selectVersion(project_.v2);
        QTableWidget* history = versions->historyTable();
        QCOMPARE(history->rowCount(), 3);
        QCOMPARE(history->item(1, 2)->text(), QStringLiteral("production"));
        QCOMPARE(history->item(2, 1)->text(), QStringLiteral("production"));
        QCOMPARE(history->item(2, 2)->text(), QStringLiteral("candidate"));
        QVERIFY(history->item(2, 3)->text().contains(QStringLiteral("rolled back")));
        QVERIFY(errors_.isEmpty());
    }

    void exportAdapterFolder() {
        ui::EvaluatePage page;
        page.view()->setHooks(hooks());
        page.setProject(&store_);
        ui::VersionsPanel* versions = page.view()->versions();
        exportDir_ = dir_.filePath(QStringLiteral("exports"));
        QDir().mkpath(exportDir_);
        versions->selectVersion(project_.v2);
        versions->exportAdapterFolder();
        const QString copied = exportDir_ + QStringLiteral("/triage-v2/adapter_model.safetensors");
        QCOMPARE(AdapterRegistry::sha256OfFile(copied), AdapterRegistry(store_.database()).version(project_.v2).sha256);
        QVERIFY(QFile::exists(exportDir_ + QStringLiteral("/triage-v2/adapter_config.json")));
        versions->exportAdapterFolder();  // exists now: refused, nothing overwritten
        QCOMPARE(errors_.size(), 1);
        errors_.clear();
    }

    // A tiny adapter (q_proj + v_proj on both layers) on a tiny llama base, registered like a
    // trained version, exported through the button in both number formats; the GGUF file is read
    // back with the engine's reader and every value compared with what was written above.
    void exportGgufLora() {
        const QString base = dir_.filePath(QStringLiteral("tiny-base"));
        writeTinyBaseConfig(base);
        const QString adapter = dir_.filePath(QStringLiteral("adapters/tiny-gguf"));
        QDir().mkpath(adapter);
        writeFile(adapter + QStringLiteral("/adapter_config.json"),
                  QJsonDocument(QJsonObject{{QStringLiteral("peft_type"), QStringLiteral("LORA")},
                                            {QStringLiteral("task_type"), QStringLiteral("CAUSAL_LM")},
                                            {QStringLiteral("r"), kRank},
                                            {QStringLiteral("lora_alpha"), kAlpha},
                                            {QStringLiteral("lora_dropout"), 0.0},
                                            {QStringLiteral("bias"), QStringLiteral("none")},
                                            {QStringLiteral("target_modules"),
                                             QJsonArray{QStringLiteral("q_proj"), QStringLiteral("v_proj")}}})
                      .toJson());
        std::map<QString, HandTensor> tensors;
        int salt = 0;
        for (int layer = 0; layer < kLayers; ++layer) {
            tensors[peftName(layer, QStringLiteral("q_proj"), 'A')] = handTensor(kRank, kHidden, ++salt);
            tensors[peftName(layer, QStringLiteral("q_proj"), 'B')] = handTensor(kHeads * kHeadDim, kRank, ++salt);
            tensors[peftName(layer, QStringLiteral("v_proj"), 'A')] = handTensor(kRank, kHidden, ++salt);
            tensors[peftName(layer, QStringLiteral("v_proj"), 'B')] = handTensor(kKvHeads * kHeadDim, kRank, ++salt);
        }
        writeSafetensorsByHand(AdapterRegistry::adapterWeightsFile(adapter), tensors);
        AdapterRegistration registration;
        registration.name = QStringLiteral("tiny-gguf");
        registration.folder = adapter;
        registration.baseModel = base;
        const qint64 id = AdapterRegistry(store_.database()).registerVersion(registration);

        ui::EvaluatePage page;
        page.view()->setHooks(hooks());
        page.setProject(&store_);
        ui::VersionsPanel* versions = page.view()->versions();
        QSignalSpy finished(versions, &ui::VersionsPanel::exportFinished);
        QCOMPARE(versions->ggufTypeBox()->currentData().toInt(), int(GgmlType::F16));  // the default
        QVERIFY(versions->exportGgufButton()->toolTip().contains(QStringLiteral("--lora")));
        QVERIFY(versions->exportGgufButton()->toolTip().contains(QStringLiteral("ADAPTER")));

        const QString exports = dir_.filePath(QStringLiteral("gguf-exports"));
        QDir().mkpath(exports);
        for (const GgmlType type : {GgmlType::F16, GgmlType::F32}) {
            versions->ggufTypeBox()->setCurrentIndex(versions->ggufTypeBox()->findData(int(type)));
            saveFile_ = exports + (type == GgmlType::F16 ? QStringLiteral("/tiny-f16") : QStringLiteral("/tiny-f32.gguf"));
            const QString written = type == GgmlType::F16 ? saveFile_ + QStringLiteral(".gguf") : saveFile_;
            versions->selectVersion(id);
            QVERIFY(versions->exportGgufButton()->isEnabled());
            QTest::mouseClick(versions->exportGgufButton(), Qt::LeftButton);
            QVERIFY(!versions->exportGgufButton()->isEnabled());  // one export at a time
            QVERIFY(finished.wait(30000));
            QCOMPARE(finished.last().at(0).toString(), written);
            QVERIFY2(finished.last().at(1).toString().isEmpty(), qPrintable(finished.last().at(1).toString()));
            QVERIFY(errors_.isEmpty());
            QVERIFY(versions->exportGgufButton()->isEnabled());
            QVERIFY2(versions->messageLabel()->text().contains(written), qPrintable(versions->messageLabel()->text()));

            const GgufFile gguf = GgufFile::open(written.toStdString());
            QCOMPARE(QString::fromStdString(gguf.getString("general.type")), QStringLiteral("adapter"));
            QCOMPARE(QString::fromStdString(gguf.getString("general.architecture")), QStringLiteral("llama"));
            QCOMPARE(QString::fromStdString(gguf.getString("adapter.type")), QStringLiteral("lora"));
            QCOMPARE(gguf.getFloat("adapter.lora.alpha"), kAlpha);
            QCOMPARE(gguf.tensors().size(), std::size_t(2 * 2 * kLayers));
            for (int layer = 0; layer < kLayers; ++layer) {
                const std::string blk = "blk." + std::to_string(layer);
                // v_proj: A [r, in] is stored as ggml {in, r}, B [out, r] as {r, out}: same bytes.
                const auto& vA = gguf.tensor(blk + ".attn_v.weight.lora_a");
                QCOMPARE(int(vA.type), int(type));
                QCOMPARE(vA.dims, (std::vector<std::uint64_t>{kHidden, kRank}));
                QCOMPARE(ggufValues(gguf, vA.name), tensors[peftName(layer, QStringLiteral("v_proj"), 'A')].values);
                QCOMPARE(gguf.tensor(blk + ".attn_v.weight.lora_b").dims,
                         (std::vector<std::uint64_t>{kRank, kKvHeads * kHeadDim}));
                QCOMPARE(ggufValues(gguf, blk + ".attn_v.weight.lora_b"),
                         tensors[peftName(layer, QStringLiteral("v_proj"), 'B')].values);
                QCOMPARE(ggufValues(gguf, blk + ".attn_q.weight.lora_a"),
                         tensors[peftName(layer, QStringLiteral("q_proj"), 'A')].values);
                // q_proj's B rows follow llama.cpp's per-head reordering of the Q projection:
                // stored row h*D + 2*i + j is Hugging Face row h*D + j*D/2 + i.
                const HandTensor& qB = tensors[peftName(layer, QStringLiteral("q_proj"), 'B')];
                std::vector<float> expected(qB.values.size());
                for (int h = 0; h < kHeads; ++h)
                    for (int i = 0; i < kHeadDim / 2; ++i)
                        for (int j = 0; j < 2; ++j)
                            for (int c = 0; c < kRank; ++c)
                                expected[std::size_t((h * kHeadDim + 2 * i + j) * kRank + c)] =
                                    qB.values[std::size_t((h * kHeadDim + j * kHeadDim / 2 + i) * kRank + c)];
                QCOMPARE(ggufValues(gguf, blk + ".attn_q.weight.lora_b"), expected);
            }
        }
        QCOMPARE(suggestedFiles_.first(), QStringLiteral("tiny-gguf-lora-f16.gguf"));

        // v2 of the compare project is a placeholder (its adapter config has no lora_alpha, its
        // base model is only a name): the engine's error, naming the file, reaches the user and
        // no file is written.
        versions->selectVersion(project_.v2);
        saveFile_ = exports + QStringLiteral("/v2.gguf");
        QTest::mouseClick(versions->exportGgufButton(), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QCOMPARE(errors_.size(), 1);
        QVERIFY2(errors_.first().contains(QStringLiteral("triage-v2")), qPrintable(errors_.first()));
        QVERIFY2(versions->messageLabel()->text() == errors_.first(), qPrintable(versions->messageLabel()->text()));
        QVERIFY(!QFile::exists(saveFile_));
        errors_.clear();
        // Take the tiny version out again so the other tests see the project they expect.
        QVERIFY(QSqlQuery(store_.database()).exec(QStringLiteral("DELETE FROM adapter_stage_history WHERE adapter_version_id = %1").arg(id)));
        QVERIFY(QSqlQuery(store_.database()).exec(QStringLiteral("DELETE FROM adapter_versions WHERE id = %1").arg(id)));
    }

    void suiteEditorValidates() {
        ui::EvaluatePage page;
        page.view()->setHooks(hooks());
        page.setProject(&store_);
        ui::SuitesPanel* suites = page.view()->suites();
        QCOMPARE(suites->suiteList()->count(), 1);
        QCOMPARE(suites->nameEdit()->text(), QStringLiteral("triage-holdout"));
        QCOMPARE(suites->thresholdTable()->rowCount(), 2);
        suites->newSuite();
        suites->nameEdit()->setText(QStringLiteral("general"));
        suites->addThresholdRow(QStringLiteral("perplexity"), 0.5, ui::SuitesPanel::MaxRegression);
        suites->addThresholdRow(QStringLiteral("exact_match"), 0.75, ui::SuitesPanel::AtLeast);
        const EvalSuite edited = suites->editedSuite();
        QCOMPARE(edited.thresholdsJson,
                 QStringLiteral(R"({"exact_match":{">=":0.75},"perplexity":{"max_regression":0.5}})"));
        QVERIFY(suites->save());
        QCOMPARE(suites->suiteList()->count(), 2);
        QVERIFY(EvalSuiteRepository(store_.database()).suiteByName(QStringLiteral("general")).has_value());
        // A bad metric option: refused by the repository, the error names the suite.
        suites->newSuite();
        suites->nameEdit()->setText(QStringLiteral("bad"));
        suites->findChild<QPlainTextEdit*>(QStringLiteral("suiteExtraMetrics"))
            ->setPlainText(QStringLiteral(R"([{"name": "no_such_metric"}])"));
        QVERIFY(!suites->save());
        QVERIFY2(suites->errorLabel()->text().contains(QStringLiteral("suite 'bad'")),
                 qPrintable(suites->errorLabel()->text()));
        QVERIFY(!EvalSuiteRepository(store_.database()).suiteByName(QStringLiteral("bad")).has_value());
        EvalSuiteRepository(store_.database()).remove(EvalSuiteRepository(store_.database()).suiteByName(QStringLiteral("general"))->id);
    }

    // Renders the Compare tab with the triage project (for the docs): only when
    // TS_COMPARE_SCREENSHOT names the PNG to write, e.g.
    //   TS_COMPARE_SCREENSHOT=docs/images/compare-view.png build/bin/evaluate_view_test compareScreenshot
    void compareScreenshot() {
        const QString output = qEnvironmentVariable("TS_COMPARE_SCREENSHOT");
        if (output.isEmpty()) QSKIP("set TS_COMPARE_SCREENSHOT=FILE.png to render the compare view");
        ui::EvaluateView view;
        view.resize(1440, 760);
        view.setProject(&store_);
        view.showTab(ui::EvaluateView::CompareTab);
        view.compare()->selectSubjects(project_.suiteId, {0, project_.v1, project_.v2});
        view.show();
        QTest::qWait(200);
        view.compare()->examplesView()->resizeRowsToContents();
        QTest::qWait(100);
        QVERIFY(view.grab().save(output, "PNG"));
    }
};

QTEST_MAIN(EvaluateViewTest)
#include "evaluate_view_test.moc"
