#include "readinesspanel.h"

#include "conformancepage.h"
#include "loadform.h"
#include "loadpage.h"
#include "readinesstext.h"

#include "readiness/conformance.h"
#include "readiness/loadrun.h"
#include "secrets/securebuffer.h"
#include "secrets/tokenstore.h"

#include <QLabel>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <mutex>

namespace fhw::gui {

// Shared by the GUI thread and one run's worker. cancel() may come before the run object exists (while
// the token is read), while it runs, or after it ended; `cancelRun` is only called under the mutex,
// and the worker detaches it before the run object goes away.
struct ReadinessPanel::RunControl
{
    std::mutex mutex;
    bool cancelled = false;
    bool started = false; // a run object was attached: it will report, cancelled or not
    std::function<void()> cancelRun;

    bool attach(std::function<void()> cancelFunction)
    {
        const std::scoped_lock lock(mutex);
        if (cancelled)
            return false;
        cancelRun = std::move(cancelFunction);
        started = true;
        return true;
    }
    void detach()
    {
        const std::scoped_lock lock(mutex);
        cancelRun = nullptr;
    }
    // True when the run will still report (it started); false when nothing was sent.
    bool cancel()
    {
        const std::scoped_lock lock(mutex);
        cancelled = true;
        if (cancelRun)
            cancelRun();
        return started;
    }
    bool isCancelled()
    {
        const std::scoped_lock lock(mutex);
        return cancelled;
    }
};

namespace {

// On the worker: the token from the keychain (the D-Bus round trips may take a while), or why not.
std::optional<QString> readToken(const QString &name, std::string &token)
{
    if (name.isEmpty())
        return std::nullopt;
    auto read = secrets::TokenStore().read(name.toStdString());
    if (!read) {
        return ReadinessPanel::tr("The token '%1' could not be read from the keychain: %2")
            .arg(name, readinesstext::fromStd(read.error().message));
    }
    token = std::move(*read);
    return std::nullopt;
}

QString typeName(protocol::MessageType type)
{
    return readinesstext::fromStd(protocol::wireName(type));
}

} // namespace

ReadinessPanel::ReadinessPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("readinessPanel"));
    // One run at a time, but a run cancelled while its token was read may still be finishing that read.
    m_pool.setMaxThreadCount(3);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("readinessMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_conformance = new ConformancePage(this);
    m_load = new LoadPage(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("readinessTabs"));
    m_tabs->addTab(m_conformance, tr("&Conformance"));
    m_tabs->addTab(m_load, tr("&Load"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);

    connect(m_conformance, &ConformancePage::runClicked, this, &ReadinessPanel::startConformance);
    connect(m_conformance, &ConformancePage::cancelClicked, this, &ReadinessPanel::cancel);
    connect(m_load, &LoadPage::startClicked, this, &ReadinessPanel::startLoad);
    connect(m_load, &LoadPage::cancelClicked, this, &ReadinessPanel::cancel);
    updateState();
}

ReadinessPanel::~ReadinessPanel()
{
    if (m_control)
        m_control->cancel();
    // Workers post to this object; they must be gone before it is. A load run answers a cancel
    // within about a second (it waits that long for answers in flight).
    m_pool.waitForDone();
}

void ReadinessPanel::setTargetProvider(std::function<ReadinessTarget()> provider)
{
    m_provider = std::move(provider);
}

void ReadinessPanel::setSendOptions(const transport::SendOptions &options)
{
    m_options = options;
    m_options.token.clear();
    m_load->form()->setTransport(m_options);
}

bool ReadinessPanel::busy() const
{
    return m_control != nullptr;
}

readiness::LoadSettings ReadinessPanel::loadSettings() const
{
    return m_load->form()->settings();
}

void ReadinessPanel::setLoadSettings(const readiness::LoadSettings &settings)
{
    m_load->form()->setSettings(settings);
}

std::optional<ReadinessTarget> ReadinessPanel::runTarget(const std::vector<protocol::MessageType> &types,
                                                         QString *problem) const
{
    ReadinessTarget target = m_provider ? m_provider() : ReadinessTarget{};
    const transport::Target &t = target.target;
    bool any = !t.url.empty();
    for (const auto &[family, url] : t.perFamily)
        any = any || !url.empty();
    if (!any) {
        *problem = tr("No target URL: enter the endpoint's URL in the target bar (or choose the embedded endpoint).");
        return std::nullopt;
    }
    for (protocol::MessageType type : types) {
        const std::string url = t.urlFor(type);
        if (url.empty()) {
            *problem = tr("No URL for %1: the target has none for that request type.").arg(typeName(type));
            return std::nullopt;
        }
        const QUrl parsed(readinesstext::fromStd(url));
        const QString scheme = parsed.scheme().toLower();
        if (!parsed.isValid() || parsed.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
            *problem = tr("The URL for %1 is not an http or https URL: %2").arg(typeName(type), readinesstext::fromStd(url));
            return std::nullopt;
        }
    }
    return target;
}

ReadinessPanel::ControlPtr ReadinessPanel::beginRun(bool load)
{
    m_control = std::make_shared<RunControl>();
    m_loadRunning = load;
    m_message->hide();
    m_message->clear();
    updateState();
    return m_control;
}

void ReadinessPanel::endRun(const ControlPtr &control)
{
    if (!isCurrent(control))
        return;
    m_control.reset();
    m_loadRunning = false;
    updateState();
}

void ReadinessPanel::fail(const QString &message)
{
    QPalette messagePalette = palette();
    messagePalette.setColor(QPalette::WindowText, readinesstext::statusColour(readiness::CheckStatus::Fail, palette()));
    m_message->setPalette(messagePalette);
    m_message->setText(message);
    m_message->show();
    Q_EMIT failed(message);
}

void ReadinessPanel::updateState()
{
    const bool running = busy();
    m_conformance->setState(running && !m_loadRunning, !running);
    m_load->setState(running && m_loadRunning, !running);
}

void ReadinessPanel::cancel()
{
    if (!m_control)
        return;
    const ControlPtr control = m_control;
    if (control->cancel())
        return; // the run stops and reports what it did, marked cancelled
    // Still reading the token: nothing was sent. The worker sees the flag and ends quietly.
    endRun(control);
    fail(tr("Cancelled before anything was sent."));
}

void ReadinessPanel::post(const ControlPtr &control, std::function<void()> function)
{
    // Safe from a worker: the destructor waits for the workers, so `this` outlives every call, and
    // what is still queued when it goes is dropped with it.
    QMetaObject::invokeMethod(
        this,
        [this, control, function = std::move(function)] {
            if (isCurrent(control))
                function();
        },
        Qt::QueuedConnection);
}

void ReadinessPanel::launch(const ControlPtr &control, const QString &tokenName, std::function<void(std::string &token)> work)
{
    (void)QtConcurrent::run(&m_pool, [this, control, tokenName, work = std::move(work)] {
        std::string token;
        if (auto error = readToken(tokenName, token)) {
            post(control, [this, control, message = *error] {
                endRun(control);
                fail(message);
            });
            return;
        }
        work(token);
        secrets::wipe(token);
    });
}

void ReadinessPanel::startConformance()
{
    if (busy())
        return;
    QString problem;
    const auto target = runTarget({protocol::MessageType::ModuleRegistrationRequest}, &problem);
    if (!target) {
        fail(problem);
        return;
    }
    readiness::ConformanceSettings settings;
    settings.target = target->target;
    settings.options = m_options;
    settings.budget = target->lambda ? readiness::lambdaBudget : readiness::httpBudget;
    const ControlPtr control = beginRun(false);
    m_conformance->runStarted();

    launch(control, target->tokenName, [this, control, settings](std::string &token) {
        readiness::ConformanceSettings withToken = settings;
        withToken.token = token;
        readiness::ConformanceRun run(withToken);
        secrets::wipe(withToken.token);
        // On the run's thread, after each check: a copy goes to the GUI thread.
        run.setProgressCallback([this, control, &run](const readiness::CheckResult &check, int done, int planned) {
            if (control->isCancelled())
                run.cancel(); // a cancel that came just before run() started
            post(control, [this, check, done, planned] { m_conformance->addCheck(check, done, planned); });
        });
        if (!control->attach([&run] { run.cancel(); }))
            return; // cancelled while the token was read; the GUI side has already ended the run
        readiness::ConformanceReport report = run.run();
        control->detach();
        post(control, [this, control, report = std::move(report)] {
            m_conformance->showReport(report);
            endRun(control);
            Q_EMIT conformanceFinished(report);
        });
    });
}

void ReadinessPanel::startLoad()
{
    if (busy())
        return;
    LoadForm *form = m_load->form();
    if (const QString problem = form->problem(); !problem.isEmpty()) {
        fail(tr("The mix is not valid: %1").arg(problem));
        return;
    }
    readiness::LoadSettings settings = form->settings();
    std::vector<protocol::MessageType> types;
    for (const readiness::MixEntry &entry : settings.mix)
        types.push_back(entry.type);
    QString problem;
    const auto target = runTarget(types, &problem);
    if (!target) {
        fail(problem);
        return;
    }
    settings.target = target->target;
    settings.budget = form->budgetFor(target->lambda);
    const ControlPtr control = beginRun(true);
    m_load->runStarted(settings);

    launch(control, target->tokenName, [this, control, settings](std::string &token) {
        readiness::LoadSettings withToken = settings;
        withToken.token = token;
        readiness::LoadRun run(withToken);
        secrets::wipe(withToken.token);
        // On an engine thread, once per second: copy what it says and hand it to the GUI thread.
        run.setProgressCallback([this, control, &run](const readiness::LoadSecond *second,
                                                      const readiness::LoadProgress &progress) {
            if (control->isCancelled())
                run.cancel(); // a cancel that came just before run() started
            std::optional<readiness::LoadSecond> copy;
            if (second)
                copy = *second;
            post(control, [this, copy = std::move(copy), progress] { m_load->addProgress(copy, progress); });
        });
        if (!control->attach([&run] { run.cancel(); }))
            return; // cancelled while the token was read; the GUI side has already ended the run
        auto result = run.run();
        control->detach();
        post(control, [this, control, result = std::move(result)] {
            if (!result) {
                const QString message = tr("The load run could not start: %1").arg(readinesstext::fromStd(result.error().message));
                endRun(control);
                m_load->showMessage(message);
                fail(message);
                return;
            }
            m_load->showResult(*result);
            endRun(control);
            Q_EMIT loadFinished(*result);
        });
    });
}

} // namespace fhw::gui
