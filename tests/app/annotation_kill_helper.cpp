// SPDX-License-Identifier: GPL-3.0-or-later
// Labels and edits examples (outputs and preference answers) of a project in an endless loop
// through AnnotationSession, printing "committed <annotation id>" after each action returns (i.e.
// after its transaction committed), and stores generated candidate pairs, printing
// "candidates <id>".
// The kill test runs it, kills it with SIGKILL mid-work and checks the project afterwards.
//   annotation_kill_helper <project.tsproj> <annotator>
#include "app/annotation/annotation_session.h"
#include "app/store/project_store.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QUndoStack>

#include <cstdio>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: annotation_kill_helper <project> <annotator>\n");
        return 2;
    }
    ts::ProjectStore store;
    const ts::OpenResult opened =
        store.open(QString::fromLocal8Bit(argv[1]), ts::OpenMode::OpenExisting);
    if (!opened.ok) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error));
        return 1;
    }
    std::vector<qint64> labels;
    {
        QSqlQuery q(store.database());
        q.exec(QStringLiteral("SELECT id FROM labels ORDER BY id"));
        while (q.next()) labels.push_back(q.value(0).toLongLong());
    }
    if (labels.empty()) return 1;
    ts::AnnotationSession session(store.database());
    bool failed = false;
    QObject::connect(&session, &ts::AnnotationSession::errorOccurred, [&](const QString& e) {
        std::fprintf(stderr, "error: %s\n", qPrintable(e));
        failed = true;
    });
    session.setAnnotator(QString::fromLocal8Bit(argv[2]));
    session.setQueue({});
    // The id the last action wrote: the newest row of this annotator.
    auto lastId = [&] {
        QSqlQuery q(store.database());
        q.exec(QStringLiteral("SELECT max(id) FROM annotations WHERE annotator_id = %1")
                   .arg(session.annotatorId()));
        return q.next() ? q.value(0).toLongLong() : 0;
    };
    for (long step = 0; !failed; ++step) {
        session.goTo(int(step % session.count()));
        if (step % 7 == 6) {
            // A generated pair, as the view stores it when the model is done.
            session.storeCandidates(session.currentExampleId(),
                                    {0, QStringLiteral("first %1").arg(step),
                                     QStringLiteral("second %1").arg(step), QStringLiteral("model"), {}});
            QSqlQuery q(store.database());
            q.exec(QStringLiteral("SELECT max(id) FROM preference_candidates"));
            std::printf("candidates %lld\n", q.next() ? q.value(0).toLongLong() : 0LL);
            std::fflush(stdout);
            continue;
        }
        if (step % 5 == 4)
            session.editPreference(QStringLiteral("chosen %1").arg(step), QStringLiteral("rejected"));
        else if (step % 3 == 2)
            session.setOutputText(QStringLiteral("edited output %1").arg(step));
        else
            session.setLabel(labels[size_t(step) % labels.size()]);
        // Keep memory flat over a long run; undo history is not what this exercises.
        if (session.undoStack()->count() > 100) session.undoStack()->clear();
        std::printf("committed %lld\n", static_cast<long long>(lastId()));
        std::fflush(stdout);
    }
    return 1;
}
