#pragma once

#include "readiness/conformancereport.h"
#include "readiness/loadresult.h"

#include <QWidget>

#include <cstdint>
#include <optional>
#include <string>

class QLabel;
class QPushButton;
class QThreadPool;

namespace fhw::gui {

// Section 4a: the readiness reports that go into the bundle when run: the conformance report (JSON and
// JUnit) and the latency report (JSON). They come from the Readiness panel through the setters, or from
// files `fhw check --json` / `fhw load --json` wrote. Serialising a long run's report and reading files
// happen in the panel's pool.
class ReportsSection : public QWidget
{
    Q_OBJECT

public:
    // A report ready for the bundle (built in the pool).
    struct Conformance;
    struct Latency;

    ReportsSection(QThreadPool *pool, QWidget *parent = nullptr);

    void setConformanceReport(const readiness::ConformanceReport &report);
    void setLoadResult(const readiness::LoadResult &result);
    void loadConformanceFile(const QString &path);
    void loadLatencyFile(const QString &path);
    void clearConformance();
    void clearLatency();

    const std::optional<std::string> &conformanceJson() const { return m_conformanceJson; }
    const std::optional<std::string> &conformanceJUnit() const { return m_conformanceJUnit; }
    const std::optional<std::string> &latencyJson() const { return m_latencyJson; }
    bool isBusy() const { return m_busy > 0; }

Q_SIGNALS:
    void changed();
    void loadFailed(const QString &message);

private:
    void takeConformance(Conformance conformance, std::uint64_t revision);
    void takeLatency(Latency latency, std::uint64_t revision);
    void chooseFile(bool conformance);
    void endBusy();

    QThreadPool *m_pool;
    std::optional<std::string> m_conformanceJson;
    std::optional<std::string> m_conformanceJUnit;
    std::optional<std::string> m_latencyJson;
    std::uint64_t m_conformanceRevision = 0;
    std::uint64_t m_latencyRevision = 0;
    int m_busy = 0;

    QLabel *m_conformanceState;
    QLabel *m_latencyState;
    QLabel *m_message;
    QPushButton *m_clearConformance;
    QPushButton *m_clearLatency;
};

} // namespace fhw::gui
