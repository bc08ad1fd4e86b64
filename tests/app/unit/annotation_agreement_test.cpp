// SPDX-License-Identifier: GPL-3.0-or-later
// Cohen's and Fleiss' kappa on textbook tables, agreement read from stored annotations, and the
// conflict queue: a reviewer's resolution clears the conflict but not the measured agreement.
#include "dataset_test_support.h"

#include "../annotation_fixture_data.h"
#include "app/annotation/agreement.h"
#include "app/annotation/annotation_session.h"
#include "app/annotation/label_set.h"
#include "engine/core/error.h"

#include <cmath>

using namespace ts;

namespace {

// Wikipedia's Cohen's kappa example: 50 proposals, A and B say yes/yes 20, yes/no 5, no/yes 10,
// no/no 15. p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4.
void wikipediaCohenTable(std::vector<int>& a, std::vector<int>& b) {
    auto add = [&](int count, int ra, int rb) {
        for (int i = 0; i < count; ++i) {
            a.push_back(ra);
            b.push_back(rb);
        }
    };
    add(20, 0, 0);
    add(5, 0, 1);
    add(10, 1, 0);
    add(15, 1, 1);
}

}  // namespace

TEST(CohensKappa, TextbookTable) {
    std::vector<int> a, b;
    wikipediaCohenTable(a, b);
    const auto kappa = cohensKappa(a, b, 2);
    ASSERT_TRUE(kappa.has_value());
    EXPECT_NEAR(*kappa, 0.4, 1e-12);
}

TEST(CohensKappa, PerfectAgreementChanceAndUndefined) {
    EXPECT_NEAR(*cohensKappa({0, 1, 2, 1}, {0, 1, 2, 1}, 3), 1.0, 1e-12);
    // Both always say the same single category: chance agreement is 1, kappa undefined.
    EXPECT_FALSE(cohensKappa({1, 1, 1}, {1, 1, 1}, 2).has_value());
    EXPECT_FALSE(cohensKappa({}, {}, 2).has_value());
    // Systematic disagreement is worse than chance.
    EXPECT_NEAR(*cohensKappa({0, 1, 0, 1}, {1, 0, 1, 0}, 2), -1.0, 1e-12);
    EXPECT_THROW(cohensKappa({0, 1}, {0}, 2), Error);
    EXPECT_THROW(cohensKappa({0, 5}, {0, 1}, 2), Error);
}

