// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/eval/suites_panel.h"

#include "app/store/project_store.h"
#include "ui/eval/threshold_table.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableWidget>

#include <exception>

namespace ts::ui {

namespace {

constexpr int kGeneralCapabilityRole = Qt::UserRole + 1;  // on dataset version items

QString compactJson(const QJsonDocument& doc) { return QString::fromUtf8(doc.toJson(QJsonDocument::Compact)); }

}  // namespace

QStringList SuitesPanel::simpleMetricNames() {
    return {QStringLiteral("exact_match"), QStringLiteral("accuracy"),  QStringLiteral("token_f1"),
            QStringLiteral("json_valid"),  QStringLiteral("perplexity"), QStringLiteral("avg_output_tokens")};
}

SuitesPanel::SuitesPanel(QWidget* parent) : QWidget(parent) {
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* left = new QVBoxLayout;
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("suiteList"));
    list_->setMaximumWidth(240);
    left->addWidget(list_, 1);
    auto* listButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("&New suite"), this);
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    add->setToolTip(tr("Define a new evaluation suite (Ctrl+Shift+N)"));
    auto* remove = new QPushButton(tr("Delete"), this);
    remove->setToolTip(tr("Delete the selected suite and its stored evaluations"));
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    left->addLayout(listButtons);
    outer->addLayout(left);

    auto* editor = new QVBoxLayout;
    auto* form = new QFormLayout;
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("suiteName"));
    form->addRow(tr("&Name"), name_);
    datasetVersion_ = new QComboBox(this);
    datasetVersion_->setObjectName(QStringLiteral("suiteDatasetVersion"));
    datasetVersion_->setToolTip(tr("The frozen dataset version the suite evaluates on"));
    form->addRow(tr("&Dataset version"), datasetVersion_);
    // A new suite on the general-capability set evaluates all of it: that set is the forgetting
    // check as a whole, not split like task data.
    connect(datasetVersion_, &QComboBox::currentIndexChanged, this, [this] {
        if (editingId_ == 0 && datasetVersion_->currentData(kGeneralCapabilityRole).toBool())
            split_->setCurrentText(QStringLiteral("all"));
    });
    split_ = new QComboBox(this);
    split_->setObjectName(QStringLiteral("suiteSplit"));
    for (const char* s : {"eval", "general", "train", "unassigned", "all"}) split_->addItem(QString::fromLatin1(s));
    split_->setToolTip(tr("Which split's examples are evaluated; 'general' holds general-ability prompts "
                          "for regression checks against the base model"));
    form->addRow(tr("&Split"), split_);
    metrics_ = new QListWidget(this);
    metrics_->setObjectName(QStringLiteral("suiteMetrics"));
    metrics_->setFlow(QListView::LeftToRight);
    metrics_->setWrapping(true);
    metrics_->setMaximumHeight(56);
    for (const QString& m : simpleMetricNames()) {
        auto* item = new QListWidgetItem(m, metrics_);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    form->addRow(tr("Metrics"), metrics_);
    extraMetrics_ = new QPlainTextEdit(this);
    extraMetrics_->setObjectName(QStringLiteral("suiteExtraMetrics"));
    extraMetrics_->setMaximumHeight(60);
    extraMetrics_->setPlaceholderText(
        QStringLiteral(R"([{"name": "schema_valid", "schema": {"type": "object"}}, {"name": "regex_match", "pattern": "^(yes|no)$"}])"));
    extraMetrics_->setToolTip(tr("Metrics with options, as a JSON list (schema_valid, regex_match, accuracy "
                                 "with label_field, exact_match with normalisation options)"));
    form->addRow(tr("Metrics with options"), extraMetrics_);
    editor->addLayout(form);

    editor->addWidget(new QLabel(tr("Go / no-go thresholds"), this));
    // One copy of the thresholds: the recipe editor's gate section edits the same ones, and a run
    // fixes them when it starts (app/eval/eval_gate.h).
    auto* gateNote = new QLabel(tr("Also edited in a recipe's go / no-go gate. A run fixes these thresholds when it "
                                   "starts: changing them later does not change the verdict on its adapter."),
                                this);
    gateNote->setWordWrap(true);
    gateNote->setStyleSheet(QStringLiteral("color: palette(mid);"));
    editor->addWidget(gateNote);
    thresholds_ = new ThresholdTable(this);
    thresholds_->setObjectName(QStringLiteral("suiteThresholds"));
    editor->addWidget(thresholds_, 1);
    auto* rowButtons = new QHBoxLayout;
    auto* addRow = new QPushButton(tr("Add threshold"), this);
    auto* removeRow = new QPushButton(tr("Remove threshold"), this);
    auto* saveButton = new QPushButton(tr("&Save suite"), this);
    saveButton->setObjectName(QStringLiteral("saveSuite"));
    saveButton->setShortcut(QKeySequence::Save);
    saveButton->setToolTip(tr("Validate and save the suite (Ctrl+S)"));
    rowButtons->addWidget(addRow);
    rowButtons->addWidget(removeRow);
    rowButtons->addStretch(1);
    rowButtons->addWidget(saveButton);
    editor->addLayout(rowButtons);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("suiteError"));
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(QStringLiteral("color: #c62828;"));
    editor->addWidget(error_);
    outer->addLayout(editor, 1);

    connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item) showSuite(item->data(Qt::UserRole).toLongLong());
    });
    connect(add, &QPushButton::clicked, this, &SuitesPanel::newSuite);
    connect(remove, &QPushButton::clicked, this, &SuitesPanel::removeSuite);
    connect(addRow, &QPushButton::clicked, this, [this] { addThresholdRow(QString(), 0.8, AtLeast); });
    connect(removeRow, &QPushButton::clicked, thresholds_, &ThresholdTable::removeCurrentThreshold);
    connect(saveButton, &QPushButton::clicked, this, &SuitesPanel::save);
}

