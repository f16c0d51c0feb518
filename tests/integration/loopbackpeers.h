#pragma once

// Real servers on 127.0.0.1 for integration tests: process helpers, and nginx with TLS on a throwaway
// self-signed certificate. Every child dies with the test, even when the test crashes.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <chrono>
#include <memory>
#include <string>

namespace fhw::testing {

// The child gets SIGKILL when the test process ends, however it ends (PR_SET_PDEATHSIG).
void dieWithParent(QProcess &process);
// SIGTERM, then SIGKILL if it does not go within 3 s.
void stopProcess(QProcess &process);
// A port nothing listens on: bound on 127.0.0.1, read, released.
quint16 freePort();
bool waitForListening(quint16 port, std::chrono::milliseconds limit);

// nginx answering every request with 200 and a fixed JSON body over TLS 1.2/1.3, with a certificate
// for localhost and 127.0.0.1 made by the openssl program.
class TlsNginx
{
public:
    ~TlsNginx();

    // Starts once; later calls say how the first went. False when a tool is missing (missingTool())
    // or starting failed (problem()).
    bool start(const QString &replyJson);
    bool missingTool() const { return m_missingTool; }
    QString problem() const { return m_problem; }

    std::string baseUrl() const { return m_baseUrl; } // "https://127.0.0.1:<port>"
    QString certificateFile() const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_process;
    std::string m_baseUrl;
    bool m_tried = false;
    bool m_missingTool = false;
    QString m_problem;
};

} // namespace fhw::testing