TEST(FleissKappa, TextbookTable) {
    // Fleiss (1971) as on Wikipedia: 10 subjects, 14 raters, 5 categories.
    // P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
    const std::vector<std::vector<int>> counts = {
        {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
        {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
    const auto kappa = fleissKappa(counts);
    ASSERT_TRUE(kappa.has_value());
    EXPECT_NEAR(*kappa, 0.210, 0.0005);
}

TEST(FleissKappa, HandComputedSmallTableAndBadInput) {
    // P_i = 1, 1, 1/3, 1/3 -> P-bar = 2/3; p_j = 1/2, 1/2 -> P_e = 1/2; kappa = 1/3.
    EXPECT_NEAR(*fleissKappa({{3, 0}, {0, 3}, {2, 1}, {1, 2}}), 1.0 / 3.0, 1e-12);
    EXPECT_THROW(fleissKappa({{3, 0}, {1, 1}}), Error);  // unequal rater counts
    EXPECT_THROW(fleissKappa({{1, 0}}), Error);          // one rater
    EXPECT_THROW(fleissKappa({{1, 1}, {2}}), Error);     // ragged
    EXPECT_FALSE(fleissKappa({}).has_value());
}

class AgreementStoreTest : public test::ProjectFixture {
protected:
    void SetUp() override {
        test::ProjectFixture::SetUp();
        versionId_ = test::importJsonl(db(), dir_.path(), QStringLiteral("chat"),
                                       test::chatLines(50));
        ASSERT_GT(versionId_, 0);
        LabelSet labels(db());
        yes_ = labels.add(QStringLiteral("yes"));
        no_ = labels.add(QStringLiteral("no"));
    }
    // Labels every example of the version as `annotator` with labelFor(position).
    void labelAll(const QString& annotator, const std::function<qint64(int)>& labelFor) {
        AnnotationSession session(db());
        session.setAnnotator(annotator);
        session.setQueue({versionId_, QueueFilter::All, std::nullopt, {}});
        for (int i = 0; i < session.count(); ++i) {
            session.goTo(i);
            session.setLabel(labelFor(i));
        }
    }
    qint64 versionId_ = 0, yes_ = 0, no_ = 0;
};

TEST_F(AgreementStoreTest, TwoAnnotatorsGiveCohensKappaOfTheirLabels) {
    std::vector<int> a, b;
    wikipediaCohenTable(a, b);
    labelAll(QStringLiteral("ann"), [&](int i) { return a[size_t(i)] == 0 ? yes_ : no_; });
    labelAll(QStringLiteral("ben"), [&](int i) { return b[size_t(i)] == 0 ? yes_ : no_; });
    const AgreementReport report = labelAgreement(db(), versionId_);
    EXPECT_EQ(report.method, QStringLiteral("cohen"));
    EXPECT_EQ(report.annotatorCount, 2);
    EXPECT_EQ(report.itemCount, 50);
    ASSERT_TRUE(report.overallKappa.has_value());
    EXPECT_NEAR(*report.overallKappa, 0.4, 1e-12);
    // With two labels, "is it yes?" is the same decision as the whole label set.
    ASSERT_EQ(report.perLabel.size(), 2u);
    EXPECT_NEAR(*report.perLabel[0].kappa, 0.4, 1e-12);

    // The conflict queue holds exactly the 15 disagreements.
    const auto conflicts = labelConflicts(db(), versionId_);
    EXPECT_EQ(conflicts.size(), 15u);
    AnnotationSession reviewer(db());
    reviewer.setAnnotator(QStringLiteral("reviewer"));
    reviewer.setQueue({versionId_, QueueFilter::Conflicting, std::nullopt, {}});
    ASSERT_EQ(reviewer.count(), 15);
    for (int i = 0; i < reviewer.count(); ++i) {
        reviewer.goTo(i);
        reviewer.resolveConflict(yes_, QStringLiteral("style guide says yes"));
    }
    EXPECT_TRUE(labelConflicts(db(), versionId_).empty());
    // The resolution is recorded: one reviewer row per conflict, pointing at what it replaced.
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations a JOIN annotators n "
                                   "ON n.id = a.annotator_id WHERE n.name = 'reviewer' AND "
                                   "a.comment = 'style guide says yes' AND a.superseded_by IS NULL")),
              15);
    EXPECT_EQ(count(QStringLiteral("SELECT count(*) FROM annotations a JOIN annotations r "
                                   "ON r.id = a.superseded_by JOIN annotators n "
                                   "ON n.id = r.annotator_id WHERE n.name = 'reviewer'")),
              30);
    // Agreement is still measured on what the annotators said, not on the resolution.
    const AgreementReport after = labelAgreement(db(), versionId_);
    EXPECT_EQ(after.annotatorCount, 2);
    EXPECT_NEAR(*after.overallKappa, 0.4, 1e-12);
    // Undoing a resolution brings its conflict back.
    reviewer.undo();
    EXPECT_EQ(labelConflicts(db(), versionId_).size(), 1u);
}

TEST_F(AgreementStoreTest, ThreeAnnotatorsGiveFleissKappa) {
    // Items 0-24: all three say yes; 25-49: two yes, one no (rotating who dissents).
    // P_i = 1 for 25 items, 1/3 for 25 -> P-bar = 2/3. yes share = (75 + 50)/150 = 5/6.
    // P_e = 25/36 + 1/36 = 26/36; kappa = (2/3 - 26/36) / (1 - 26/36) = -2/10 = -0.2.
    for (int rater = 0; rater < 3; ++rater)
        labelAll(QStringLiteral("rater%1").arg(rater),
                 [&](int i) { return i >= 25 && i % 3 == rater ? no_ : yes_; });
    const AgreementReport report = labelAgreement(db(), versionId_);
    EXPECT_EQ(report.method, QStringLiteral("fleiss"));
    EXPECT_EQ(report.annotatorCount, 3);
    EXPECT_EQ(report.itemCount, 50);
    EXPECT_NEAR(*report.overallKappa, -0.2, 1e-12);
}
