#include "keyspage.h"

#include "createkeydialog.h"
#include "secretsjob.h"
#include "tokenformat.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using secrets::KeyInfo;
using secrets::PgpKeys;

namespace {

enum Column { FingerprintColumn, UserIdColumn, AlgorithmColumn, CreatedColumn, ExpiresColumn, StateColumn, ColumnCount };

QString stateOf(const KeyInfo &key)
{
    if (key.revoked)
        return KeysPage::tr("revoked");
    if (key.expired)
        return KeysPage::tr("expired");
    if (!key.canEncrypt)
        return KeysPage::tr("can't encrypt (no usable encryption subkey)");
    return KeysPage::tr("usable");
}

QTableWidgetItem *item(const QString &text)
{
    auto *cell = new QTableWidgetItem(text);
    cell->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return cell;
}

} // namespace

KeysPage::KeysPage(QString gnupgHome, QWidget *parent)
    : QWidget(parent)
    , m_home(std::move(gnupgHome))
{
    setObjectName(QStringLiteral("keysPage"));

    m_homeLabel = new QLabel(this);
    m_homeLabel->setObjectName(QStringLiteral("gnupgHomeLabel"));
    m_homeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QString shownHome = m_home.isEmpty()
        ? (qEnvironmentVariableIsEmpty("GNUPGHOME") ? QDir::homePath() + QStringLiteral("/.gnupg")
                                                    : qEnvironmentVariable("GNUPGHOME"))
        : m_home;
    m_homeLabel->setText(tr("Secret keys in the GnuPG home %1").arg(QDir::toNativeSeparators(shownHome)));

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("keysTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Fingerprint"), tr("User ID"), tr("Algorithm"), tr("Created"), tr("Expires"), tr("State")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->setWordWrap(false);

    m_empty = new QLabel(tr("No secret keys here yet. Create one, then send mParticle its public key: they "
                            "encrypt your integration's auth token to it."),
                         this);
    m_empty->setObjectName(QStringLiteral("keysEmptyHint"));
    m_empty->setWordWrap(true);
    m_empty->hide();

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("keysMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(QStringLiteral("keysBusyLabel"));
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("keysBusy"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(160);
    m_busyBar->setTextVisible(false);
    m_busyLabel->hide();
    m_busyBar->hide();

    m_create = new QPushButton(themedIcon("document-new", QStyle::SP_FileDialogNewFolder, this), tr("&Create key…"), this);
    m_create->setObjectName(QStringLiteral("createKeyButton"));
    m_export = new QPushButton(themedIcon("document-save-as", QStyle::SP_DialogSaveButton, this),
                               tr("&Export public key…"), this);
    m_export->setObjectName(QStringLiteral("exportKeyButton"));
    m_copyKey = new QPushButton(themedIcon("edit-copy", QStyle::SP_FileIcon, this), tr("Copy &public key"), this);
    m_copyKey->setObjectName(QStringLiteral("copyPublicKeyButton"));
    m_copyKey->setToolTip(tr("Copies the armored public key (not secret) to the clipboard, to paste into a mail."));
    m_copyFingerprint = new QPushButton(tr("Copy &fingerprint"), this);
    m_copyFingerprint->setObjectName(QStringLiteral("copyFingerprintButton"));
    m_refresh = new QPushButton(themedIcon("view-refresh", QStyle::SP_BrowserReload, this), tr("Re&load"), this);
    m_refresh->setObjectName(QStringLiteral("reloadKeysButton"));

    m_copyFingerprintAction = new QAction(tr("Copy Fingerprint"), m_table);
    m_copyFingerprintAction->setObjectName(QStringLiteral("copyFingerprintAction"));
    m_copyFingerprintAction->setShortcut(QKeySequence::Copy);
    m_copyFingerprintAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(m_copyFingerprintAction);
    auto *copyKeyAction = new QAction(tr("Copy Public Key"), m_table);
    copyKeyAction->setObjectName(QStringLiteral("copyPublicKeyAction"));
    m_table->addAction(copyKeyAction);
    auto *exportAction = new QAction(tr("Export Public Key…"), m_table);
    exportAction->setObjectName(QStringLiteral("exportKeyAction"));
    m_table->addAction(exportAction);

    connect(m_create, &QPushButton::clicked, this, &KeysPage::createKey);
    connect(m_export, &QPushButton::clicked, this, &KeysPage::chooseExportFile);
    connect(exportAction, &QAction::triggered, this, &KeysPage::chooseExportFile);
    connect(m_copyKey, &QPushButton::clicked, this, &KeysPage::copyPublicKey);
    connect(copyKeyAction, &QAction::triggered, this, &KeysPage::copyPublicKey);
    connect(m_copyFingerprint, &QPushButton::clicked, this, &KeysPage::copyFingerprint);
    connect(m_copyFingerprintAction, &QAction::triggered, this, &KeysPage::copyFingerprint);
    connect(m_refresh, &QPushButton::clicked, this, &KeysPage::reload);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &KeysPage::updateActions);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_create, m_export, m_copyKey, m_copyFingerprint})
        buttons->addWidget(button);
    buttons->addStretch();
    buttons->addWidget(m_busyLabel);
    buttons->addWidget(m_busyBar);
    buttons->addWidget(m_refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_homeLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    setTabChain({m_table, m_create, m_export, m_copyKey, m_copyFingerprint, m_refresh});
    updateActions();
}

