#include "loopbackpeers.h"

#include <QFile>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <sys/prctl.h>

#include <csignal>

namespace fhw::testing {

void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

void stopProcess(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(3000)) {
        process.kill();
        process.waitForFinished(3000);
    }
}

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

bool waitForListening(quint16 port, std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200))
            return true;
        QTest::qWait(20);
    }
    return false;
}

TlsNginx::~TlsNginx()
{
    stopProcess(m_process);
}

QString TlsNginx::certificateFile() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("c.pem")) : QString();
}

bool TlsNginx::start(const QString &replyJson)
{
    if (m_tried)
        return !m_baseUrl.empty();
    m_tried = true;
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                                         {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (openssl.isEmpty() || nginx.isEmpty()) {
        m_missingTool = true;
        m_problem = QStringLiteral("HTTPS tests need the openssl and nginx programs (Debian: openssl, nginx-light)");
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    const QString dir = m_dir->path();

    QProcess req;
    req.setWorkingDirectory(dir);
    req.setProcessChannelMode(QProcess::MergedChannels);
    req.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                        QStringLiteral("-addext"), QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"),
                        QStringLiteral("-keyout"), QStringLiteral("k.pem"), QStringLiteral("-out"), QStringLiteral("c.pem")});
    if (!req.waitForFinished(20'000) || req.exitCode() != 0) {
        m_problem = QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(req.readAll());
        return false;
    }

    // master_process off: one process, no privilege drop, nothing forked that could outlive us. The
    // temp paths keep nginx out of /var/lib/nginx.
    const quint16 port = freePort();
    const QString config = QStringLiteral(
        "daemon off; master_process off; worker_processes 1;\n"
        "pid %1/nginx.pid; error_log %1/error.log;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "  access_log off; client_body_temp_path %1/body; proxy_temp_path %1/proxy;\n"
        "  fastcgi_temp_path %1/fastcgi; uwsgi_temp_path %1/uwsgi; scgi_temp_path %1/scgi;\n"
        "  server {\n"
        "    listen 127.0.0.1:%2 ssl;\n"
        "    ssl_certificate %1/c.pem; ssl_certificate_key %1/k.pem;\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        "    location / { default_type application/json; return 200 '%3'; }\n"
        "  }\n"
        "}\n").arg(dir).arg(port).arg(replyJson);
    QFile file(dir + QStringLiteral("/nginx.conf"));
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        m_problem = QStringLiteral("cannot write ") + file.fileName();
        return false;
    }
    file.close();

    dieWithParent(m_process);
    m_process.setProcessChannelMode(QProcess::ForwardedChannels);
    m_process.start(nginx, {QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
                            QStringLiteral("-e"), dir + QStringLiteral("/error.log")});
    if (!m_process.waitForStarted(5000) || !waitForListening(port, std::chrono::seconds(5))) {
        QFile log(dir + QStringLiteral("/error.log"));
        log.open(QIODevice::ReadOnly);
        m_problem = QStringLiteral("nginx did not start: ") + QString::fromLocal8Bit(log.readAll());
        stopProcess(m_process);
        return false;
    }
    m_baseUrl = "https://127.0.0.1:" + std::to_string(port);
    return true;
}

} // namespace fhw::testing
