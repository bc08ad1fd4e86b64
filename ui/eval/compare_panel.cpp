// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/charts/qcustomplot_include.h"  // first: needs Qt's foreach

#include "ui/eval/compare_panel.h"

#include "app/adapters/adapter_registry.h"
#include "app/runs/run_store.h"
#include "app/store/project_store.h"
#include "ui/eval/example_compare_model.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>

#include <QLocale>
#include <QSet>
#include <QSignalBlocker>

#include <algorithm>
#include <cmath>
#include <exception>

namespace ts::ui {

namespace {

const QColor kBetter(0x1b, 0x7f, 0x3b);
const QColor kWorse(0xc6, 0x28, 0x28);
const QColor kPassTint(0xd9, 0xf2, 0xdf);
const QColor kFailTint(0xfb, 0xdd, 0xdd);

QColor seriesColor(int i) {
    static const QColor colors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                    QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2)};
    return colors[i % 6];
}

QString formatValue(double v) { return QLocale().toString(v, 'f', 3); }

QString formatDelta(double d) {
    return (d > 0 ? QStringLiteral("+") : d < 0 ? QStringLiteral("−") : QStringLiteral("±")) +
           QLocale().toString(std::abs(d), 'f', 3);
}

}  // namespace

ComparePanel::ComparePanel(QWidget* parent) : QWidget(parent) {
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Suite"), this));
    suiteCombo_ = new QComboBox(this);
    suiteCombo_->setObjectName(QStringLiteral("compareSuite"));
    suiteCombo_->setToolTip(tr("The evaluation suite whose latest completed results are compared"));
    left->addWidget(suiteCombo_);
    left->addWidget(new QLabel(tr("Compare (two or more)"), this));
    subjects_ = new QListWidget(this);
    subjects_->setObjectName(QStringLiteral("compareSubjects"));
    subjects_->setToolTip(tr("The first checked entry is the reference: deltas and regressions are "
                             "measured against it (base model first, then versions oldest to newest)."));
    left->addWidget(subjects_, 1);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("compareStatus"));
    status_->setWordWrap(true);
    left->addWidget(status_);
    auto* leftBox = new QWidget(this);
    leftBox->setLayout(left);
    leftBox->setMaximumWidth(200);
    outer->addWidget(leftBox);

    lossPlot_ = new QCustomPlot(this);
    lossPlot_->setObjectName(QStringLiteral("compareLossPlot"));
    lossPlot_->setMinimumHeight(180);
    lossPlot_->xAxis->setLabel(tr("step"));
    lossPlot_->yAxis->setLabel(tr("loss"));
    lossPlot_->legend->setVisible(true);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    lossPlot_->legend->setFont(legendFont);
    lossPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    lossPlot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);

    metricsTable_ = new QTableWidget(this);
    metricsTable_->setObjectName(QStringLiteral("compareMetrics"));
    metricsTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    metricsTable_->verticalHeader()->hide();
    metricsTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metricsTable_->setToolTip(tr("Value, and in brackets the change against the first column: green is "
                                 "better, red is worse (lower is better for perplexity and lengths). A "
                                 "red cell failed its threshold."));

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(lossPlot_);
    top->addWidget(metricsTable_);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    top->setSizes({400, 640});  // the metrics table's contents would otherwise squeeze the chart

    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto* filters = new QHBoxLayout;
    regressionsOnly_ = new QCheckBox(tr("&Regressions only"), bottom);
    regressionsOnly_->setObjectName(QStringLiteral("regressionsOnly"));
    regressionsOnly_->setToolTip(tr("Examples the first column got right and a later one got wrong"));
    filters->addWidget(regressionsOnly_);
    filters->addSpacing(16);
    filters->addWidget(new QLabel(tr("Label"), bottom));
    labelFilter_ = new QComboBox(bottom);
    labelFilter_->setObjectName(QStringLiteral("labelFilter"));
    filters->addWidget(labelFilter_);
    filters->addWidget(new QLabel(tr("Tag"), bottom));
    tagFilter_ = new QComboBox(bottom);
    tagFilter_->setObjectName(QStringLiteral("tagFilter"));
    filters->addWidget(tagFilter_);
    filters->addStretch(1);
    exampleSummary_ = new QLabel(bottom);
    exampleSummary_->setObjectName(QStringLiteral("exampleSummary"));
    filters->addWidget(exampleSummary_);
    bottomLayout->addLayout(filters);

    model_ = new ExampleCompareModel(this);
    proxy_ = new ExampleFilterProxy(this);
    proxy_->setSourceModel(model_);
    examplesView_ = new QTableView(bottom);
    examplesView_->setObjectName(QStringLiteral("compareExamples"));
    examplesView_->setModel(proxy_);
    examplesView_->setSortingEnabled(true);
    examplesView_->sortByColumn(ExampleCompareModel::IdColumn, Qt::AscendingOrder);
    examplesView_->setWordWrap(true);
    examplesView_->verticalHeader()->hide();
    examplesView_->horizontalHeader()->setStretchLastSection(true);
    examplesView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    bottomLayout->addWidget(examplesView_, 1);

    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(top);
    right->addWidget(bottom);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    outer->addWidget(right, 1);

    connect(suiteCombo_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updating_) compare();
    });
    connect(subjects_, &QListWidget::itemChanged, this, [this] {
        if (!updating_) compare();
    });
    connect(regressionsOnly_, &QCheckBox::toggled, this, [this](bool on) {
        proxy_->setRegressionsOnly(on);
        updateSummary();
    });
    connect(labelFilter_, &QComboBox::currentIndexChanged, this, [this] {
        proxy_->setLabel(labelFilter_->currentData().toString());
        updateSummary();
    });
    connect(tagFilter_, &QComboBox::currentIndexChanged, this, [this] {
        proxy_->setTag(tagFilter_->currentData().toString());
        updateSummary();
    });
}

