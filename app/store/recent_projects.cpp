// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/store/recent_projects.h"

#include <QFileInfo>
#include <QSettings>

namespace ts {
namespace {

// One spelling per file, so "a/../p.tsproj" and a symlink to it do not fill two slots.
QString normalized(const QString& path) {
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();  // empty when the file is missing
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

bool isExistingFile(const QString& path) { return QFileInfo(path).isFile(); }

}  // namespace

RecentProjects::RecentProjects() : settings_(new QSettings), ownsSettings_(true) {}

RecentProjects::RecentProjects(QSettings& settings) : settings_(&settings), ownsSettings_(false) {}

RecentProjects::~RecentProjects() {
    if (ownsSettings_) delete settings_;
}

QStringList RecentProjects::stored() const {
    return settings_->value(settingsKey()).toStringList();
}

void RecentProjects::store(const QStringList& list) {
    if (list.isEmpty()) {
        settings_->remove(settingsKey());
    } else {
        settings_->setValue(settingsKey(), list);
    }
    settings_->sync();
}

QStringList RecentProjects::paths() const {
    QStringList result;
    for (const QString& path : stored()) {
        if (path.isEmpty() || !isExistingFile(path)) continue;
        const QString key = normalized(path);
        if (result.contains(key)) continue;
        result.append(key);
        if (result.size() == kMaxEntries) break;
    }
    return result;
}

void RecentProjects::add(const QString& path) {
    if (path.trimmed().isEmpty()) return;
    const QString key = normalized(path);
    QStringList list{key};
    for (const QString& entry : stored()) {
        if (list.size() == kMaxEntries) break;
        if (entry.isEmpty() || !isExistingFile(entry)) continue;
        const QString other = normalized(entry);
        if (!list.contains(other)) list.append(other);
    }
    store(list);
}

void RecentProjects::remove(const QString& path) {
    const QString key = normalized(path);
    QStringList list = stored();
    list.removeIf([&](const QString& entry) { return normalized(entry) == key; });
    store(list);
}

void RecentProjects::clear() { store({}); }

}  // namespace ts