void KeysPage::reload()
{
    beginBusy(tr("Reading keys…"));
    runSecretsJob(this, [home = m_home.toStdString()] { return PgpKeys(home).listSecretKeys(); },
                  [this](std::expected<std::vector<KeyInfo>, Error> listed) {
                      endBusy();
                      if (!listed) {
                          showError(tr("Cannot list the keys: %1").arg(errorText(listed.error())));
                          fillTable({});
                      } else {
                          fillTable(*listed);
                      }
                      Q_EMIT reloaded();
                  });
}

void KeysPage::fillTable(const std::vector<KeyInfo> &keys)
{
    const QString selected = m_selectAfterReload.isEmpty() ? selectedFingerprint() : m_selectAfterReload;
    m_selectAfterReload.clear();
    m_keys = keys;
    m_table->setRowCount(int(keys.size()));
    for (int row = 0; row < int(keys.size()); ++row) {
        const KeyInfo &key = keys[std::size_t(row)];
        auto *fingerprint = item(groupedFingerprint(key.fingerprint));
        fingerprint->setData(Qt::UserRole, qstr(key.fingerprint));
        fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        fingerprint->setToolTip(tr("Key ID %1").arg(qstr(key.keyId)));
        m_table->setItem(row, FingerprintColumn, fingerprint);
        m_table->setItem(row, UserIdColumn, item(qstr(key.primaryUserId)));
        m_table->setItem(row, AlgorithmColumn,
                         item(qstr(key.algorithm)
                              + (key.encryptionAlgorithm.empty() ? QString() : QLatin1Char('/') + qstr(key.encryptionAlgorithm))));
        m_table->setItem(row, CreatedColumn, item(isoDate(key.created)));
        m_table->setItem(row, ExpiresColumn, item(key.neverExpires() ? tr("never") : isoDate(key.expires)));
        auto *state = item(stateOf(key));
        if (key.revoked || key.expired || !key.canEncrypt)
            state->setForeground(palette().color(QPalette::PlaceholderText));
        m_table->setItem(row, StateColumn, state);
        if (qstr(key.fingerprint) == selected)
            m_table->selectRow(row);
    }
    if (!keys.empty() && !m_table->selectionModel()->hasSelection())
        m_table->selectRow(0);
    m_table->resizeColumnsToContents();
    m_empty->setVisible(keys.empty());
    updateActions();
}

QString KeysPage::selectedFingerprint() const
{
    const auto rows = m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return {};
    const QTableWidgetItem *cell = m_table->item(rows.first().row(), FingerprintColumn);
    return cell ? cell->data(Qt::UserRole).toString() : QString();
}

void KeysPage::createKey()
{
    auto *dialog = new CreateKeyDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        secrets::KeySpec spec = dialog->takeSpec();
        const bool slow = spec.algorithm == secrets::KeySpec::Algorithm::Rsa4096;
        beginBusy(slow ? tr("Creating an RSA 4096 key (this takes a few seconds)…") : tr("Creating the key…"));
        showInfo(QString());
        runSecretsJob(this,
                      [home = m_home.toStdString(), spec = std::move(spec)] { return PgpKeys(home).createKey(spec); },
                      [this](std::expected<KeyInfo, Error> created) {
                          endBusy();
                          if (!created) {
                              showError(tr("The key was not created: %1").arg(errorText(created.error())));
                              return;
                          }
                          showInfo(tr("Created the key %1 for %2. Export its public key and send it to mParticle.")
                                       .arg(groupedFingerprint(created->fingerprint), qstr(created->primaryUserId)));
                          m_selectAfterReload = qstr(created->fingerprint);
                          Q_EMIT keyCreated(m_selectAfterReload);
                          reload();
                      });
    });
    dialog->open();
}

