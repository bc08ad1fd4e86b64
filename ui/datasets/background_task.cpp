// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/datasets/background_task.h"

#include "app/store/project_store.h"

#include <QFutureWatcher>
#include <QProgressDialog>
#include <QSqlDatabase>
#include <QUuid>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace ts::ui {

BackgroundTask::BackgroundTask(QWidget* parent, QString projectPath, Work work, Done done)
    : QObject(parent), projectPath_(std::move(projectPath)), work_(std::move(work)),
      done_(std::move(done)), cancelled_(std::make_shared<std::atomic<bool>>(false)) {}

BackgroundTask* BackgroundTask::start(QWidget* parent, const QString& projectPath,
                                      const QString& label, Work work, Done done) {
    auto* task = new BackgroundTask(parent, projectPath, std::move(work), std::move(done));
    if (label.isEmpty()) {  // quiet work (e.g. statistics): no dialog
        task->run();
        return task;
    }
    task->progress_ = new QProgressDialog(label, tr("Cancel"), 0, 0, parent);
    task->progress_->setObjectName(QStringLiteral("backgroundProgress"));
    task->progress_->setWindowTitle(tr("Working"));
    task->progress_->setWindowModality(Qt::WindowModal);
    task->progress_->setMinimumDuration(400);  // quick work shows no dialog at all
    task->progress_->setAutoClose(false);
    task->progress_->setAutoReset(false);
    connect(task->progress_, &QProgressDialog::canceled, task,
            [task] { task->cancelled_->store(true); });
    task->run();
    return task;
}

void BackgroundTask::run() {
    running_ = true;
    auto error = std::make_shared<QString>();
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, error] {
        running_ = false;
        const bool cancelled = cancelled_->load();
        if (progress_) {
            progress_->hide();
            progress_->deleteLater();
        }
        if (done_) done_(cancelled ? QString() : *error, cancelled);
        emit finished();
        deleteLater();
    });
    // The work gets its own connection: one SQLite connection per thread.
    watcher->setFuture(QtConcurrent::run([path = projectPath_, work = work_,
                                          cancelled = cancelled_, error] {
        ProjectStore store;
        const OpenResult opened = store.open(path, OpenMode::OpenExisting);
        if (!opened.ok) {
            *error = opened.error;
            return;
        }
        try {
            QSqlDatabase db = store.database();
            work(db, *cancelled);
        } catch (const std::exception& e) {
            *error = QString::fromStdString(e.what());
        }
    }));
}

}  // namespace ts::ui