void SuitesPanel::setProject(const ProjectStore* store) {
    store_ = store;
    refresh();
}

void SuitesPanel::refresh() {
    const qint64 editing = editingId_;
    list_->clear();
    datasetVersion_->clear();
    if (!store_) return;
    QSqlQuery q(store_->database());
    if (q.exec(QStringLiteral("SELECT v.id, d.name, v.version_number, d.kind FROM dataset_versions v JOIN "
                              "datasets d ON d.id = v.dataset_id ORDER BY d.name, v.version_number DESC")))
        while (q.next()) {
            const bool general = q.value(3).toString() == QStringLiteral("general_capability");
            datasetVersion_->addItem(general ? tr("%1 v%2 (general capability)").arg(q.value(1).toString(),
                                                                                      q.value(2).toString())
                                             : QStringLiteral("%1 v%2").arg(q.value(1).toString(), q.value(2).toString()),
                                     q.value(0).toLongLong());
            datasetVersion_->setItemData(datasetVersion_->count() - 1, general, kGeneralCapabilityRole);
        }
    try {
        for (const auto& s : EvalSuiteRepository(store_->database()).suites()) {
            auto* item = new QListWidgetItem(s.name, list_);
            item->setData(Qt::UserRole, s.id);
            if (s.id == editing) list_->setCurrentItem(item);
        }
    } catch (const std::exception& e) {
        error_->setText(QString::fromUtf8(e.what()));
    }
    if (!list_->currentItem() && list_->count() > 0) list_->setCurrentRow(0);
    if (list_->count() == 0) newSuite();
}

void SuitesPanel::newSuite() {
    editingId_ = 0;
    list_->setCurrentItem(nullptr);
    name_->clear();
    split_->setCurrentText(QStringLiteral("eval"));
    for (int i = 0; i < metrics_->count(); ++i)
        metrics_->item(i)->setCheckState(metrics_->item(i)->text() == QStringLiteral("exact_match") ? Qt::Checked
                                                                                                  : Qt::Unchecked);
    extraMetrics_->clear();
    thresholds_->setRowCount(0);
    error_->clear();
    name_->setFocus();
}

