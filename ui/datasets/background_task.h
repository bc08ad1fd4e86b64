// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs one piece of project work (planning a curation, computing statistics, writing a version,
// exporting) on a worker thread with a SQLite connection of its own, so the GUI thread never
// blocks. A progress dialog appears when the work takes longer than a moment; its Cancel sets a
// flag the work may check, and in any case drops the result. `done` runs on the GUI thread.
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QProgressDialog;
class QSqlDatabase;
class QWidget;

namespace ts::ui {

class BackgroundTask : public QObject {
    Q_OBJECT
public:
    using Work = std::function<void(QSqlDatabase& db, const std::atomic<bool>& cancelled)>;
    // `error` is empty on success; `cancelled` when the user pressed Cancel (error then empty).
    using Done = std::function<void(const QString& error, bool cancelled)>;

    // Starts the work at once. The task deletes itself after `done` has run. An empty `label`
    // runs quietly, without a progress dialog.
    static BackgroundTask* start(QWidget* parent, const QString& projectPath, const QString& label,
                                 Work work, Done done);

    bool isRunning() const { return running_; }

signals:
    void finished();

private:
    BackgroundTask(QWidget* parent, QString projectPath, Work work, Done done);
    void run();

    QString projectPath_;
    Work work_;
    Done done_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
    QProgressDialog* progress_ = nullptr;
    bool running_ = false;
};

}  // namespace ts::ui
