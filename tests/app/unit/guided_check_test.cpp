// SPDX-License-Identifier: GPL-3.0-or-later
// "Is fine-tuning the right tool?": the recommendation for every combination of answers, and the
// record stored in a real project file (saved, reloaded after reopening, damaged values ignored).
#include "app/guidance/guided_check.h"
#include "app/store/project_store.h"
#include "store_test_support.h"

#include <gtest/gtest.h>

#include <QDateTime>
#include <QTemporaryDir>

namespace ts {
namespace {

TEST(GuidedCheck, EveryCombinationOfAnswersFollowsThePriorityRule) {
    // All eight combinations, each verdict written out from the rule as documented, so a
    // changed priority fails here.
    struct Case {
        bool knowledge, instructions, inconsistent;
        GuidedCheckVerdict expected;
    };
    const Case cases[] = {
        {false, false, false, GuidedCheckVerdict::NoClearNeed},
        {false, false, true, GuidedCheckVerdict::FineTune},
        {false, true, false, GuidedCheckVerdict::ImprovePromptsFirst},
        {false, true, true, GuidedCheckVerdict::ImprovePromptsFirst},
        {true, false, false, GuidedCheckVerdict::UseRetrieval},
        {true, false, true, GuidedCheckVerdict::UseRetrieval},
        {true, true, false, GuidedCheckVerdict::UseRetrieval},
        {true, true, true, GuidedCheckVerdict::UseRetrieval},
    };
    for (const Case& c : cases) {
        const GuidedCheckAnswers answers{c.knowledge, c.instructions, c.inconsistent};
        EXPECT_EQ(recommendGuidedCheck(answers), c.expected)
            << c.knowledge << c.instructions << c.inconsistent;
    }
}

TEST(GuidedCheck, VerdictIdsRoundTripAndAdviceIsDistinct) {
    QStringList ids, headlines;
    for (GuidedCheckVerdict verdict :
         {GuidedCheckVerdict::UseRetrieval, GuidedCheckVerdict::ImprovePromptsFirst,
          GuidedCheckVerdict::FineTune, GuidedCheckVerdict::NoClearNeed}) {
        const QString id = guidedCheckVerdictId(verdict);
        ASSERT_FALSE(id.isEmpty());
        EXPECT_EQ(guidedCheckVerdictFromId(id), verdict);
        const GuidedCheckAdvice advice = guidedCheckAdvice(verdict);
        EXPECT_FALSE(advice.headline.isEmpty());
        EXPECT_GT(advice.explanation.size(), 80);
        ids << id;
        headlines << advice.headline;
    }
    ids.removeDuplicates();
    headlines.removeDuplicates();
    EXPECT_EQ(ids.size(), 4);
    EXPECT_EQ(headlines.size(), 4);
    EXPECT_FALSE(guidedCheckVerdictFromId(QStringLiteral("fine-tune")).has_value());
    EXPECT_TRUE(guidedCheckAdvice(GuidedCheckVerdict::UseRetrieval)
                    .headline.contains(QStringLiteral("retrieval")));
    EXPECT_EQ(guidedCheckQuestions().size(), 3);
}

TEST(GuidedCheck, SavedInTheProjectAndReadBackAfterReopening) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("check.tsproj"));
    const GuidedCheckAnswers answers{false, false, true};
    {
        ProjectStore store;
        ASSERT_TRUE(store.open(path, OpenMode::CreateNew).ok);
        EXPECT_FALSE(loadGuidedCheck(store).has_value());  // a new project has none
        ASSERT_TRUE(saveGuidedCheck(store, answers));
        // The raw keys, as other tools reading the project see them.
        EXPECT_EQ(store.meta(QStringLiteral("guided_check.needs_missing_knowledge")),
                  QStringLiteral("no"));
        EXPECT_EQ(store.meta(QStringLiteral("guided_check.instructions_would_suffice")),
                  QStringLiteral("no"));
        EXPECT_EQ(store.meta(QStringLiteral("guided_check.inconsistent_across_calls")),
                  QStringLiteral("yes"));
        EXPECT_EQ(store.meta(QStringLiteral("guided_check.recommendation")),
                  QStringLiteral("fine_tune"));
        store.close();
    }
    ProjectStore reopened;
    ASSERT_TRUE(reopened.open(path, OpenMode::OpenExisting).ok);
    const auto record = loadGuidedCheck(reopened);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(record->answers, answers);
    EXPECT_EQ(record->verdict, GuidedCheckVerdict::FineTune);
    const QDateTime completed = QDateTime::fromString(record->completedAt, Qt::ISODateWithMs);
    ASSERT_TRUE(completed.isValid()) << record->completedAt.toStdString();
    EXPECT_LT(qAbs(completed.secsTo(QDateTime::currentDateTimeUtc())), 120);

    // Answering again replaces the record.
    ASSERT_TRUE(saveGuidedCheck(reopened, {true, false, true}));
    EXPECT_EQ(loadGuidedCheck(reopened)->verdict, GuidedCheckVerdict::UseRetrieval);

    // A value this version never writes makes the record absent, not half-read.
    ASSERT_TRUE(reopened.setMeta(QStringLiteral("guided_check.needs_missing_knowledge"),
                                 QStringLiteral("maybe")));
    EXPECT_FALSE(loadGuidedCheck(reopened).has_value());
}

TEST(GuidedCheck, SavingToAClosedStoreFails) {
    ProjectStore closed;
    EXPECT_FALSE(saveGuidedCheck(closed, {}));
    EXPECT_FALSE(loadGuidedCheck(closed).has_value());
}

}  // namespace
}  // namespace ts