void ComparePanel::setProject(const ProjectStore* store) {
    store_ = store;
    refresh();
}

void ComparePanel::refresh() {
    reloadSubjects();
    compare();
}

void ComparePanel::reloadSubjects() {
    updating_ = true;
    const qint64 suiteId = suiteCombo_->currentData().toLongLong();
    QSet<qint64> checked;
    for (int i = 0; i < subjects_->count(); ++i)
        if (subjects_->item(i)->checkState() == Qt::Checked) checked.insert(subjects_->item(i)->data(Qt::UserRole).toLongLong());
    suiteCombo_->clear();
    subjects_->clear();
    if (store_) {
        try {
            for (const auto& suite : EvalSuiteRepository(store_->database()).suites())
                suiteCombo_->addItem(suite.name, suite.id);
            const int index = suiteCombo_->findData(suiteId);
            if (index >= 0) suiteCombo_->setCurrentIndex(index);
            auto addSubject = [&](const QString& text, qint64 id) {
                auto* item = new QListWidgetItem(text, subjects_);
                item->setData(Qt::UserRole, id);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
                item->setCheckState(checked.contains(id) ? Qt::Checked : Qt::Unchecked);
            };
            addSubject(tr("base model"), 0);
            auto versions = AdapterRegistry(store_->database()).versions();
            std::reverse(versions.begin(), versions.end());  // oldest first: the older is the reference
            for (const auto& v : versions)
                addSubject(QStringLiteral("%1  (%2)").arg(v.name, adapterStageName(v.stage)), v.id);
        } catch (const std::exception& e) {
            status_->setText(QString::fromUtf8(e.what()));
        }
    }
    updating_ = false;
}

void ComparePanel::selectSubjects(qint64 suiteId, const QList<qint64>& adapterVersionIds) {
    updating_ = true;
    const int index = suiteCombo_->findData(suiteId);
    if (index >= 0) suiteCombo_->setCurrentIndex(index);
    for (int i = 0; i < subjects_->count(); ++i) {
        QListWidgetItem* item = subjects_->item(i);
        item->setCheckState(adapterVersionIds.contains(item->data(Qt::UserRole).toLongLong()) ? Qt::Checked
                                                                                             : Qt::Unchecked);
    }
    updating_ = false;
    compare();
}

