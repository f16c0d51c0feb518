// MainWindow's interoperability actions: Postman collections in and out (File menu), and the composer's
// request as a curl command (Request menu). Kept apart from mainwindow.cpp, which only adds the actions.

#include "mainwindow.h"

#include "composer/composerwidget.h"
#include "interop/postman.h"
#include "protocol/parse.h"
#include "targetbar.h"
#include "tokens/tokenchoicemodel.h"
#include "transport/curlcommand.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMessageBox>
#include <QSaveFile>
#include <QStatusBar>

namespace fhw::gui {

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

void MainWindow::importPostmanCollection()
{
    if (!m_workspace)
        return;
    const QString file = QFileDialog::getOpenFileName(this, tr("Import Postman Collection"), {},
                                                      tr("Postman collections (*.json);;All files (*)"));
    if (file.isEmpty())
        return;
    const QString report = importPostmanCollectionFrom(file);
    QMessageBox::information(this, tr("Import Postman Collection"), report);
}

QString MainWindow::importPostmanCollectionFrom(const QString &file)
{
    if (!m_workspace)
        return tr("No workspace is open.");
    // Collections are small (kilobytes): read and parsed here, like opening a message.
    auto bytes = protocol::readFileCapped(file.toStdString(), protocol::ParseOptions().maxBytes);
    if (!bytes)
        return fromStd(bytes.error().message);
    auto imported = interop::importCollection(*bytes, m_workspace->list().value_or(std::vector<QString>{}));
    if (!imported)
        return fromStd(imported.error().message);
    QStringList lines;
    for (const workspace::SavedRequest &request : imported->requests) {
        if (auto saved = m_workspace->save(request); !saved)
            return fromStd(saved.error().message);
    }
    lines << tr("%n request(s) imported from \"%1\".", nullptr, int(imported->requests.size()))
                 .arg(fromStd(imported->collectionName));
    for (const protocol::Finding &finding : imported->findings)
        lines << fromStd(finding.message);
    refreshSavedRequests();
    statusBar()->showMessage(lines.first(), 10'000);
    return lines.join(u'\n');
}

void MainWindow::exportPostmanCollection()
{
    if (!m_workspace)
        return;
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Postman Collection"),
        fromStd(m_workspace->settings().name) + QStringLiteral(".postman_collection.json"),
        tr("Postman collections (*.json);;All files (*)"));
    if (file.isEmpty())
        return;
    if (const QString problem = exportPostmanCollectionTo(file); !problem.isEmpty())
        QMessageBox::warning(this, tr("Export Postman Collection"), problem);
}

QString MainWindow::exportPostmanCollectionTo(const QString &file)
{
    if (!m_workspace)
        return tr("No workspace is open.");
    std::vector<workspace::SavedRequest> requests;
    for (const QString &name : m_workspace->list().value_or(std::vector<QString>{})) {
        auto request = m_workspace->load(name);
        if (!request)
            return fromStd(request.error().message);
        requests.push_back(std::move(*request));
    }
    interop::PostmanExportOptions options;
    options.collectionName = m_workspace->settings().name;
    options.target = m_targetBar->target(); // the embedded endpoint's URL when it is the target
    if (options.target.isLambda())
        options.target = {}; // Postman cannot sign an Invoke; the URL variable is left to fill in
    const std::string text = interop::exportCollection(requests, options).dump(2) + "\n";
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(text.data(), qint64(text.size())) != qint64(text.size())
        || !out.commit())
        return tr("Cannot write %1: %2").arg(file, out.errorString());
    statusBar()->showMessage(tr("Exported %n request(s) to %1", nullptr, int(requests.size())).arg(file), 10'000);
    return {};
}

void MainWindow::copyRequestAsCurl()
{
    transport::SendRequest request;
    request.target = m_targetBar->target();
    request.type = m_composer->messageType();
    request.body = m_composer->text().toStdString();
    request.options = sendOptions();
    // The token stays in the keychain: a short stand-in shows as "Token ••••" (no characters of it).
    if (!m_tokens->nameAt(m_targetBar->tokenRow()).isEmpty())
        request.options.token = "token";
    QApplication::clipboard()->setText(QString::fromStdString(transport::curlCommand(request, /*revealToken=*/false)));
    statusBar()->showMessage(tr("Copied the request as a curl command (token redacted)"), 5000);
}

} // namespace fhw::gui
