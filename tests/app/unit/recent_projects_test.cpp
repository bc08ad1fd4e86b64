// SPDX-License-Identifier: GPL-3.0-or-later
// The recent-projects list: order, de-duplication, the limit of ten, and missing files.
#include "app/store/recent_projects.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>

namespace ts {
namespace {

class RecentProjectsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")),
                                                QSettings::IniFormat);
    }
    // Creates an (empty) project file and returns its canonical path.
    QString makeFile(const QString& name) {
        const QString file = dir_.filePath(name);
        QFile f(file);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        return QFileInfo(file).canonicalFilePath();
    }
    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;
};

TEST_F(RecentProjectsTest, MostRecentFirstWithoutDuplicates) {
    RecentProjects recent(*settings_);
    EXPECT_TRUE(recent.paths().isEmpty());
    const QString a = makeFile(QStringLiteral("a.tsproj"));
    const QString b = makeFile(QStringLiteral("b.tsproj"));
    recent.add(a);
    recent.add(b);
    EXPECT_EQ(recent.paths(), (QStringList{b, a}));
    // The same file spelled differently moves to the front instead of appearing twice.
    recent.add(dir_.path() + QStringLiteral("/sub/../a.tsproj"));
    EXPECT_EQ(recent.paths(), (QStringList{a, b}));
    recent.remove(b);
    EXPECT_EQ(recent.paths(), (QStringList{a}));
    recent.clear();
    EXPECT_TRUE(recent.paths().isEmpty());
}

TEST_F(RecentProjectsTest, KeepsAtMostTenAndDropsTheOldest) {
    RecentProjects recent(*settings_);
    QStringList added;
    for (int i = 0; i < 13; ++i) {
        added.prepend(makeFile(QStringLiteral("p%1.tsproj").arg(i)));
        recent.add(added.first());
    }
    ASSERT_EQ(RecentProjects::kMaxEntries, 10);
    EXPECT_EQ(recent.paths(), added.mid(0, 10));
    EXPECT_EQ(settings_->value(RecentProjects::settingsKey()).toStringList().size(), 10);
}

TEST_F(RecentProjectsTest, MissingFilesAreDroppedOnRead) {
    const QString a = makeFile(QStringLiteral("a.tsproj"));
    const QString b = makeFile(QStringLiteral("b.tsproj"));
    {
        RecentProjects recent(*settings_);
        recent.add(a);
        recent.add(b);
    }
    ASSERT_TRUE(QFile::remove(b));
    RecentProjects recent(*settings_);
    EXPECT_EQ(recent.paths(), QStringList{a});
    // Reading does not rewrite the settings (the file may be on a drive that comes back)…
    EXPECT_EQ(settings_->value(RecentProjects::settingsKey()).toStringList(), (QStringList{b, a}));
    // …the next add() does.
    const QString c = makeFile(QStringLiteral("c.tsproj"));
    recent.add(c);
    EXPECT_EQ(settings_->value(RecentProjects::settingsKey()).toStringList(), (QStringList{c, a}));
}

TEST_F(RecentProjectsTest, PersistsThroughTheSettingsFile) {
    const QString a = makeFile(QStringLiteral("a.tsproj"));
    {
        RecentProjects recent(*settings_);
        recent.add(a);
    }
    QSettings reread(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    EXPECT_EQ(RecentProjects(reread).paths(), QStringList{a});
}

}  // namespace
}  // namespace ts
