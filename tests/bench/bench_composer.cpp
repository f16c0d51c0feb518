// The composer with a 10 MB event batch: time until it is loaded, highlighted where visible and
// validated (the `validated` signal), and the worst GUI event-loop stall meanwhile, measured by a
// 1 ms timer recording the gaps between its ticks. Also the most CPU time the GUI thread spent in one
// event (QApplication::notify, outermost): unlike the gaps it does not grow when other processes
// share the cores. Offscreen; asserts nothing.
//
//   bench_composer [EVENTS=15000] [RUNS=3]
//
// BENCH_ONLY_LOAD=1 runs only the first measurement; BENCH_WORST_EVENT=1 prints which event was the
// longest. On a shared machine, `chrt -f 1 bench_composer` keeps other processes' load out of the
// wall-clock figures (the GUI CPU figures do not depend on it).

#include "composer/composerwidget.h"
#include "composer/eventbatchform.h"
#include "composer/jsoneditor.h"

#include "protocol/generator.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTextBlock>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <functional>
#include <utility>

using fhw::gui::ComposerWidget;
using fhw::protocol::Json;

namespace {

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Measures the GUI thread's CPU time in each outermost event delivery.
class BenchApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth++ > 0) {
            const bool handled = QApplication::notify(receiver, event);
            --m_depth;
            return handled;
        }
        const double start = threadCpuMs();
        const int type = event->type(); // the event may be gone afterwards
        const char *name = receiver->metaObject()->className();
        const bool handled = QApplication::notify(receiver, event);
        const double spent = threadCpuMs() - start;
        if (spent > m_worstEventCpu) {
            m_worstEventCpu = spent;
            m_worstEvent = QStringLiteral("%1 to %2").arg(type).arg(QLatin1String(name));
        }
        --m_depth;
        return handled;
    }

    double takeWorstEventCpu() { return std::exchange(m_worstEventCpu, 0.0); }
    QString worstEvent() const { return m_worstEvent; }

private:
    int m_depth = 0;
    double m_worstEventCpu = 0;
    QString m_worstEvent;
};

