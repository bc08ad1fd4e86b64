// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the project-store tests: a QCoreApplication for the whole test program
// (Qt loads the QSQLITE driver plugin through it), a plain SQLite connection that is not a
// ProjectStore (to play "another program"), and byte snapshots of files.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <atomic>
#include <memory>

namespace ts::test {

class QtApplicationEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        static int argc = 1;
        static char name[] = "store_test";
        static char* argv[] = {name, nullptr};
        app_ = std::make_unique<QCoreApplication>(argc, argv);
    }
    void TearDown() override { app_.reset(); }

private:
    std::unique_ptr<QCoreApplication> app_;
};

inline ::testing::Environment* const qtEnvironment =
    ::testing::AddGlobalTestEnvironment(new QtApplicationEnvironment);

// A connection of its own to `file`, closed and removed on destruction.
class RawConnection {
public:
    explicit RawConnection(const QString& file, const QString& options = {})
        : name_(QStringLiteral("raw_%1").arg(++counter())) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_);
        db.setDatabaseName(file);
        db.setConnectOptions(options);
        opened_ = db.open();
    }
    ~RawConnection() {
        {
            QSqlDatabase db = QSqlDatabase::database(name_, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool isOpen() const { return opened_; }
    QSqlDatabase db() const { return QSqlDatabase::database(name_, false); }

    bool exec(const QString& sql) {
        QSqlQuery query(db());
        const bool ok = query.exec(sql);
        lastError_ = ok ? QString() : query.lastError().text();
        return ok;
    }
    // First column of the first row; an invalid QVariant when the statement fails or is empty.
    QVariant scalar(const QString& sql) {
        QSqlQuery query(db());
        if (!query.exec(sql)) {
            lastError_ = query.lastError().text();
            return {};
        }
        lastError_.clear();
        return query.next() ? query.value(0) : QVariant();
    }
    QString lastError() const { return lastError_; }

private:
    static std::atomic<int>& counter() {
        static std::atomic<int> value{0};
        return value;
    }
    QString name_;
    bool opened_ = false;
    QString lastError_;
};

inline QByteArray fileBytes(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
}

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return file.write(bytes) == bytes.size();
}

}  // namespace ts::test
