#pragma once

#include "protocol/messagetype.h"
#include "transport/httpsender.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QTabWidget;

namespace fhw::endpoint {
class Endpoint;
}
namespace fhw::workspace {
class Workspace;
class HistoryStore;
}

namespace fhw::gui {

class ComposerWidget;
class EndpointPanel;
class HistoryPanel;
class MessageCheckView;
class ReadinessPanel;
class SubmissionPanel;
class RequestNavigator;
class ResponseInspector;
class SendController;
class TargetBar;
class TokenChoiceModel;

// The workbench: target bar, navigator (request types, saved requests, history), composer, response
// inspector, and the embedded endpoint's panel. On construction the endpoint starts on a free
// loopback port and the composer holds a generated event batch aimed at it, so Send works at once.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        QString workspaceDir;  // empty: the last one used, else the default workspace
        QString gnupgHome;     // empty: GNUPGHOME or ~/.gnupg
        QString tokenIndexDir; // empty: secrets::defaultTokenIndexDirectory()
        bool restoreLayout = true;
    };

    explicit MainWindow(QWidget *parent = nullptr);
    explicit MainWindow(Options options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a message file in the check view (File > Open Message… asks for one).
    void openMessage(const QString &path);

    endpoint::Endpoint &embeddedEndpoint() { return *m_endpoint; }
    ComposerWidget *composer() const { return m_composer; }
    ResponseInspector *inspector() const { return m_inspector; }
    TargetBar *targetBar() const { return m_targetBar; }
    workspace::Workspace *currentWorkspace() const { return m_workspace.get(); }

public Q_SLOTS:
    void chooseMessage();
    void showAbout();
    void send();
    void cancelSend();
    void newRequest(protocol::MessageType type);
    void showTokens();
    void showSettings();
    void newWorkspace();
    void openWorkspaceDialog();
    bool openWorkspace(const QString &dir);
    void saveRequest();
    // Interoperability (mainwindowinterop.cpp): the dialogs, and what they run (for tests).
    void importPostmanCollection();
    void exportPostmanCollection();
    void copyRequestAsCurl();
    QString importPostmanCollectionFrom(const QString &file); // a report for people
    QString exportPostmanCollectionTo(const QString &file);   // empty, or what went wrong

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createDocks();
    void applySettings();
    void onSendFinished(const transport::SendResult &result, const transport::SendRequest &request);
    void updateRecentMenu();
    void loadSavedRequest(const QString &name);
    void refreshSavedRequests();
    void saveTargetSettings();
    transport::SendOptions sendOptions() const;

    Options m_options;
    std::unique_ptr<endpoint::Endpoint> m_endpoint;
    std::unique_ptr<workspace::Workspace> m_workspace;
    std::unique_ptr<workspace::HistoryStore> m_history;
    TargetBar *m_targetBar;
    ComposerWidget *m_composer;
    ResponseInspector *m_inspector;
    RequestNavigator *m_navigator;
    HistoryPanel *m_historyPanel;
    EndpointPanel *m_endpointPanel;
    MessageCheckView *m_checkView;
    ReadinessPanel *m_readinessPanel;
    SubmissionPanel *m_submissionPanel;
    SendController *m_sender;
    TokenChoiceModel *m_tokens;
    QLabel *m_endpointState;
    QLabel *m_lastLatency;
    class QMenu *m_recentMenu = nullptr;
    class QTimer *m_saveTarget = nullptr;
    QString m_pendingTokenName; // the workspace's token, selected once the keychain list is in
    QString m_lastSavedName;
    bool m_warnedBeforeSend = false;
};

} // namespace fhw::gui