void ComparePanel::compare() {
    comparison_ = EvalComparison();
    QStringList missing;
    QList<qint64> evalRunIds, versionIds;
    QString error;
    if (store_ && suiteCombo_->currentIndex() >= 0) {
        try {
            EvalSuiteRepository repo(store_->database());
            const qint64 suiteId = suiteCombo_->currentData().toLongLong();
            for (int i = 0; i < subjects_->count(); ++i) {
                QListWidgetItem* item = subjects_->item(i);
                if (item->checkState() != Qt::Checked) continue;
                const qint64 id = item->data(Qt::UserRole).toLongLong();
                versionIds << id;
                if (auto run = repo.latestCompleted(suiteId, id))
                    evalRunIds << run->id;
                else
                    missing << item->text().section(QStringLiteral("  ("), 0, 0);
            }
            if (!evalRunIds.isEmpty()) comparison_ = loadEvalComparison(store_->database(), evalRunIds);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
    }
    QString text;
    if (!error.isEmpty())
        text = tr("Cannot compare: %1").arg(error);
    else if (!missing.isEmpty())
        text = tr("Not evaluated on this suite yet (use Evaluate on the Versions tab): %1")
                   .arg(missing.join(QStringLiteral(", ")));
    else if (versionIds.size() < 2)
        text = tr("Check two or more entries to compare them.");
    status_->setText(text);
    status_->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("color: #c62828;"));

    model_->setComparison(comparison_);
    examplesView_->resizeColumnToContents(ExampleCompareModel::IdColumn);
    examplesView_->resizeColumnToContents(ExampleCompareModel::LabelColumn);
    examplesView_->resizeColumnToContents(ExampleCompareModel::ReferenceColumn);
    examplesView_->setColumnWidth(ExampleCompareModel::InputColumn, 250);
    for (int c = 0; c < comparison_.columns.size(); ++c)
        examplesView_->resizeColumnToContents(ExampleCompareModel::kFixedColumns + int(c));
    fillMetricsTable();
    fillLossPlot(versionIds);
    fillFilters();
    updateSummary();
}

void ComparePanel::fillMetricsTable() {
    const auto& columns = comparison_.columns;
    metricsTable_->clear();
    metricsTable_->setColumnCount(2 + int(columns.size()));
    QStringList headers{tr("Metric"), tr("Threshold")};
    for (const auto& run : columns) headers << subjectTitle(run);
    metricsTable_->setHorizontalHeaderLabels(headers);
    metricsTable_->setRowCount(columns.isEmpty() ? 0 : int(comparison_.metrics.size()) + 1);
    if (columns.isEmpty()) return;
    int row = 0;
    for (const auto& m : comparison_.metrics) {
        auto* name = new QTableWidgetItem(m.metric);
        name->setToolTip(m.higherIsBetter ? tr("higher is better") : tr("lower is better"));
        metricsTable_->setItem(row, 0, name);
        metricsTable_->setItem(row, 1, new QTableWidgetItem(m.threshold));
        for (int c = 0; c < columns.size(); ++c) {
            auto* cell = new QTableWidgetItem;
            if (m.values[c]) {
                QString text = formatValue(*m.values[c]);
                if (m.deltas[c]) text += QStringLiteral("  (%1)").arg(formatDelta(*m.deltas[c]));
                cell->setText(text);
                cell->setData(Qt::UserRole, *m.values[c]);
            } else {
                cell->setText(tr("—"));
                cell->setToolTip(tr("not measured"));
            }
            if (m.deltas[c]) {
                cell->setData(Qt::UserRole + 1, *m.deltas[c]);
                const int direction = m.direction(c);
                if (direction != 0) cell->setForeground(direction > 0 ? kBetter : kWorse);
            }
            if (m.passed[c]) {
                cell->setBackground(*m.passed[c] ? kPassTint : kFailTint);
                cell->setToolTip(*m.passed[c] ? tr("meets %1").arg(m.threshold) : tr("fails %1").arg(m.threshold));
                if (!*m.passed[c]) cell->setForeground(kWorse);
            }
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            metricsTable_->setItem(row, 2 + c, cell);
        }
        ++row;
    }
    auto* verdictName = new QTableWidgetItem(tr("Verdict"));
    QFont bold = verdictName->font();
    bold.setBold(true);
    verdictName->setFont(bold);
    metricsTable_->setItem(row, 0, verdictName);
    // Under the threshold column: where the thresholds shown come from (the last column's).
    auto* source = new QTableWidgetItem(comparison_.verdicts.isEmpty() ? QString()
                                                                       : comparison_.verdicts.last().judgedByShort);
    if (!comparison_.verdicts.isEmpty()) source->setToolTip(comparison_.verdicts.last().judgedBy);
    metricsTable_->setItem(row, 1, source);
    for (int c = 0; c < columns.size(); ++c) {
        const auto& v = comparison_.verdicts[c];
        auto* cell = new QTableWidgetItem;
        if (v.verdict == QStringLiteral("go")) {
            cell->setText(tr("GO"));
            cell->setBackground(kPassTint);
        } else if (v.verdict == QStringLiteral("no_go")) {
            cell->setText(v.failingMetrics.isEmpty() ? tr("NO-GO")
                                                     : tr("NO-GO: %1").arg(v.failingMetrics.join(QStringLiteral(", "))));
            cell->setBackground(kFailTint);
            cell->setForeground(kWorse);
        } else {
            cell->setText(tr("pending"));
        }
        cell->setFont(bold);
        cell->setData(Qt::UserRole, v.verdict);
        if (!v.judgedBy.isEmpty()) cell->setToolTip(tr("Judged by %1").arg(v.judgedBy));
        metricsTable_->setItem(row, 2 + c, cell);
    }
}

