// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety: a child process labels, edits outputs and preference answers, and stores generated
// candidate pairs in a loop, printing each committed id; it is killed with SIGKILL mid-work.
// Afterwards the project must hold every id it reported, pass SQLite's integrity and foreign-key
// checks, and keep the history consistent (each example has at most one current row per
// annotator and kind and at most one current candidate pair, superseded rows point at existing
// rows).
#include "dataset_test_support.h"

#include "../annotation_fixture_data.h"
#include "app/annotation/label_set.h"

#include <QProcess>

#include <thread>

using namespace ts;

namespace {
QString helperPath() {
    return QStringLiteral(TS_BUILD_DIR "/bin/annotation_kill_helper");
}
}  // namespace

class AnnotationKillTest : public test::ProjectFixture {};

TEST_F(AnnotationKillTest, KilledMidLabelingLosesNothingCommitted) {
    if (!QFile::exists(helperPath()))
        GTEST_SKIP() << "helper not built: " << helperPath().toStdString();
    ASSERT_GT(test::importJsonl(db(), dir_.path(), QStringLiteral("chat"), test::chatLines(40)), 0);
    for (const char* name : {"good", "bad", "unsure"}) LabelSet(db()).add(QString::fromLatin1(name));
    store_.close();

    for (int round = 0; round < 3; ++round) {
        QProcess child;
        child.start(helperPath(), {projectPath_, QStringLiteral("worker%1").arg(round % 2)});
        ASSERT_TRUE(child.waitForStarted(10000));
        // Let it commit a good number of actions, then kill it without warning.
        QList<qint64> reported, candidates;
        QByteArray pending;
        auto take = [&](const QByteArray& line) {
            if (line.startsWith("committed "))
                reported << line.mid(10).toLongLong();
            else if (line.startsWith("candidates "))
                candidates << line.mid(11).toLongLong();
            else
                return false;
            return true;
        };
        const int target = 150 + 70 * round;
        while (reported.size() < target) {
            ASSERT_TRUE(child.waitForReadyRead(20000))
                << "helper stalled: " << child.readAllStandardError().toStdString();
            pending += child.readAllStandardOutput();
            int newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(newline);
                pending.remove(0, newline + 1);
                ASSERT_TRUE(take(line)) << line.toStdString();
            }
        }
        child.kill();  // SIGKILL on Unix
        ASSERT_TRUE(child.waitForFinished(10000));
        EXPECT_EQ(child.exitStatus(), QProcess::CrashExit);
        // Lines printed after our last read also count as committed.
        pending += child.readAllStandardOutput();
        for (const QByteArray& line : pending.split('\n')) take(line);

        ProjectStore reopened;
        const OpenResult result = reopened.open(projectPath_, OpenMode::OpenExisting);
        ASSERT_TRUE(result.ok) << result.error.toStdString();
        {  // the connection handle must be gone before close()
            QSqlDatabase rdb = reopened.database();
            auto scalar = [&](const QString& sql) {
                QSqlQuery q(rdb);
                EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
                return q.next() ? q.value(0) : QVariant();
            };
            EXPECT_EQ(scalar(QStringLiteral("PRAGMA integrity_check")).toString(),
                      QStringLiteral("ok"));
            EXPECT_FALSE(scalar(QStringLiteral("PRAGMA foreign_key_check")).isValid());
            // Every reported id is there. (An output edit amends its row in place, so later
            // keystrokes report the same id again.)
            for (qint64 id : reported)
                EXPECT_TRUE(
                    scalar(QStringLiteral("SELECT 1 FROM annotations WHERE id = %1").arg(id))
                        .isValid())
                    << "committed annotation " << id << " lost in round " << round;
            EXPECT_EQ(
                scalar(QStringLiteral(
                           "SELECT count(*) FROM (SELECT example_id, annotator_id, kind FROM "
                           "annotations "
                           "WHERE superseded_by IS NULL GROUP BY 1, 2, 3 HAVING count(*) > 1)"))
                    .toLongLong(),
                0);
            EXPECT_EQ(
                scalar(QStringLiteral("SELECT count(*) FROM annotations a WHERE superseded_by "
                                      "IS NOT NULL AND NOT EXISTS (SELECT 1 FROM annotations s "
                                      "WHERE s.id = a.superseded_by)"))
                    .toLongLong(),
                0);
            EXPECT_GE(scalar(QStringLiteral("SELECT count(*) FROM annotations")).toLongLong(), 1);
            // Every stored candidate pair is there, and each example has at most one current pair.
            EXPECT_FALSE(candidates.isEmpty());
            for (qint64 id : candidates)
                EXPECT_TRUE(scalar(QStringLiteral("SELECT 1 FROM preference_candidates WHERE id = %1")
                                       .arg(id))
                                .isValid())
                    << "stored candidates " << id << " lost in round " << round;
            EXPECT_EQ(scalar(QStringLiteral("SELECT count(*) FROM (SELECT example_id FROM "
                                            "preference_candidates WHERE superseded_by IS NULL "
                                            "GROUP BY 1 HAVING count(*) > 1)"))
                          .toLongLong(),
                      0);
        }
        reopened.close();
    }
}