// Records the longest gap between the ticks of a 1 ms timer: how long the event loop was away.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double gap = double(now - m_last) / 1e6;
            m_worst = std::max(m_worst, gap);
            if (gap > 50)
                ++m_over50;
            if (gap > 100)
                ++m_over100;
            m_last = now;
        });
    }
    void start()
    {
        m_worst = 0;
        m_over50 = m_over100 = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worst() const { return m_worst; }
    int over50() const { return m_over50; }
    int over100() const { return m_over100; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_worst = 0;
    int m_over50 = 0;
    int m_over100 = 0;
};

struct Figure
{
    double readyMs = 0;
    double stallMs = 0;
    int over50 = 0;
    int over100 = 0;
    double guiCpuMs = 0;
    double worstEventCpuMs = 0;
};

// Runs `action`, then the event loop until `done` says so; returns the time and the worst stall.
Figure measure(const std::function<void()> &action, const std::function<bool()> &done)
{
    StallMeter meter;
    meter.start();
    QApplication::processEvents(); // the meter's first tick
    static_cast<BenchApplication *>(qApp)->takeWorstEventCpu();
    QElapsedTimer clock;
    clock.start();
    const double cpu0 = threadCpuMs();
    action();
    const double actionCpu = threadCpuMs() - cpu0; // outside the event loop: counts as one event
    while (!done())
        QApplication::processEvents(QEventLoop::WaitForMoreEvents);
    Figure figure{double(clock.nsecsElapsed()) / 1e6, 0, 0, 0, threadCpuMs() - cpu0};
    // The stall meter's last gap ends with the next tick.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 30)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents);
    meter.stop();
    figure.stallMs = meter.worst();
    figure.over50 = meter.over50();
    figure.over100 = meter.over100();
    figure.worstEventCpuMs = std::max(actionCpu, static_cast<BenchApplication *>(qApp)->takeWorstEventCpu());
    if (qEnvironmentVariableIsSet("BENCH_WORST_EVENT"))
        std::printf("    worst event: %s; the action itself %.1f ms\n",
                    qPrintable(static_cast<BenchApplication *>(qApp)->worstEvent()), actionCpu);
    return figure;
}

void report(const char *what, const Figure &figure)
{
    std::printf("%-46s ready %6.0f ms | stall %5.1f ms (>50: %d, >100: %d) | GUI CPU %5.0f ms, worst event %5.1f ms\n",
                what, figure.readyMs, figure.stallMs, figure.over50, figure.over100, figure.guiCpuMs,
                figure.worstEventCpuMs);
    std::fflush(stdout);
}

// Waits for the next emission of a signal.
template<typename Signal>
std::function<bool()> signalled(ComposerWidget &composer, Signal signal)
{
    auto fired = std::make_shared<bool>(false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(&composer, signal, &composer, [fired, connection] {
        *fired = true;
        QObject::disconnect(*connection);
    });
    return [fired] { return *fired; };
}

std::function<bool()> validatedOnce(ComposerWidget &composer)
{
    return signalled(composer, &ComposerWidget::validated);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    BenchApplication app(argc, argv);
    const int events = argc > 1 ? std::atoi(argv[1]) : 15000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;

    fhw::protocol::GeneratorOptions options;
    options.seed = 11;
    options.eventCount = events;
    const Json message = fhw::protocol::Generator(options).generate(fhw::protocol::MessageType::EventProcessingRequest);
    const QString pretty = QString::fromStdString(message.dump(2));
    const QString compact = QString::fromStdString(message.dump());
    std::printf("event batch: %d events, %.1f MB pretty (%lld lines), %.1f MB minified; %d runs\n", events,
                double(pretty.toUtf8().size()) / 1e6, static_cast<long long>(pretty.count(u'\n') + 1),
                double(compact.toUtf8().size()) / 1e6, runs);

    for (int run = 1; run <= runs; ++run) {
        std::printf("--- run %d\n", run);
        ComposerWidget composer;
        composer.resize(1200, 800);
        composer.show();
        while (composer.isValidationPending()) // the batch it starts with
            QApplication::processEvents(QEventLoop::WaitForMoreEvents);
        auto *editor = composer.editor();

        report("setText(10 MB pretty) -> validated", measure([&] { composer.setText(pretty); }, validatedOnce(composer)));
        std::printf("    errors %d, lines %d, lazily highlighted %s, text intact %s\n", composer.errorCount(),
                    editor->document()->blockCount(), editor->highlightsLazily() ? "yes" : "no",
                    composer.text() == pretty ? "yes" : "no");

        if (qEnvironmentVariableIsSet("BENCH_ONLY_LOAD"))
            continue;

        // Every event broken twice: 30,000 findings to list, mark in the gutter and underline.
        Json broken = message;
        for (Json &event : broken["events"]) {
            event.erase("id");
            event["timestamp_ms"] = "soon";
        }
        const QString brokenText = QString::fromStdString(broken.dump(2));
        report("setText(10 MB, 30,000 findings) -> validated",
               measure([&] { composer.setText(brokenText); }, validatedOnce(composer)));
        std::printf("    errors %d\n", composer.errorCount());
        report("setText(10 MB pretty) again -> validated",
               measure([&] { composer.setText(pretty); }, validatedOnce(composer)));

        report("paint after scrolling to the middle", measure([&] {
                   editor->verticalScrollBar()->setValue(editor->verticalScrollBar()->maximum() / 2);
                   editor->viewport()->repaint();
               }, [] { return true; }));

        report("form: add an event -> validated", measure([&] {
                   composer.findChild<fhw::gui::EventBatchForm *>()->addEvent(QStringLiteral("screen_view"));
               }, validatedOnce(composer)));
        std::printf("    errors %d, events in the text: %zu\n", composer.errorCount(),
                    Json::parse(composer.text().toStdString())["events"].size());

        report("type one character -> validated", measure([&] {
                   editor->moveCursorTo(2, 2);
                   editor->insertPlainText(QStringLiteral(" "));
               }, validatedOnce(composer)));

        // The typed space is not where dump(2) puts spaces: the form's rewrite differs from the
        // text from line 3 to the new event, so it loads anew instead of editing in place.
        report("form: add an event after typing -> validated", measure([&] {
                   composer.findChild<fhw::gui::EventBatchForm *>()->addEvent(QStringLiteral("custom_event"));
               }, validatedOnce(composer)));

        report("formatDocument (already formatted)", measure([&] { composer.formatDocument(); },
                                                             signalled(composer, &ComposerWidget::formatted)));

        report("setText(small) after the large one",
               measure([&] { composer.setText(QStringLiteral("{}")); }, validatedOnce(composer)));
        report("undo: the 10 MB document swapped back", measure([&] { editor->undoChange(); }, [&] {
                   return !composer.isValidationPending();
               }));

        // A large document typed into keeps its own undo history, so Undo swaps it back whole;
        // QPlainTextEdit::setDocument then lays out every line once, in one go.
        editor->moveCursorTo(2, 2);
        editor->insertPlainText(QStringLiteral(" "));
        composer.setText(QStringLiteral("{}"));
        QApplication::processEvents();
        report("undo: a typed-in 10 MB document swapped back", measure([&] { editor->undoChange(); }, [&] {
                   return !composer.isValidationPending();
               }));

        report("setText(7 MB minified) -> re-indented, validated",
               measure([&] { composer.setText(compact); }, validatedOnce(composer)));
        std::printf("    errors %d, lines %d, re-indented %s\n", composer.errorCount(), editor->document()->blockCount(),
                    editor->wasReindented() ? "yes" : "no");

        composer.setText(QStringLiteral("{}"));
        QApplication::processEvents();
        report("generate(seed 11, 15000 events) -> validated",
               measure([&] { composer.generate(11, events, false); }, [&] {
                   return composer.text().size() > 1000 && !composer.isValidationPending();
               }));
    }
    return 0;
}
