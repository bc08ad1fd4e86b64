// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/eval/threshold_table.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace ts::ui {

namespace {
const char* const kKindKeys[] = {">=", "<=", "max_regression"};
}

ThresholdTable::ThresholdTable(QWidget* parent) : QTableWidget(0, 3, parent) {
    setHorizontalHeaderLabels({tr("Metric"), tr("Threshold"), tr("Kind")});
    horizontalHeader()->setStretchLastSection(true);
    verticalHeader()->hide();
    setToolTip(tr("min: the value must be at least the threshold; max: at most; max regression vs base: at most "
                  "this many points worse than the base model's latest evaluation (percentage points for rates)"));
}

QStringList ThresholdTable::metricChoices() {
    return {QStringLiteral("exact_match"), QStringLiteral("accuracy"),     QStringLiteral("token_f1"),
            QStringLiteral("json_valid"),  QStringLiteral("perplexity"),   QStringLiteral("avg_output_tokens"),
            QStringLiteral("macro_f1"),    QStringLiteral("schema_valid"), QStringLiteral("regex_match")};
}

void ThresholdTable::setThresholdsJson(const QString& json) {
    const QSignalBlocker blocker(this);
    setRowCount(0);
    const QJsonObject thresholds = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = thresholds.begin(); it != thresholds.end(); ++it) {
        if (it->isDouble()) {
            addThreshold(it.key(), it->toDouble(), AtLeast);
            continue;
        }
        const QJsonObject gates = it->toObject();
        for (int kind = AtLeast; kind <= MaxRegression; ++kind) {
            const QString key = QString::fromLatin1(kKindKeys[kind]);
            if (gates.contains(key)) addThreshold(it.key(), gates.value(key).toDouble(), Kind(kind));
        }
    }
}

void ThresholdTable::addThreshold(const QString& metric, double limit, Kind kind) {
    const int row = rowCount();
    insertRow(row);
    auto* metricCombo = new QComboBox(this);
    metricCombo->setEditable(true);
    metricCombo->addItems(metricChoices());
    metricCombo->setCurrentText(metric);
    metricCombo->setToolTip(tr("The metric this threshold gates (one the suite measures)"));
    setCellWidget(row, 0, metricCombo);
    auto* value = new QDoubleSpinBox(this);
    value->setDecimals(4);
    value->setRange(-1e9, 1e9);
    value->setValue(limit);
    value->setToolTip(tr("The limit: a rate from 0 to 1 for min/max, points (percentage points for rates) for a "
                         "regression"));
    setCellWidget(row, 1, value);
    auto* kindCombo = new QComboBox(this);
    kindCombo->addItems({tr("min (at least)"), tr("max (at most)"), tr("max regression vs base (points)")});
    kindCombo->setCurrentIndex(kind);
    kindCombo->setToolTip(toolTip());
    setCellWidget(row, 2, kindCombo);
    connect(metricCombo, &QComboBox::currentTextChanged, this, &ThresholdTable::edited);
    connect(value, &QDoubleSpinBox::valueChanged, this, &ThresholdTable::edited);
    connect(kindCombo, &QComboBox::currentIndexChanged, this, &ThresholdTable::edited);
    if (!signalsBlocked()) emit edited();
}

void ThresholdTable::removeCurrentThreshold() {
    if (currentRow() < 0) return;
    removeRow(currentRow());
    emit edited();
}

QString ThresholdTable::thresholdsJson() const {
    QJsonObject thresholds;
    for (int row = 0; row < rowCount(); ++row) {
        const auto* metric = qobject_cast<QComboBox*>(cellWidget(row, 0));
        const auto* value = qobject_cast<QDoubleSpinBox*>(cellWidget(row, 1));
        const auto* kind = qobject_cast<QComboBox*>(cellWidget(row, 2));
        if (!metric || !value || !kind) continue;
        const QString name = metric->currentText().trimmed();
        QJsonObject gates = thresholds.value(name).toObject();
        gates.insert(QString::fromLatin1(kKindKeys[std::clamp(kind->currentIndex(), 0, 2)]), value->value());
        thresholds.insert(name, gates);
    }
    return QString::fromUtf8(QJsonDocument(thresholds).toJson(QJsonDocument::Compact));
}

QString ThresholdTable::firstProblem() const {
    for (int row = 0; row < rowCount(); ++row) {
        const auto* metric = qobject_cast<QComboBox*>(cellWidget(row, 0));
        if (metric && metric->currentText().trimmed().isEmpty())
            return tr("Threshold row %1: choose the metric it gates.").arg(row + 1);
    }
    return {};
}

}  // namespace ts::ui