void ComparePanel::fillLossPlot(const QList<qint64>& versionIds) {
    lossPlot_->clearGraphs();
    if (store_) {
        AdapterRegistry registry(store_->database());
        int colorIndex = 0;
        for (qint64 id : versionIds) {
            if (id == 0) continue;  // the base model was not trained here
            try {
                const AdapterVersion version = registry.version(id);
                if (version.runId == 0) continue;
                QVector<double> steps[2], values[2];
                for (const auto& p : loadMetrics(store_->database(), version.runId)) {
                    const int k = p.name == metric::kLoss ? 0 : p.name == metric::kEvalLoss ? 1 : -1;
                    if (k < 0 || std::isnan(p.value)) continue;
                    steps[k] << double(p.step);
                    values[k] << p.value;
                }
                const QColor color = seriesColor(colorIndex++);
                for (int k = 0; k < 2; ++k) {
                    if (steps[k].isEmpty()) continue;
                    QCPGraph* graph = lossPlot_->addGraph();
                    graph->setData(steps[k], values[k], true);
                    QPen pen(color, k == 0 ? 1.6 : 2.0);
                    if (k == 1) {
                        pen.setStyle(Qt::DashLine);
                        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
                    }
                    graph->setPen(pen);
                    graph->setName(k == 0 ? tr("%1 loss").arg(version.name) : tr("%1 eval loss").arg(version.name));
                }
            } catch (const std::exception&) {
                // A version whose run is gone: no curve, the tables still compare.
            }
        }
    }
    lossPlot_->rescaleAxes();
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void ComparePanel::fillFilters() {
    auto refill = [](QComboBox* combo, const QStringList& values) {
        const QString current = combo->currentData().toString();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(tr("All"), QString());
        for (const auto& v : values) combo->addItem(v, v);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
    };
    refill(labelFilter_, comparison_.labels);
    refill(tagFilter_, comparison_.tags);
    proxy_->setLabel(labelFilter_->currentData().toString());
    proxy_->setTag(tagFilter_->currentData().toString());
}

void ComparePanel::updateSummary() {
    exampleSummary_->setText(tr("%1 of %2 examples shown · %3 regressions")
                                 .arg(proxy_->rowCount())
                                 .arg(model_->rowCount())
                                 .arg(comparison_.regressedExampleIds().size()));
}

}  // namespace ts::ui
