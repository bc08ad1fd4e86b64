// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/datasets/import_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ts::ui {

namespace {

constexpr int kPreviewRecords = 20;

// Mapping fields in display order, with the formats that use them.
struct FieldSpec {
    const char* key;
    const char* caption;
    QList<SourceFormat> usedBy;  // empty = every format
};

const QList<FieldSpec>& fieldSpecs() {
    using F = SourceFormat;
    static const QList<FieldSpec> specs = {
        {"messages", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Messages"), {F::ChatMessages}},
        {"conversations", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Conversations"), {F::ShareGpt}},
        {"prompt", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Prompt"),
         {F::PromptCompletion, F::Preference}},
        {"completion", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Completion"), {F::PromptCompletion}},
        {"instruction", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Instruction"), {F::Alpaca}},
        {"input", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Input"), {F::Alpaca}},
        {"output", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Output"), {F::Alpaca}},
        {"text", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Text"), {F::Classification}},
        {"label", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Label"), {F::Classification}},
        {"chosen", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Chosen"), {F::Preference}},
        {"rejected", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Rejected"), {F::Preference}},
        {"system", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "System prompt"), {}},
        {"meta", QT_TRANSLATE_NOOP("ts::ui::ImportDialog", "Meta (flags, tags)"), {}},
    };
    return specs;
}

QString* fieldOf(ColumnMapping& m, const QString& key) {
    static const QMap<QString, QString ColumnMapping::*> members = {
        {QStringLiteral("messages"), &ColumnMapping::messages},
        {QStringLiteral("conversations"), &ColumnMapping::conversations},
        {QStringLiteral("prompt"), &ColumnMapping::prompt},
        {QStringLiteral("completion"), &ColumnMapping::completion},
        {QStringLiteral("instruction"), &ColumnMapping::instruction},
        {QStringLiteral("input"), &ColumnMapping::input},
        {QStringLiteral("output"), &ColumnMapping::output},
        {QStringLiteral("text"), &ColumnMapping::text},
        {QStringLiteral("label"), &ColumnMapping::label},
        {QStringLiteral("chosen"), &ColumnMapping::chosen},
        {QStringLiteral("rejected"), &ColumnMapping::rejected},
        {QStringLiteral("system"), &ColumnMapping::system},
        {QStringLiteral("meta"), &ColumnMapping::meta},
    };
    return &(m.*members.value(key));
}

const QList<SourceFormat> kFormats = {SourceFormat::ChatMessages, SourceFormat::ShareGpt,
                                      SourceFormat::PromptCompletion, SourceFormat::Alpaca,
                                      SourceFormat::Classification, SourceFormat::Preference};

QString formatCaption(SourceFormat format) {
    switch (format) {
    case SourceFormat::ChatMessages: return ImportDialog::tr("Chat messages (role / content)");
    case SourceFormat::ShareGpt: return ImportDialog::tr("ShareGPT conversations (from / value)");
    case SourceFormat::PromptCompletion: return ImportDialog::tr("Prompt / completion");
    case SourceFormat::Alpaca: return ImportDialog::tr("Alpaca (instruction, input, output)");
    case SourceFormat::Classification: return ImportDialog::tr("Classification (text, label)");
    case SourceFormat::Preference: return ImportDialog::tr("Preference (prompt, chosen, rejected)");
    case SourceFormat::Unknown: break;
    }
    return ImportDialog::tr("Unknown");
}

QString oneLine(const QString& text) {
    QString line = text.left(160);
    line.replace(QLatin1Char('\n'), QChar(0x21B5));
    return line;
}

}  // namespace

ImportDialog::ImportDialog(const QString& path, const QStringList& datasetNames, QWidget* parent)
    : QDialog(parent), path_(path) {
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import %1").arg(QFileInfo(path).fileName()));
    detection_ = detectFile(path);
    {
        auto reader = RecordReader::open(path, detection_.fileFormat);
        SourceRow row;
        LineIssue issue;
        for (ReadStatus s; samples_.size() < kPreviewRecords &&
                           (s = reader->next(row, issue)) != ReadStatus::End;)
            if (s == ReadStatus::Row) samples_ << row;
    }

    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("detectionSummary"));
    summary_->setWordWrap(true);
    summary_->setText(
        tr("<b>%1</b> file. Detected record format: <b>%2</b> (%3 of %4 sampled records match).")
            .arg(fileFormatName(detection_.fileFormat).toUpper(),
                 formatCaption(detection_.mapping.format))
            .arg(detection_.matchingRecords)
            .arg(detection_.sampledRecords));
    layout->addWidget(summary_);

    auto* form = new QFormLayout;
    targetCombo_ = new QComboBox(this);
    targetCombo_->setObjectName(QStringLiteral("importTarget"));
    targetCombo_->addItem(tr("New dataset"), int(ImportTarget::NewDataset));
    if (!datasetNames.isEmpty()) {
        targetCombo_->addItem(tr("New version: append to dataset"), int(ImportTarget::AppendToDataset));
        targetCombo_->addItem(tr("New version: replace dataset's examples"),
                              int(ImportTarget::ReplaceDataset));
    }
    form->addRow(tr("Import as"), targetCombo_);
    nameEdit_ = new QLineEdit(QFileInfo(path).completeBaseName(), this);
    nameEdit_->setObjectName(QStringLiteral("datasetName"));
    form->addRow(tr("Dataset name"), nameEdit_);
    formatCombo_ = new QComboBox(this);
    formatCombo_->setObjectName(QStringLiteral("recordFormat"));
    for (SourceFormat f : kFormats) formatCombo_->addItem(formatCaption(f), int(f));
    form->addRow(tr("Record format"), formatCombo_);
    for (const FieldSpec& spec : fieldSpecs()) {
        auto* combo = new QComboBox(this);
        combo->setEditable(true);
        combo->setObjectName(QStringLiteral("field_") + QLatin1String(spec.key));
        combo->addItem(QString());
        combo->addItems(detection_.fields);
        auto* label = new QLabel(tr(spec.caption), this);
        form->addRow(label, combo);
        fieldCombos_.insert(QLatin1String(spec.key), combo);
        fieldLabels_.insert(QLatin1String(spec.key), label);
    }
    layout->addLayout(form);

    preview_ = new QTableWidget(0, 4, this);
    preview_->setObjectName(QStringLiteral("importPreview"));
    preview_->setHorizontalHeaderLabels({tr("Line"), tr("Input"), tr("Output"), tr("Problem")});
    preview_->horizontalHeader()->setStretchLastSection(true);
    preview_->verticalHeader()->hide();
    preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    preview_->setMinimumHeight(180);
    layout->addWidget(new QLabel(tr("Preview of the first records:"), this));
    layout->addWidget(preview_, 1);
    problem_ = new QLabel(this);
    problem_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    problem_->setWordWrap(true);
    layout->addWidget(problem_);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons_);

    setMapping(detection_.mapping);
    connect(formatCombo_, &QComboBox::currentIndexChanged, this, [this] {
        updateFieldRows();
        updatePreview();
    });
    for (QComboBox* combo : std::as_const(fieldCombos_))
        connect(combo, &QComboBox::currentTextChanged, this, [this] { updatePreview(); });
    connect(nameEdit_, &QLineEdit::textChanged, this, [this] { updateAcceptable(); });
    connect(targetCombo_, &QComboBox::currentIndexChanged, this, [this, datasetNames] {
        if (targetCombo_->currentData().toInt() != int(ImportTarget::NewDataset) &&
            !datasetNames.contains(nameEdit_->text()))
            nameEdit_->setText(datasetNames.value(0));
        updateAcceptable();
    });
    resize(760, 640);
}

void ImportDialog::setDatasetName(const QString& name) { nameEdit_->setText(name); }

void ImportDialog::setMapping(const ColumnMapping& mapping) {
    const int index = formatCombo_->findData(int(mapping.format));
    formatCombo_->setCurrentIndex(index < 0 ? 0 : index);
    ColumnMapping copy = mapping;
    for (auto it = fieldCombos_.begin(); it != fieldCombos_.end(); ++it)
        it.value()->setCurrentText(*fieldOf(copy, it.key()));
    updateFieldRows();
    updatePreview();
}

ColumnMapping ImportDialog::mapping() const {
    ColumnMapping m;
    m.format = SourceFormat(formatCombo_->currentData().toInt());
    for (auto it = fieldCombos_.begin(); it != fieldCombos_.end(); ++it)
        *fieldOf(m, it.key()) = it.value()->currentText().trimmed();
    // Fields the chosen format does not use are cleared so they cannot confuse the mapping.
    for (const FieldSpec& spec : fieldSpecs())
        if (!spec.usedBy.isEmpty() && !spec.usedBy.contains(m.format))
            fieldOf(m, QLatin1String(spec.key))->clear();
    return m;
}

ImportOptions ImportDialog::options() const {
    ImportOptions options;
    options.target = ImportTarget(targetCombo_->currentData().toInt());
    options.datasetName = nameEdit_->text().trimmed();
    options.fileFormat = detection_.fileFormat;
    options.mapping = mapping();
    return options;
}

void ImportDialog::updateFieldRows() {
    const auto format = SourceFormat(formatCombo_->currentData().toInt());
    for (const FieldSpec& spec : fieldSpecs()) {
        const bool used = spec.usedBy.isEmpty() || spec.usedBy.contains(format);
        fieldCombos_.value(QLatin1String(spec.key))->setVisible(used);
        fieldLabels_.value(QLatin1String(spec.key))->setVisible(used);
    }
}

void ImportDialog::updatePreview() {
    const ColumnMapping m = mapping();
    const MappingLimits limits;
    preview_->setRowCount(int(samples_.size()));
    previewRejected_ = 0;
    for (int i = 0; i < samples_.size(); ++i) {
        QString why;
        const auto record = mapRecord(samples_[i], m, limits, &why);
        if (!record) ++previewRejected_;
        const QStringList cells = {QString::number(samples_[i].line),
                                   record ? oneLine(record->inputText) : QString(),
                                   record ? oneLine(record->outputText) : QString(), why};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (!record) item->setForeground(QColor(0xb3, 0x26, 0x1e));
            preview_->setItem(i, c, item);
        }
    }
    preview_->resizeColumnToContents(0);
    preview_->setColumnWidth(1, 260);
    preview_->setColumnWidth(2, 220);
    updateAcceptable();
}

void ImportDialog::updateAcceptable() {
    QString problem = mapping().validationError();
    if (problem.isEmpty() && nameEdit_->text().trimmed().isEmpty())
        problem = tr("Give the dataset a name.");
    if (problem.isEmpty() && previewRejected_ == samples_.size() && !samples_.isEmpty())
        problem = tr("None of the previewed records can be read with this mapping.");
    else if (problem.isEmpty() && previewRejected_ > 0)
        problem = tr("%1 of the %2 previewed records would be skipped (see Problem); they are "
                     "listed by line after the import.")
                      .arg(previewRejected_)
                      .arg(samples_.size());
    problem_->setText(problem);
    buttons_->button(QDialogButtonBox::Ok)
        ->setEnabled(mapping().validationError().isEmpty() && !nameEdit_->text().trimmed().isEmpty());
}

}  // namespace ts::ui
