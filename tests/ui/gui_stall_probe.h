// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Instruments the GUI thread for the UI-stall benchmark (docs/benchmarks.md, "UI
// responsiveness"):
//  - StallProbe: a 1 ms PreciseTimer whose ticks measure the longest gap of the event loop, in
//    wall time and in the GUI thread's own CPU time (CLOCK_THREAD_CPUTIME_ID: the work done in
//    one go, without the time the OS gave to other processes).
//  - ProfilingApplication: a QApplication whose notify() times every top-level event delivery
//    on the GUI thread (receiver class + event type), so the probe can say what filled its
//    longest gap: which handlers ran, how often, and for how long.
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QHash>
#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <vector>

namespace ts::test {

inline double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// What one kind of event delivery cost within a gap.
struct HandlerCost {
    QString what;  // "ts::EngineThread MetaCall"
    int count = 0;
    double cpuMs = 0;
    double longestCpuMs = 0;
    double wallMs = 0;  // time inside the handler, running or not (blocked on I/O, descheduled)
    double longestWallMs = 0;
};

class ProfilingApplication : public QApplication {
public:
    ProfilingApplication(int& argc, char** argv) : QApplication(argc, argv) {}

    bool notify(QObject* receiver, QEvent* event) override {
        // Only deliveries on the GUI thread, and only the outermost one (nested deliveries are
        // part of their parent's cost).
        if (!recording_ || depth_ > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        const int type = int(event->type());
        const QMetaObject* meta = receiver->metaObject();
        ++depth_;
        const double before = threadCpuMs();
        QElapsedTimer wall;
        wall.start();
        const bool result = QApplication::notify(receiver, event);
        const double spent = threadCpuMs() - before;
        const double spentWall = double(wall.nsecsElapsed()) / 1e6;
        --depth_;
        // Timers are told apart by their object names ("metricFlushTimer", ...).
        const QString name = type == QEvent::Timer ? receiver->objectName() : QString();
        Key key{meta, type, name};
        auto it = current_.find(key);
        if (it == current_.end()) {
            HandlerCost cost;
            cost.what = QStringLiteral("%1%2 %3")
                            .arg(QString::fromLatin1(meta->className()),
                                 name.isEmpty() ? QString() : QStringLiteral(" '%1'").arg(name), eventName(type));
            it = current_.insert(key, cost);
        }
        ++it->count;
        it->cpuMs += spent;
        it->longestCpuMs = std::max(it->longestCpuMs, spent);
        it->wallMs += spentWall;
        it->longestWallMs = std::max(it->longestWallMs, spentWall);
        return result;
    }

    void setRecording(bool on) {
        recording_ = on;
        current_.clear();
    }
    // The deliveries since the last call, most expensive first; starts a new window.
    std::vector<HandlerCost> takeWindow() {
        std::vector<HandlerCost> out;
        for (const HandlerCost& c : std::as_const(current_)) out.push_back(c);
        current_.clear();
        std::sort(out.begin(), out.end(),
                  [](const HandlerCost& a, const HandlerCost& b) { return a.cpuMs > b.cpuMs; });
        return out;
    }

private:
    struct Key {
        const QMetaObject* meta;
        int type;
        QString name;
        bool operator==(const Key& o) const { return meta == o.meta && type == o.type && name == o.name; }
    };
    friend size_t qHash(const Key& k, size_t seed) { return qHashMulti(seed, k.meta, k.type, k.name); }

    static QString eventName(int type) {
        switch (type) {
        case QEvent::MetaCall: return QStringLiteral("MetaCall (queued signal)");
        case QEvent::Timer: return QStringLiteral("Timer");
        case QEvent::UpdateRequest: return QStringLiteral("UpdateRequest (paint)");
        case QEvent::Paint: return QStringLiteral("Paint");
        case QEvent::LayoutRequest: return QStringLiteral("LayoutRequest");
        case QEvent::DeferredDelete: return QStringLiteral("DeferredDelete");
        default: return QStringLiteral("event %1").arg(type);
        }
    }

    bool recording_ = false;
    int depth_ = 0;
    QHash<Key, HandlerCost> current_;
};

// The gaps between 1 ms timer ticks; with a ProfilingApplication it also keeps what ran in the
// window before the tick that ended the longest own-CPU gap.
struct StallProbe {
    QTimer timer;
    QElapsedTimer wall, total;
    double lastCpuMs = 0;
    double longestWallMs = 0;
    double cpuInLongestWallMs = 0;  // own CPU time within the longest wall-time gap
    double longestCpuMs = 0;
    std::vector<HandlerCost> longestWindow;      // deliveries in the gap of longestCpuMs
    std::vector<HandlerCost> longestWallWindow;  // deliveries in the gap of longestWallMs

    StallProbe() {
        timer.setInterval(1);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const double wallMs = double(wall.nsecsElapsed()) / 1e6;
            wall.restart();
            const double cpu = threadCpuMs();
            std::vector<HandlerCost> window;
            if (auto* app = dynamic_cast<ProfilingApplication*>(QCoreApplication::instance()))
                window = app->takeWindow();
            if (wallMs > longestWallMs) {
                longestWallMs = wallMs;
                cpuInLongestWallMs = cpu - lastCpuMs;  // the rest: the thread was not running
                longestWallWindow = window;
            }
            if (cpu - lastCpuMs > longestCpuMs) {
                longestCpuMs = cpu - lastCpuMs;
                longestWindow = std::move(window);
            }
            lastCpuMs = cpu;
        });
    }
    void start() {
        if (auto* app = dynamic_cast<ProfilingApplication*>(QCoreApplication::instance()))
            app->setRecording(true);
        wall.start();
        total.start();
        lastCpuMs = threadCpuMs();
        timer.start();
    }
    void stop() {
        timer.stop();
        if (auto* app = dynamic_cast<ProfilingApplication*>(QCoreApplication::instance()))
            app->setRecording(false);
    }
    double seconds() const { return double(total.elapsed()) / 1e3; }

    // "3 × ts::EngineThread MetaCall … 1.2 ms (longest 0.5 ms); …", the costliest first.
    QString longestWindowText(int top = 5) const { return windowText(longestWindow, top, false); }
    // The same for the longest wall-time gap, by wall time inside each handler.
    QString longestWallWindowText(int top = 5) const {
        std::vector<HandlerCost> byWall = longestWallWindow;
        std::sort(byWall.begin(), byWall.end(),
                  [](const HandlerCost& a, const HandlerCost& b) { return a.wallMs > b.wallMs; });
        return windowText(byWall, top, true);
    }
    static QString windowText(const std::vector<HandlerCost>& window, int top, bool wall) {
        QStringList parts;
        for (int i = 0; i < int(window.size()) && i < top; ++i) {
            const HandlerCost& c = window[size_t(i)];
            if (wall) {
                parts << QStringLiteral("%1 x %2: %3 ms wall, %4 ms CPU")
                             .arg(c.count)
                             .arg(c.what)
                             .arg(c.wallMs, 0, 'f', 2)
                             .arg(c.cpuMs, 0, 'f', 2);
                continue;
            }
            parts << QStringLiteral("%1 x %2: %3 ms (longest %4 ms)")
                         .arg(c.count)
                         .arg(c.what)
                         .arg(c.cpuMs, 0, 'f', 2)
                         .arg(c.longestCpuMs, 0, 'f', 2);
        }
        return parts.isEmpty() ? QStringLiteral("(not recorded)") : parts.join(QStringLiteral("; "));
    }
};

}  // namespace ts::test
