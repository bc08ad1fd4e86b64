// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The column-mapping step of an import: shows the file format and record format that detection
// found, every field mapping (editable), and a preview of the first records as they would be
// imported, with the reason for each record that would be rejected. Accepting yields the
// ImportOptions the import job runs with.
#include "app/datasets/column_mapping.h"
#include "app/datasets/dataset_importer.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace ts::ui {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    // Reads the first records of `path` for detection and preview; throws ts::Error naming the
    // file when it cannot be read. `datasetNames` are the project's datasets (for appending).
    ImportDialog(const QString& path, const QStringList& datasetNames, QWidget* parent = nullptr);

    ImportOptions options() const;
    ColumnMapping mapping() const;
    const DetectionResult& detection() const { return detection_; }
    void setDatasetName(const QString& name);
    void setMapping(const ColumnMapping& mapping);
    // Records in the preview that the current mapping rejects.
    int previewRejectedCount() const { return previewRejected_; }

private:
    void updatePreview();
    void updateFieldRows();
    void updateAcceptable();

    QString path_;
    DetectionResult detection_;
    QList<SourceRow> samples_;
    QComboBox* formatCombo_ = nullptr;
    QComboBox* targetCombo_ = nullptr;
    QLineEdit* nameEdit_ = nullptr;
    QMap<QString, QComboBox*> fieldCombos_;  // by mapping field name ("messages", "prompt", ...)
    QMap<QString, QLabel*> fieldLabels_;
    QTableWidget* preview_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* problem_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    int previewRejected_ = 0;
};

}  // namespace ts::ui
