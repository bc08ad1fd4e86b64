// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The worker side of the jobs the Datasets page runs in the background (import, token count):
// the project opened again on the worker thread (one SQLite connection per thread), the work run
// there, and its result or error handed to the job's own thread.
//
// Handed over by posting, not by emitting from the worker: a listener then runs on the job's
// thread whatever its connection type (QSignalSpy's direct connection would otherwise race with
// the owner), everything arrives in the order it was posted (every progress before the result),
// and a job destroyed first drops what is still queued.
#include "app/store/project_store.h"

#include <QMetaObject>
#include <QObject>
#include <QString>

#include <exception>
#include <utility>

namespace ts {

// Runs `f` on `owner`'s thread, after everything posted to it before.
template <typename F>
void postTo(QObject* owner, F&& f) {
    QMetaObject::invokeMethod(owner, std::forward<F>(f), Qt::QueuedConnection);
}

// Call on the worker thread. Opens `projectPath`, runs `work(db)` and posts `onResult(result)` to
// `owner`'s thread - or `onError(message)` when the project cannot be opened or the work throws.
template <typename Work, typename OnResult, typename OnError>
void runWithProjectConnection(QObject* owner, const QString& projectPath, Work work,
                              OnResult onResult, OnError onError) {
    ProjectStore store;
    const OpenResult opened = store.open(projectPath, OpenMode::OpenExisting);
    if (!opened.ok) {
        postTo(owner, [onError, error = opened.error] { onError(error); });
        return;
    }
    try {
        auto result = work(store.database());
        postTo(owner, [onResult, result = std::move(result)] { onResult(result); });
    } catch (const std::exception& e) {
        postTo(owner, [onError, error = QString::fromStdString(e.what())] { onError(error); });
    }
}

}  // namespace ts