void KeysPage::chooseExportFile()
{
    const QString fingerprint = selectedFingerprint();
    if (fingerprint.isEmpty())
        return;
    QString suggested = QStringLiteral("public-key.asc");
    for (const KeyInfo &key : m_keys)
        if (qstr(key.fingerprint) == fingerprint && !key.email.empty())
            suggested = qstr(key.email).replace(QLatin1Char('@'), QLatin1Char('-')) + QStringLiteral("-public-key.asc");
    auto *dialog = new QFileDialog(this, tr("Export the public key for mParticle"),
                                   QDir::home().filePath(suggested), tr("Armored OpenPGP keys (*.asc);;All files (*)"));
    dialog->setObjectName(QStringLiteral("exportKeyFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setDefaultSuffix(QStringLiteral("asc"));
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, fingerprint](const QString &path) { exportPublicKey(fingerprint, path); });
    dialog->open();
}

void KeysPage::exportPublicKey(const QString &fingerprint, const QString &path)
{
    beginBusy(tr("Exporting the public key…"));
    runSecretsJob(this,
                  [home = m_home.toStdString(), fingerprint = fingerprint.toStdString(), path]() -> std::expected<void, Error> {
                      const auto armored = PgpKeys(home).exportPublicKey(fingerprint);
                      if (!armored)
                          return std::unexpected(armored.error());
                      QSaveFile file(path);
                      if (!file.open(QIODevice::WriteOnly)
                          || file.write(armored->data(), qint64(armored->size())) != qint64(armored->size()) || !file.commit())
                          return std::unexpected(Error{"file.write", "Cannot write " + QDir::toNativeSeparators(path).toStdString()
                                                                         + ": " + file.errorString().toStdString()});
                      return {};
                  },
                  [this, path](std::expected<void, Error> written) {
                      endBusy();
                      if (!written) {
                          showError(tr("The public key was not exported: %1").arg(errorText(written.error())));
                          return;
                      }
                      showInfo(tr("Wrote the public key to %1. Send that file to mParticle.").arg(QDir::toNativeSeparators(path)));
                      Q_EMIT publicKeyExported(path);
                  });
}

void KeysPage::copyPublicKey()
{
    const QString fingerprint = selectedFingerprint();
    if (fingerprint.isEmpty())
        return;
    beginBusy(tr("Exporting the public key…"));
    runSecretsJob(this,
                  [home = m_home.toStdString(), fingerprint = fingerprint.toStdString()] {
                      return PgpKeys(home).exportPublicKey(fingerprint);
                  },
                  [this](std::expected<std::string, Error> armored) {
                      endBusy();
                      if (!armored) {
                          showError(tr("The public key was not copied: %1").arg(errorText(armored.error())));
                          return;
                      }
                      QApplication::clipboard()->setText(qstr(*armored));
                      showInfo(tr("Copied the public key (it is not secret) to the clipboard."));
                      Q_EMIT publicKeyCopied();
                  });
}

void KeysPage::copyFingerprint()
{
    const QString fingerprint = selectedFingerprint();
    if (fingerprint.isEmpty())
        return;
    QApplication::clipboard()->setText(fingerprint);
    showInfo(tr("Copied the fingerprint %1.").arg(groupedFingerprint(fingerprint.toStdString())));
}

void KeysPage::beginBusy(const QString &what)
{
    ++m_busy;
    m_busyLabel->setText(what);
    m_busyLabel->show();
    m_busyBar->show();
    updateActions();
}

void KeysPage::endBusy()
{
    if (--m_busy > 0)
        return;
    m_busy = 0;
    m_busyLabel->hide();
    m_busyBar->hide();
    updateActions();
}

void KeysPage::updateActions()
{
    const bool idle = m_busy == 0;
    const bool selected = !selectedFingerprint().isEmpty();
    m_create->setEnabled(idle);
    m_refresh->setEnabled(idle);
    for (QWidget *button : {static_cast<QWidget *>(m_export), static_cast<QWidget *>(m_copyKey)})
        button->setEnabled(idle && selected);
    m_copyFingerprint->setEnabled(selected);
    m_copyFingerprintAction->setEnabled(selected);
    for (QAction *action : m_table->actions())
        if (action != m_copyFingerprintAction)
            action->setEnabled(idle && selected);
}

void KeysPage::showError(const QString &text)
{
    showMessage(m_message, text, true);
}

void KeysPage::showInfo(const QString &text)
{
    showMessage(m_message, text, false);
}

} // namespace fhw::gui
