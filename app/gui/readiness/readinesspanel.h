#pragma once

#include "readiness/conformancereport.h"
#include "readiness/loadresult.h"
#include "readiness/loadsettings.h"
#include "transport/httpsender.h"
#include "transport/target.h"

#include <QThreadPool>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QTabWidget;

namespace fhw::gui {

class ConformancePage;
class LoadPage;

// What a readiness run goes against: the target bar's target, the keychain name of its token (empty:
// none) and whether it is a Lambda function (the 200 ms p99 budget instead of 100 ms).
struct ReadinessTarget
{
    transport::Target target;
    QString tokenName;
    bool lambda = false;
};

// "Would mParticle accept this endpoint, and is it fast enough?": the conformance checks (a tree of
// checks with their evidence) and a load run (live Qt Charts of latency percentiles and a histogram
// against the budget), with their reports. One run at a time, on a worker thread: the token is read
// from the keychain there too, and progress comes back to the GUI thread as copies.
class ReadinessPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ReadinessPanel(QWidget *parent = nullptr);
    ~ReadinessPanel() override; // cancels runs and waits for the workers

    void setTargetProvider(std::function<ReadinessTarget()> provider); // asked when a run starts
    void setSendOptions(const transport::SendOptions &options);       // time-outs and TLS from Settings (token ignored)
    bool busy() const;

    // For tests and the lead: start the runs as the buttons do.
    void startConformance();
    void startLoad();
    void cancel();

    readiness::LoadSettings loadSettings() const;
    void setLoadSettings(const readiness::LoadSettings &settings);

Q_SIGNALS:
    void conformanceFinished(const fhw::readiness::ConformanceReport &report);
    void loadFinished(const fhw::readiness::LoadResult &result);
    void failed(const QString &message);

private:
    struct RunControl;
    using ControlPtr = std::shared_ptr<RunControl>;

    // The target for a run, or why there is none (a message for people).
    std::optional<ReadinessTarget> runTarget(const std::vector<protocol::MessageType> &types, QString *problem) const;
    ControlPtr beginRun(bool load);
    void endRun(const ControlPtr &control); // nothing when the run is no longer current
    // On the pool: reads the token (if named) from the keychain, then runs `work` with it there.
    void launch(const ControlPtr &control, const QString &tokenName, std::function<void(std::string &token)> work);
    // From a worker: `function` on the GUI thread, unless that run has ended meanwhile.
    void post(const ControlPtr &control, std::function<void()> function);
    bool isCurrent(const ControlPtr &control) const { return control && control == m_control; }
    void fail(const QString &message);
    void updateState();

    QLabel *m_message;
    QTabWidget *m_tabs;
    ConformancePage *m_conformance;
    LoadPage *m_load;
    std::function<ReadinessTarget()> m_provider;
    transport::SendOptions m_options;
    ControlPtr m_control; // the run under way; null when idle
    bool m_loadRunning = false;
    QThreadPool m_pool;   // the runs' threads (long runs would starve the global pool)
};

} // namespace fhw::gui
