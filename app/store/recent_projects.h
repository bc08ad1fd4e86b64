// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "recent projects" list of the start page and the File menu, kept in QSettings.
#include <QString>
#include <QStringList>

class QSettings;

namespace ts {

class RecentProjects {
public:
    static constexpr int kMaxEntries = 10;

    // Uses the application's QSettings (organization and application names as set on
    // QCoreApplication).
    RecentProjects();
    // Uses `settings` (tests pass an INI file). It must outlive this object.
    explicit RecentProjects(QSettings& settings);
    ~RecentProjects();
    RecentProjects(const RecentProjects&) = delete;
    RecentProjects& operator=(const RecentProjects&) = delete;

    // Most recent first, at most kMaxEntries, absolute paths of files that exist now. A file
    // that is missing (e.g. an unplugged drive) is hidden but kept until add() prunes it.
    QStringList paths() const;
    // Puts `path` first (moving it if already listed), then drops missing files and trims the
    // list to kMaxEntries.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

    static QString settingsKey() { return QStringLiteral("recentProjects"); }

private:
    QStringList stored() const;
    void store(const QStringList& list);

    QSettings* settings_;
    bool ownsSettings_;
};

}  // namespace ts