void SuitesPanel::showSuite(qint64 id) {
    if (!store_) return;
    try {
        const EvalSuite suite = EvalSuiteRepository(store_->database()).suite(id);
        editingId_ = id;
        name_->setText(suite.name);
        datasetVersion_->setCurrentIndex(std::max(0, datasetVersion_->findData(suite.datasetVersionId)));
        split_->setCurrentText(suite.split);
        QStringList simple;
        QJsonArray extra;
        for (const auto& m : QJsonDocument::fromJson(suite.metricsJson.toUtf8()).array()) {
            if (m.isString() && simpleMetricNames().contains(m.toString()))
                simple << m.toString();
            else
                extra.append(m);
        }
        for (int i = 0; i < metrics_->count(); ++i)
            metrics_->item(i)->setCheckState(simple.contains(metrics_->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
        extraMetrics_->setPlainText(extra.isEmpty() ? QString() : compactJson(QJsonDocument(extra)));
        thresholds_->setThresholdsJson(suite.thresholdsJson);
        error_->clear();
    } catch (const std::exception& e) {
        error_->setText(QString::fromUtf8(e.what()));
    }
}

void SuitesPanel::addThresholdRow(const QString& metric, double limit, ThresholdKind kind) {
    thresholds_->addThreshold(metric, limit, ThresholdTable::Kind(kind));
}

EvalSuite SuitesPanel::editedSuite() const {
    EvalSuite suite;
    suite.id = editingId_;
    suite.name = name_->text();
    suite.datasetVersionId = datasetVersion_->currentData().toLongLong();
    suite.split = split_->currentText();
    QJsonArray metrics;
    for (int i = 0; i < metrics_->count(); ++i)
        if (metrics_->item(i)->checkState() == Qt::Checked) metrics.append(metrics_->item(i)->text());
    const QString extraText = extraMetrics_->toPlainText().trimmed();
    QString metricsJson = compactJson(QJsonDocument(metrics));
    if (!extraText.isEmpty()) {
        // Appended as text so that invalid JSON reaches the repository and is reported by it.
        metricsJson.chop(1);
        QString inner = extraText;
        if (inner.startsWith(QLatin1Char('[')) && inner.endsWith(QLatin1Char(']'))) inner = inner.mid(1, inner.size() - 2);
        metricsJson += (metrics.isEmpty() ? QString() : QStringLiteral(",")) + inner + QStringLiteral("]");
    }
    suite.metricsJson = metricsJson;
    suite.thresholdsJson = thresholds_->thresholdsJson();
    return suite;
}

bool SuitesPanel::save() {
    if (!store_) return false;
    const EvalSuite suite = editedSuite();
    if (suite.datasetVersionId == 0) {
        error_->setText(tr("Choose a dataset version: a suite evaluates on the examples of one frozen version."));
        return false;
    }
    if (const QString problem = thresholds_->firstProblem(); !problem.isEmpty()) {
        error_->setText(problem);
        return false;
    }
    try {
        editingId_ = EvalSuiteRepository(store_->database()).save(suite);
    } catch (const std::exception& e) {
        error_->setText(tr("Not saved: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    error_->clear();
    refresh();
    emit suitesChanged();
    return true;
}

void SuitesPanel::removeSuite() {
    if (!store_ || editingId_ == 0) return;
    if (!hooks_.confirm || !hooks_.confirm(this, tr("Delete suite"),
                                           tr("Delete the suite %1 and all its stored evaluations?").arg(name_->text())))
        return;
    try {
        EvalSuiteRepository(store_->database()).remove(editingId_);
    } catch (const std::exception& e) {
        error_->setText(QString::fromUtf8(e.what()));
        return;
    }
    editingId_ = 0;
    refresh();
    emit suitesChanged();
}

}  // namespace ts::ui
