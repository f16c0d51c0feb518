// A history of ENTRIES sends (100,000 by default) opened in the HistoryPanel, offscreen: the time until
// the rows are shown, the longest GUI event-loop stall meanwhile (a 1 ms timer's worst gap), scrolling
// through it, a search, reopening an entry and a live append. Reports figures; asserts nothing.
//
//   bench_history [ENTRIES] [--dir DIR]   (DIR: keep the generated history there, and reuse it next time)

#include "history/historymodel.h"
#include "history/historypanel.h"
#include "workspace/historystore.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <string>
#include <optional>

using namespace fhw;
using namespace fhw::workspace;

namespace {

double msSince(const QElapsedTimer &timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

// CPU time of the calling thread: what a figure costs, whatever else the machine is busy with.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// The longest gap between ticks of a 1 ms timer: how long the event loop was kept from running.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            m_worst = std::max(m_worst, msSince(m_sinceTick));
            m_sinceTick.start();
        });
    }
    void start()
    {
        m_worst = 0;
        m_sinceTick.start();
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return std::max(m_worst, msSince(m_sinceTick));
    }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    double m_worst = 0;
};

template<typename Predicate>
bool spinUntil(Predicate done, int timeoutMs = 120'000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

transport::SendRequest request(int n)
{
    transport::SendRequest out;
    out.target.url = "https://partner-" + std::to_string(n % 7) + ".example.com/firehose/" + std::to_string(n);
    out.type = n % 5 == 0 ? protocol::MessageType::AudienceMembershipChangeRequest
                          : protocol::MessageType::EventProcessingRequest;
    protocol::Json events = protocol::Json::array();
    for (int e = 0; e < 4; ++e)
        events.push_back(protocol::Json{{"type", "custom_event"},
                                        {"data", {{"event_name", "event " + std::to_string(e)},
                                                  {"timestamp_ms", 1700000000000 + n},
                                                  {"custom_attributes", {{"plan", "gold"}, {"n", std::to_string(n)}}}}}});
    out.body = protocol::Json{{"type", std::string(protocol::wireName(out.type))},
                              {"id", "6f1c2b7e-0000-4000-8000-" + std::to_string(100000000000 + n)},
                              {"timestamp_ms", 1700000000000 + n},
                              {"source_id", "bench"},
                              {"events", events}}
                   .dump(2);
    out.options.token = "bench-token-0123456789abcdef";
    return out;
}

transport::SendResult result(const transport::SendRequest &req, int n)
{
    transport::SendResult out;
    out.url = req.target.url;
    out.requestType = req.type;
    transport::Attempt attempt;
    attempt.status = n % 97 == 0 ? 503 : 200;
    attempt.headers = {{"Content-Type", "application/json"}, {"Content-Length", "120"}};
    attempt.body = "{\"type\":\"event_processing_response\",\"id\":\"x\",\"processing_results\":[]}";
    attempt.timings = {100, 300, 0, 320, 4000 + n % 5000, 4100 + n % 5000};
    out.attempts.push_back(attempt);
    out.verdict = attempt.status == 200 ? transport::Verdict::Success : transport::Verdict::Exhausted;
    out.summary = std::to_string(attempt.status) + " in " + std::to_string(attempt.timings.totalUs / 1000) + " ms";
    return out;
}

// Writes the entry files and the index directly (no fsync per file: HistoryStore::append's QSaveFile
// syncs each entry, about 10 ms apiece on this disk), in HistoryStore's own format.
void generate(const QString &dir, int entries)
{
    QDir().mkpath(dir);
    std::string index = history::headerLine();
    const auto start = std::chrono::system_clock::now() - std::chrono::hours(24 * 30);
    for (int n = 0; n < entries; ++n) {
        const auto req = request(n);
        HistoryRow row;
        const std::string id = history::makeId(static_cast<std::uint64_t>(n + 1), static_cast<std::uint32_t>(n * 2654435761u));
        const protocol::Json entry = history::makeEntry(id, start + std::chrono::seconds(n * 20), result(req, n), req, &row);
        std::ofstream(QFile::encodeName(QDir(dir).filePath(QString::fromStdString(id) + QStringLiteral(".json"))).toStdString())
            << entry.dump(2) << '\n';
        index += history::indexLine(row);
    }
    std::ofstream(QFile::encodeName(QDir(dir).filePath(QStringLiteral("index.jsonl"))).toStdString()) << index;
}

// Resident memory in MB (Linux), to show what the rows cost.
double residentMb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:"))
            return std::stod(line.substr(6)) / 1024.0;
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    int entries = 100'000;
    QString dir;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--dir") && i + 1 < args.size())
            dir = args[++i];
        else
            entries = args[i].toInt();
    }
    std::optional<QTemporaryDir> temporary;
    if (dir.isEmpty()) {
        temporary.emplace();
        dir = temporary->filePath(QStringLiteral("history"));
    }

    QElapsedTimer timer;
    if (!QFile::exists(QDir(dir).filePath(QStringLiteral("index.jsonl")))) {
        timer.start();
        generate(dir, entries);
        std::printf("generate %d entries (files + index, no fsync): %.0f ms\n", entries, msSince(timer));
    }
    {
        HistoryStore store(dir, 10'000'000);
        timer.start();
        double cpu = threadCpuMs();
        const auto rows = store.list();
        const double first = msSince(timer), firstCpu = threadCpuMs() - cpu;
        timer.start();
        cpu = threadCpuMs();
        (void)store.list();
        std::printf("HistoryStore::list(): %zu rows; first call (index + folder check) %.0f ms (%.0f ms CPU), "
                    "again (index only) %.0f ms (%.0f ms CPU)\n",
                    rows ? rows->size() : 0, first, firstCpu, msSince(timer), threadCpuMs() - cpu);
    }

    HistoryStore store(dir, 10'000'000);
    gui::HistoryPanel panel;
    panel.resize(1200, 800);
    panel.show();
    auto *table = panel.findChild<QTableView *>(QStringLiteral("historyTable"));
    auto *search = panel.findChild<QLineEdit *>(QStringLiteral("historySearch"));
    QAbstractItemModel *model = table->model();
    spinUntil([] { return false; }, 200); // settle

    const double rssBefore = residentMb();
    StallMeter stall;
    // The model reset that installs the rows, on the GUI thread (the view relayouts its 100,000 rows).
    QElapsedTimer resetTimer;
    double resetMs = 0;
    QObject::connect(model, &QAbstractItemModel::modelAboutToBeReset, &panel, [&] { resetTimer.start(); });
    QObject::connect(model, &QAbstractItemModel::modelReset, &panel, [&] { resetMs = std::max(resetMs, msSince(resetTimer)); });
    bool loaded = false;
    QObject::connect(&panel, &gui::HistoryPanel::loaded, &panel, [&] { loaded = true; });
    stall.start();
    timer.start();
    panel.setStore(&store);
    const double setStoreMs = msSince(timer);
    spinUntil([&] { return loaded; });
    QElapsedTimer paintTimer;
    paintTimer.start();
    table->viewport()->repaint();
    const double paintMs = msSince(paintTimer);
    const double shownMs = msSince(timer);
    spinUntil([] { return false; }, 100);
    const double openStall = stall.stop();
    std::printf("open: setStore() returned in %.1f ms; %d rows shown after %.0f ms; worst event-loop stall %.1f ms "
                "(the model reset %.1f ms, the first paint %.1f ms)\n",
                setStoreMs, model->rowCount(), shownMs, openStall, resetMs, paintMs);
    std::printf("memory: %.0f MB resident more with the rows shown\n", residentMb() - rssBefore);

    // Scrolling: page by page through the first 200 pages, then jumps across the whole range.
    QScrollBar *bar = table->verticalScrollBar();
    double worstStep = 0, totalSteps = 0;
    int steps = 0;
    const auto step = [&](int value) {
        QElapsedTimer one;
        one.start();
        bar->setValue(value);
        table->viewport()->repaint();
        QCoreApplication::processEvents();
        const double ms = msSince(one);
        worstStep = std::max(worstStep, ms);
        totalSteps += ms;
        ++steps;
    };
    for (int page = 0; page < 200; ++page)
        step(bar->value() + bar->pageStep());
    const double pagingWorst = worstStep, pagingAverage = totalSteps / steps;
    worstStep = totalSteps = 0;
    steps = 0;
    for (int jump = 0; jump <= 50; ++jump)
        step(static_cast<int>(static_cast<long long>(bar->maximum()) * ((jump * 37) % 51) / 50));
    step(bar->maximum());
    step(0);
    std::printf("scroll: 200 page-downs avg %.2f ms, worst %.2f ms; 53 jumps (to the end and back) avg %.2f ms, worst %.2f ms\n",
                pagingAverage, pagingWorst, totalSteps / steps, worstStep);
    timer.start();
    table->scrollToBottom();
    table->viewport()->repaint();
    QCoreApplication::processEvents();
    std::printf("scrollToBottom + paint: %.2f ms\n", msSince(timer));

    // A search typed as a whole (the debounce then one filter job over every row).
    const int before = model->rowCount();
    stall.start();
    timer.start();
    search->setText(QStringLiteral("firehose/4242"));
    spinUntil([&] { return model->rowCount() != before; });
    const double searchMs = msSince(timer);
    spinUntil([] { return false; }, 50);
    std::printf("search \"firehose/4242\": %d rows after %.0f ms (200 ms of it the typing debounce); worst stall %.1f ms\n",
                model->rowCount(), searchMs, stall.stop());
    stall.start();
    timer.start();
    search->clear();
    spinUntil([&] { return model->rowCount() == before; });
    std::printf("search cleared: %d rows after %.0f ms; worst stall %.1f ms\n", model->rowCount(), msSince(timer), stall.stop());

    // Reopening the newest entry.
    bool reopened = false;
    QObject::connect(&panel, &gui::HistoryPanel::reopenRequested, &panel, [&] { reopened = true; });
    table->setCurrentIndex(model->index(0, 0));
    table->selectRow(0);
    stall.start();
    timer.start();
    panel.openSelected();
    spinUntil([&] { return reopened; });
    std::printf("reopen an entry: %.1f ms; worst stall %.1f ms\n", msSince(timer), stall.stop());

    // A send recorded while 100,000 rows are shown (append runs off the GUI thread; QSaveFile syncs).
    const auto req = request(entries + 1);
    stall.start();
    timer.start();
    panel.record(result(req, entries + 1), req);
    spinUntil([&] { return model->rowCount() == before + 1; });
    std::printf("record a send: row shown after %.1f ms; worst stall %.1f ms\n", msSince(timer), stall.stop());

    // Switching away (the next workspace) and back.
    stall.start();
    timer.start();
    panel.setStore(nullptr);
    std::printf("setStore(nullptr) with %d rows: %.1f ms\n", before + 1, msSince(timer));
    (void)stall.stop();
    return 0;
}
