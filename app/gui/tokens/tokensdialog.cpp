#include "tokensdialog.h"

#include "keyspage.h"
#include "tokenimportdialog.h"
#include "tokenspage.h"

#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace fhw::gui {

namespace {

QString importableFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().first().isLocalFile())
        return {};
    const QString path = mime->urls().first().toLocalFile();
    return TokenImportDialog::isImportableFile(path) ? path : QString();
}

} // namespace

TokensDialog::TokensDialog(QWidget *parent, QString gnupgHome, QString tokenIndexDir)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("tokensDialog"));
    setWindowTitle(tr("Keys and Tokens"));
    setAcceptDrops(true);

    m_keys = new KeysPage(gnupgHome, this);
    m_tokens = new TokensPage(gnupgHome, tokenIndexDir, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tokensTabs"));
    m_tabs->addTab(m_tokens, tr("&Tokens"));
    m_tabs->addTab(m_keys, tr("&Keys"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("tokensDialogButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);
    resize(980, 520);

    connect(m_tokens, &TokensPage::tokensChanged, this, &TokensDialog::tokensChanged);
    m_keys->reload();
    m_tokens->checkKeychain();
}

void TokensDialog::showKeys()
{
    m_tabs->setCurrentWidget(m_keys);
}

void TokensDialog::showTokens()
{
    m_tabs->setCurrentWidget(m_tokens);
}

void TokensDialog::dragEnterEvent(QDragEnterEvent *event)
{
    if (!importableFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void TokensDialog::dropEvent(QDropEvent *event)
{
    const QString path = importableFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    showTokens();
    m_tokens->openImport(path);
}

} // namespace fhw::gui
