#include "mainwindow.h"

#include "aboutdialog.h"
#include "messagecheckview.h"
#include "requestnavigator.h"
#include "sendcontroller.h"
#include "settingsdialog.h"
#include "targetbar.h"

#include "composer/composerwidget.h"
#include "endpointpanel/endpointpanel.h"
#include "history/historypanel.h"
#include "inspector/responseinspector.h"
#include "readiness/readinesspanel.h"
#include "submission/submissionpanel.h"
#include "tokens/tokenchoicemodel.h"
#include "tokens/tokensdialog.h"

#include "endpoint/endpoint.h"
#include "endpoint/referenceresponder.h"
#include "workspace/historystore.h"
#include "workspace/recentworkspaces.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

// firehose_gui is a static library: its resources are linked only when referenced. (Outside any
// namespace: Q_INIT_RESOURCE declares a global function.)
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace fhw::gui {

namespace {

TargetBar::Kind barKind(workspace::TargetKind kind)
{
    switch (kind) {
    case workspace::TargetKind::Embedded: return TargetBar::Kind::Embedded;
    case workspace::TargetKind::Url: return TargetBar::Kind::OneUrl;
    case workspace::TargetKind::PerType: return TargetBar::Kind::PerType;
    }
    return TargetBar::Kind::Embedded;
}

workspace::TargetKind settingsKind(TargetBar::Kind kind)
{
    switch (kind) {
    case TargetBar::Kind::Embedded: return workspace::TargetKind::Embedded;
    case TargetBar::Kind::OneUrl: return workspace::TargetKind::Url;
    case TargetBar::Kind::PerType: return workspace::TargetKind::PerType;
    case TargetBar::Kind::Lambda: return workspace::TargetKind::Embedded; // not saved in the workspace yet
    }
    return workspace::TargetKind::Embedded;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(Options{}, parent)
{
}

MainWindow::MainWindow(Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Firehose Workbench"));
    initResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/firehose-workbench.svg")));

    // The embedded endpoint first: the composer aims at it from the first minute.
    m_endpoint = std::make_unique<endpoint::Endpoint>();
    const auto started = m_endpoint->start();

    m_sender = new SendController(this);
    m_tokens = new TokenChoiceModel(this, m_options.tokenIndexDir);
    m_targetBar = new TargetBar(this);
    m_targetBar->setTokenModel(m_tokens);
    m_targetBar->setEmbeddedUrl(started ? QString::fromStdString(m_endpoint->url()) : QString());
    m_composer = new ComposerWidget(this);
    m_inspector = new ResponseInspector(this);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("workSplitter"));
    split->addWidget(m_composer);
    split->addWidget(m_inspector);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_targetBar);
    layout->addWidget(split, 1);
    setCentralWidget(central);

    createDocks();
    createMenus();

    m_endpointState = new QLabel(this);
    m_endpointState->setObjectName(QStringLiteral("endpointState"));
    m_lastLatency = new QLabel(tr("No send yet"), this);
    m_lastLatency->setObjectName(QStringLiteral("lastLatency"));
    statusBar()->addPermanentWidget(m_lastLatency);
    statusBar()->addPermanentWidget(m_endpointState);
    m_endpointState->setText(started ? tr("Endpoint listening on %1").arg(QString::fromStdString(m_endpoint->url()))
                                     : tr("Endpoint stopped: %1").arg(QString::fromStdString(started.error().message)));

    connect(m_targetBar, &TargetBar::sendClicked, this, &MainWindow::send);
    connect(m_targetBar, &TargetBar::cancelClicked, this, &MainWindow::cancelSend);
    connect(m_targetBar, &TargetBar::changed, this, [this] {
        m_warnedBeforeSend = false;
        m_targetBar->setWarning({});
    });
    connect(m_composer, &ComposerWidget::sendRequested, this, &MainWindow::send);
    connect(m_composer, &ComposerWidget::textChanged, this, [this] {
        m_warnedBeforeSend = false;
        m_targetBar->setWarning({});
    });
    connect(m_sender, &SendController::started, this, [this](const QString &url) {
        m_targetBar->setSending(true);
        m_inspector->showPending(url);
    });
    connect(m_sender, &SendController::finished, this, &MainWindow::onSendFinished);
    connect(m_sender, &SendController::failed, this, [this](const QString &message) {
        m_targetBar->setSending(false);
        m_inspector->clear();
        m_targetBar->setWarning(message);
        statusBar()->showMessage(message, 10'000);
    });

    // The workspace: the one asked for, else the last one used, else the default one.
    QString dir = m_options.workspaceDir;
    if (dir.isEmpty())
        dir = QSettings().value(QStringLiteral("workspaces/last")).toString();
    if (dir.isEmpty() || !openWorkspace(dir)) {
        const QString fallback = workspace::defaultWorkspaceDirectory();
        if (auto created = workspace::Workspace::openOrCreate(fallback); created)
            openWorkspace(fallback);
        else
            statusBar()->showMessage(tr("No workspace: %1").arg(QString::fromStdString(created.error().message)));
    }
    // The target bar's choices are the workspace's: saved a moment after the last change.
    m_saveTarget = new QTimer(this);
    m_saveTarget->setSingleShot(true);
    m_saveTarget->setInterval(500);
    connect(m_saveTarget, &QTimer::timeout, this, &MainWindow::saveTargetSettings);
    connect(m_targetBar, &TargetBar::changed, m_saveTarget, qOverload<>(&QTimer::start));
    // The workspace's token is selected once the keychain's list is in (it loads off the GUI thread).
    connect(m_tokens, &TokenChoiceModel::reloaded, this, [this] {
        const int row = m_pendingTokenName.isEmpty() ? -1 : m_tokens->rowOf(m_pendingTokenName);
        if (row > 0 && m_targetBar->tokenRow() != row)
            m_targetBar->setTokenRow(row);
    });

    newRequest(protocol::MessageType::EventProcessingRequest);
    m_tokens->reload();
    resize(1400, 860);
    if (m_options.restoreLayout) {
        QSettings settings;
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    }
    m_composer->setFocus();
}

MainWindow::~MainWindow()
{
    // The panels use the endpoint and the history store, which are members: members go before the
    // child widgets would, so the panels go first.
    m_historyPanel->setStore(nullptr);
    delete m_readinessPanel; // cancels its run and waits for it: the run may target the endpoint
    delete m_submissionPanel; // waits for its jobs (a registration fetch may target the endpoint)
    delete m_endpointPanel;
}

void MainWindow::createDocks()
{
    auto *navigatorDock = new QDockWidget(tr("Navigator"), this);
    navigatorDock->setObjectName(QStringLiteral("navigatorDock"));
    auto *tabs = new QTabWidget(navigatorDock);
    tabs->setObjectName(QStringLiteral("navigatorTabs"));
    m_navigator = new RequestNavigator(tabs);
    tabs->addTab(m_navigator, tr("Requests"));
    m_historyPanel = new HistoryPanel(tabs);
    tabs->addTab(m_historyPanel, tr("History"));
    navigatorDock->setWidget(tabs);
    addDockWidget(Qt::LeftDockWidgetArea, navigatorDock);
    connect(m_navigator, &RequestNavigator::typeChosen, this, &MainWindow::newRequest);
    connect(m_navigator, &RequestNavigator::savedChosen, this, &MainWindow::loadSavedRequest);
    connect(m_historyPanel, &HistoryPanel::reopenRequested, this,
            [this](protocol::MessageType type, const QString &body, const QString &url) {
                m_composer->setMessageType(type);
                m_navigator->selectType(type);
                m_composer->setText(body);
                if (!url.isEmpty() && url != QString::fromStdString(m_endpoint->url())) {
                    m_targetBar->setKind(TargetBar::Kind::OneUrl);
                    m_targetBar->setUrl(url);
                }
                statusBar()->showMessage(tr("Reopened from history"), 5000);
            });

    auto *endpointDock = new QDockWidget(tr("Endpoint"), this);
    endpointDock->setObjectName(QStringLiteral("endpointDock"));
    m_endpointPanel = new EndpointPanel(*m_endpoint, endpointDock);
    endpointDock->setWidget(m_endpointPanel);
    addDockWidget(Qt::BottomDockWidgetArea, endpointDock);
    connect(m_endpointPanel, &EndpointPanel::stateChanged, this, [this](bool listening, const QString &url) {
        m_targetBar->setEmbeddedUrl(listening ? url : QString());
        m_endpointState->setText(listening ? tr("Endpoint listening on %1").arg(url) : tr("Endpoint stopped"));
    });

    auto *checkDock = new QDockWidget(tr("Check Files"), this);
    checkDock->setObjectName(QStringLiteral("checkDock"));
    m_checkView = new MessageCheckView(checkDock);
    m_checkView->setObjectName(QStringLiteral("checkView"));
    checkDock->setWidget(m_checkView);
    addDockWidget(Qt::BottomDockWidgetArea, checkDock);
    tabifyDockWidget(endpointDock, checkDock);

    auto *readinessDock = new QDockWidget(tr("Readiness"), this);
    readinessDock->setObjectName(QStringLiteral("readinessDock"));
    m_readinessPanel = new ReadinessPanel(readinessDock);
    m_readinessPanel->setObjectName(QStringLiteral("readinessPanel"));
    readinessDock->setWidget(m_readinessPanel);
    addDockWidget(Qt::BottomDockWidgetArea, readinessDock);
    tabifyDockWidget(endpointDock, readinessDock);
    // Runs go against what the target bar shows, with its token, read when a run starts.
    m_readinessPanel->setTargetProvider([this] {
        const transport::Target target = m_targetBar->target();
        return ReadinessTarget{target, m_tokens->nameAt(m_targetBar->tokenRow()), target.isLambda()};
    });

    auto *submissionDock = new QDockWidget(tr("Submission"), this);
    submissionDock->setObjectName(QStringLiteral("submissionDock"));
    m_submissionPanel = new SubmissionPanel(submissionDock);
    m_submissionPanel->setObjectName(QStringLiteral("submissionPanel"));
    submissionDock->setWidget(m_submissionPanel);
    addDockWidget(Qt::BottomDockWidgetArea, submissionDock);
    tabifyDockWidget(endpointDock, submissionDock);
    // The registration the embedded endpoint answers with (its editor's), and the partner's endpoint as
    // the target bar names it; the latest readiness reports go into the bundle.
    m_submissionPanel->setEmbeddedRegistrationProvider([this] {
        const protocol::Json configured = m_endpoint->config().registrationResponse;
        return configured.is_null() ? endpoint::defaultRegistration() : configured;
    });
    m_submissionPanel->setPartnerTargetProvider([this] { return m_targetBar->target(); });
    connect(m_readinessPanel, &ReadinessPanel::conformanceFinished, m_submissionPanel,
            &SubmissionPanel::setConformanceReport);
    connect(m_readinessPanel, &ReadinessPanel::loadFinished, m_submissionPanel, &SubmissionPanel::setLoadResult);
    endpointDock->raise();
    // A first layout that leaves the composer and the inspector most of the room (restored later).
    resizeDocks({navigatorDock}, {230}, Qt::Horizontal);
    resizeDocks({endpointDock}, {300}, Qt::Vertical);
    connect(m_checkView, &MessageCheckView::checked, statusBar(), [this](const QString &summary) {
        statusBar()->showMessage(summary);
    });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspace)->setObjectName(QStringLiteral("newWorkspaceAction"));
    QAction *openWorkspaceAction = file->addAction(tr("Open &Workspace…"), this, &MainWindow::openWorkspaceDialog);
    openWorkspaceAction->setObjectName(QStringLiteral("openWorkspaceAction"));
    openWorkspaceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("&Recent Workspaces"));
    m_recentMenu->setObjectName(QStringLiteral("recentWorkspacesMenu"));
    QAction *save = file->addAction(tr("&Save Request…"), this, &MainWindow::saveRequest);
    save->setObjectName(QStringLiteral("saveRequestAction"));
    save->setShortcut(QKeySequence::Save);
    file->addSeparator();
    file->addAction(tr("&Import Postman Collection…"), this, &MainWindow::importPostmanCollection)
        ->setObjectName(QStringLiteral("importPostmanAction"));
    file->addAction(tr("&Export Postman Collection…"), this, &MainWindow::exportPostmanCollection)
        ->setObjectName(QStringLiteral("exportPostmanAction"));
    file->addSeparator();
    QAction *open = file->addAction(tr("&Open Message…"), this, &MainWindow::chooseMessage);
    open->setObjectName(QStringLiteral("openMessageAction"));
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *request = menuBar()->addMenu(tr("&Request"));
    request->setObjectName(QStringLiteral("requestMenu"));
    QAction *sendAction = request->addAction(tr("&Send"), this, &MainWindow::send);
    sendAction->setObjectName(QStringLiteral("sendAction"));
    sendAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    QAction *cancel = request->addAction(tr("&Cancel"), this, &MainWindow::cancelSend);
    cancel->setObjectName(QStringLiteral("cancelAction"));
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    request->addSeparator();
    QAction *format = request->addAction(tr("&Format JSON"), m_composer, &ComposerWidget::formatDocument);
    format->setObjectName(QStringLiteral("formatAction"));
    format->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    request->addAction(tr("Copy as &curl"), this, &MainWindow::copyRequestAsCurl)
        ->setObjectName(QStringLiteral("copyRequestAsCurlAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->setObjectName(QStringLiteral("toolsMenu"));
    QAction *tokens = tools->addAction(tr("&Keys and Tokens…"), this, &MainWindow::showTokens);
    tokens->setObjectName(QStringLiteral("tokensAction"));
    tokens->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    QAction *readiness = tools->addAction(tr("&Readiness…"), this, [this] {
        auto *dock = findChild<QDockWidget *>(QStringLiteral("readinessDock"));
        dock->show();
        dock->raise();
    });
    readiness->setObjectName(QStringLiteral("readinessAction"));
    readiness->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QAction *submission = tools->addAction(tr("S&ubmission…"), this, [this] {
        auto *dock = findChild<QDockWidget *>(QStringLiteral("submissionDock"));
        dock->show();
        dock->raise();
    });
    submission->setObjectName(QStringLiteral("submissionAction"));
    submission->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    QAction *settings = tools->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settings->setObjectName(QStringLiteral("settingsAction"));
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = help->addAction(tr("&About Firehose Workbench"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::newRequest(protocol::MessageType type)
{
    m_composer->setMessageType(type);
    m_composer->generate(1, 3, false);
    m_navigator->selectType(type);
}

void MainWindow::send()
{
    if (m_sender->busy())
        return;
    const protocol::MessageType type = m_composer->messageType();
    if (const QString problem = m_targetBar->targetProblem(type); !problem.isEmpty()) {
        m_targetBar->setWarning(problem);
        return;
    }
    // Errors in the request: say so once; a second Send sends it anyway (testing how an endpoint
    // takes a bad request is part of the job).
    if (m_composer->errorCount() > 0 && !m_warnedBeforeSend) {
        m_warnedBeforeSend = true;
        m_targetBar->setWarning(tr("The request has %n validation error(s) (see the findings under the JSON). Send again "
                                   "to send it anyway.",
                                   nullptr, m_composer->errorCount()));
        return;
    }
    m_warnedBeforeSend = false;
    m_targetBar->setWarning({});
    transport::SendRequest request;
    request.target = m_targetBar->target();
    request.type = type;
    request.body = m_composer->text().toStdString();
    request.options = sendOptions();
    const int row = m_targetBar->tokenRow();
    m_sender->send(std::move(request), m_tokens->nameAt(row));
}

void MainWindow::cancelSend()
{
    if (m_sender->busy())
        m_sender->cancel();
}

void MainWindow::onSendFinished(const transport::SendResult &result, const transport::SendRequest &request)
{
    m_targetBar->setSending(false);
    m_inspector->showResult(result, request);
    if (const transport::Attempt *last = result.last()) {
        m_lastLatency->setText(last->status ? tr("Last: %1 in %2 ms").arg(last->status).arg(double(last->timings.totalUs) / 1000.0, 0, 'f', 1)
                                            : tr("Last: no response"));
    }
    if (m_history)
        m_historyPanel->record(result, request); // written off the GUI thread, token redacted
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

void MainWindow::openMessage(const QString &path)
{
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("checkDock"))) {
        dock->show();
        dock->raise();
    }
    m_checkView->openFile(path);
}

void MainWindow::chooseMessage()
{
    auto *dialog = new QFileDialog(this, tr("Open a Firehose message"), QString(),
                                   tr("JSON messages (*.json);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &MainWindow::openMessage);
    dialog->open();
}

void MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(this);
    dialog->setObjectName(QStringLiteral("aboutDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showTokens()
{
    auto *dialog = new TokensDialog(this, m_options.gnupgHome, m_options.tokenIndexDir);
    dialog->setObjectName(QStringLiteral("tokensDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TokensDialog::tokensChanged, m_tokens, &TokenChoiceModel::reload);
    dialog->open();
}

transport::SendOptions MainWindow::sendOptions() const
{
    transport::SendOptions options;
    if (m_workspace)
        m_workspace->settings().applyTo(options);
    return options;
}

bool MainWindow::openWorkspace(const QString &dir)
{
    auto opened = workspace::Workspace::open(dir);
    if (!opened) {
        statusBar()->showMessage(tr("Cannot open the workspace %1: %2").arg(dir, QString::fromStdString(opened.error().message)), 10'000);
        return false;
    }
    m_historyPanel->setStore(nullptr); // waits for its jobs on the old store
    m_workspace = std::make_unique<workspace::Workspace>(std::move(*opened));
    const workspace::WorkspaceSettings &settings = m_workspace->settings();
    m_history = std::make_unique<workspace::HistoryStore>(m_workspace->historyDirectory(), settings.historyMaxEntries);
    m_historyPanel->setStore(m_history.get());

    {
        const QSignalBlocker blocker(m_targetBar);
        m_targetBar->setKind(barKind(settings.target.kind));
        m_targetBar->setUrl(QString::fromStdString(settings.target.urls.url));
        for (const auto &[family, url] : settings.target.urls.perFamily)
            m_targetBar->setFamilyUrl(family, QString::fromStdString(url));
        m_targetBar->setDataCenter(QString::fromStdString(settings.target.dataCenter));
        m_pendingTokenName = QString::fromStdString(settings.target.tokenName);
        m_targetBar->setTokenRow(0);
        for (int row = 0; row < m_tokens->rowCount(); ++row) {
            if (!m_pendingTokenName.isEmpty() && m_tokens->nameAt(row) == m_pendingTokenName)
                m_targetBar->setTokenRow(row);
        }
    }
    applySettings();
    refreshSavedRequests();
    workspace::RecentWorkspaces().add(m_workspace->directory());
    QSettings().setValue(QStringLiteral("workspaces/last"), m_workspace->directory());
    updateRecentMenu();
    setWindowTitle(tr("%1 — Firehose Workbench").arg(QString::fromStdString(settings.name)));
    return true;
}

void MainWindow::applySettings()
{
    const workspace::WorkspaceSettings &settings = m_workspace->settings();
    m_composer->setProfile(settings.validationProfile);
    m_history->setMaxEntries(settings.historyMaxEntries);
    const transport::SendOptions options = sendOptions();
    m_readinessPanel->setSendOptions(options);
    submission::RegistrationFetchOptions fetch;
    fetch.timeout = options.totalTimeout;
    fetch.caFile = options.caFile;
    fetch.verifyTls = options.verifyTls;
    m_submissionPanel->setRegistrationFetchOptions(fetch);
    const auto port = static_cast<std::uint16_t>(settings.endpointPort);
    if (port != 0 && port != m_endpoint->port()) {
        endpoint::EndpointConfig config = m_endpoint->config();
        config.port = port;
        m_endpoint->setConfig(config);
        if (auto restarted = m_endpoint->restart(); !restarted) {
            statusBar()->showMessage(tr("The endpoint could not listen on port %1: %2")
                                         .arg(port)
                                         .arg(QString::fromStdString(restarted.error().message)),
                                     10'000);
            m_targetBar->setEmbeddedUrl({});
            m_endpointState->setText(tr("Endpoint stopped"));
        } else {
            m_targetBar->setEmbeddedUrl(QString::fromStdString(m_endpoint->url()));
            m_endpointState->setText(tr("Endpoint listening on %1").arg(QString::fromStdString(m_endpoint->url())));
        }
    }
}

void MainWindow::saveTargetSettings()
{
    if (!m_workspace)
        return;
    workspace::WorkspaceSettings settings = m_workspace->settings();
    settings.target.kind = settingsKind(m_targetBar->kind());
    const transport::Target target = m_targetBar->target();
    if (m_targetBar->kind() != TargetBar::Kind::Embedded)
        settings.target.urls = target;
    settings.target.dataCenter = m_targetBar->dataCenter().toStdString();
    m_pendingTokenName = m_tokens->nameAt(m_targetBar->tokenRow());
    settings.target.tokenName = m_pendingTokenName.toStdString();
    if (settings == m_workspace->settings())
        return;
    if (auto set = m_workspace->setSettings(settings); !set || !m_workspace->save())
        statusBar()->showMessage(tr("The workspace's target could not be saved"), 10'000);
}

void MainWindow::showSettings()
{
    if (!m_workspace)
        return;
    auto *dialog = new SettingsDialog(m_workspace->settings(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (auto set = m_workspace->setSettings(dialog->settings()); !set) {
            QMessageBox::warning(this, tr("Settings"), QString::fromStdString(set.error().message));
            return;
        }
        if (auto saved = m_workspace->save(); !saved)
            statusBar()->showMessage(QString::fromStdString(saved.error().message), 10'000);
        applySettings();
    });
    dialog->open();
}

void MainWindow::newWorkspace()
{
    auto *dialog = new QFileDialog(this, tr("New workspace: choose an empty folder"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &dir) {
        if (auto created = workspace::Workspace::create(dir); !created) {
            QMessageBox::warning(this, tr("New workspace"), QString::fromStdString(created.error().message));
            return;
        }
        openWorkspace(dir);
    });
    dialog->open();
}

void MainWindow::openWorkspaceDialog()
{
    auto *dialog = new QFileDialog(this, tr("Open a workspace folder"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &dir) {
        if (!openWorkspace(dir))
            QMessageBox::warning(this, tr("Open workspace"), statusBar()->currentMessage());
    });
    dialog->open();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = workspace::RecentWorkspaces().list();
    for (const QString &dir : recent)
        m_recentMenu->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openWorkspace(dir); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::refreshSavedRequests()
{
    QStringList names;
    if (m_workspace) {
        if (auto listed = m_workspace->list(); listed)
            names = QStringList(listed->begin(), listed->end());
    }
    m_navigator->setSavedRequests(names);
}

void MainWindow::saveRequest()
{
    if (!m_workspace)
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("saveRequestDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Save request"));
    dialog->setLabelText(tr("Name (saved as requests/NAME.json in the workspace):"));
    dialog->setTextValue(m_lastSavedName.isEmpty() ? requestTypeTitle(m_composer->messageType()) : m_lastSavedName);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        workspace::SavedRequest request;
        request.name = name.trimmed();
        request.type = m_composer->messageType();
        if (m_targetBar->kind() == TargetBar::Kind::OneUrl)
            request.url = m_targetBar->target().url;
        request.body = m_composer->text().toStdString();
        if (auto saved = m_workspace->save(request); !saved) {
            QMessageBox::warning(this, tr("Save request"), QString::fromStdString(saved.error().message));
            return;
        }
        m_lastSavedName = request.name;
        refreshSavedRequests();
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_workspace->requestPath(request.name))), 5000);
    });
    dialog->open();
}

void MainWindow::loadSavedRequest(const QString &name)
{
    if (!m_workspace)
        return;
    // Saved bodies can be large: read and re-format them off the GUI thread.
    auto *watcher = new QFutureWatcher<std::expected<workspace::SavedRequest, Error>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const auto loaded = watcher->result();
        if (!loaded) {
            statusBar()->showMessage(QString::fromStdString(loaded.error().message), 10'000);
            return;
        }
        m_composer->setMessageType(loaded->type);
        m_composer->setText(QString::fromStdString(loaded->body));
        m_lastSavedName = loaded->name;
        if (!loaded->url.empty()) {
            m_targetBar->setKind(TargetBar::Kind::OneUrl);
            m_targetBar->setUrl(QString::fromStdString(loaded->url));
        }
    });
    watcher->setFuture(QtConcurrent::run([workspace = *m_workspace, name] { return workspace.load(name); }));
}

} // namespace fhw::gui
