#include "tokenimportdialog.h"

#include "passphrasedialog.h"
#include "secretsjob.h"
#include "tokenformat.h"

#include "protocol/parse.h"
#include "secrets/redaction.h"
#include "secrets/secretservice.h"
#include "secrets/tokenplausibility.h"
#include "secrets/tokenstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStringDecoder>
#include <QVBoxLayout>

namespace fhw::gui {

using secrets::TokenStore;

namespace {

constexpr std::size_t maxMessageBytes = 1024 * 1024; // an encrypted token is a few hundred bytes

// The one file of a drag, if it is one we import.
QString droppedFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().first().isLocalFile())
        return {};
    const QString path = mime->urls().first().toLocalFile();
    return TokenImportDialog::isImportableFile(path) ? path : QString();
}

TokenImportOutcome runImport(const std::string &home, const QString &indexDir, const QByteArray &input,
                             secrets::TokenMetadata metadata, bool replace, const secrets::PassphraseProvider &passphrase)
{
    TokenImportOutcome out;
    // Before any passphrase is asked for: there must be somewhere safe to put the token.
    if (auto keychain = secrets::checkSecretService(); !keychain) {
        out.error = keychain.error();
        return out;
    }
    auto decrypted = secrets::TokenDecryptor(home).decrypt(std::string_view(input.constData(), std::size_t(input.size())),
                                                           passphrase);
    if (!decrypted) {
        out.error = decrypted.error();
        return out;
    }
    out.recipientFingerprint = decrypted->recipientFingerprint;
    out.signature = decrypted->signature;
    out.warnings = decrypted->warnings;
    auto checked = secrets::checkToken(decrypted->plaintext.view());
    decrypted->plaintext.clear();
    if (!checked) {
        out.error = checked.error();
        return out;
    }
    out.warnings.insert(out.warnings.end(), checked->warnings.begin(), checked->warnings.end());
    out.redacted = secrets::redactToken(checked->token);

    metadata.keyFingerprint = decrypted->recipientFingerprint;
    if (decrypted->signature)
        metadata.signer = decrypted->signature->signer.empty() ? decrypted->signature->fingerprint : decrypted->signature->signer;
    const auto stored = TokenStore(indexDir).store(std::move(metadata), checked->token,
                                                   replace ? TokenStore::Existing::Replace : TokenStore::Existing::Refuse);
    secrets::wipe(checked->token);
    if (!stored)
        out.error = stored.error();
    return out;
}

} // namespace

TokenImportDialog::TokenImportDialog(QString gnupgHome, QString tokenIndexDir, QStringList existingNames, QWidget *parent)
    : QDialog(parent)
    , m_home(std::move(gnupgHome))
    , m_indexDir(std::move(tokenIndexDir))
    , m_existing(std::move(existingNames))
{
    setObjectName(QStringLiteral("tokenImportDialog"));
    setWindowTitle(tr("Import a token"));
    setAcceptDrops(true);

    auto *intro = new QLabel(tr("Paste the PGP message mParticle e-mailed (from -----BEGIN PGP MESSAGE----- to "
                                "-----END PGP MESSAGE-----; quoting and line breaks added by mail clients are fine), "
                                "choose the file, or drop an .asc, .gpg, .pgp or .txt file here."),
                             this);
    intro->setObjectName(QStringLiteral("importIntro"));
    intro->setWordWrap(true);

    m_message = new QPlainTextEdit(this);
    m_message->setObjectName(QStringLiteral("armoredMessageEdit"));
    m_message->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_message->setPlaceholderText(QStringLiteral("-----BEGIN PGP MESSAGE-----\n…\n-----END PGP MESSAGE-----"));
    m_message->setTabChangesFocus(true);
    m_message->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_message->viewport()->installEventFilter(this);
    auto *messageLabel = new QLabel(tr("&Encrypted message:"), this);
    messageLabel->setBuddy(m_message);

    m_source = new QLabel(this);
    m_source->setObjectName(QStringLiteral("importSourceLabel"));
    m_source->setWordWrap(true);
    m_source->hide();
    m_clearFile = new QPushButton(tr("C&lear"), this);
    m_clearFile->setObjectName(QStringLiteral("clearImportFileButton"));
    m_clearFile->hide();
    m_chooseFile = new QPushButton(themedIcon("document-open", QStyle::SP_DialogOpenButton, this), tr("Choose &file…"), this);
    m_chooseFile->setObjectName(QStringLiteral("chooseImportFileButton"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("tokenNameEdit"));
    m_name->setPlaceholderText(tr("e.g. acme-prod-US1"));
    m_nameProblem = new QLabel(this);
    m_nameProblem->setObjectName(QStringLiteral("tokenNameProblem"));
    m_nameProblem->setWordWrap(true);
    m_nameProblem->hide();
    m_dataCenter = new QComboBox(this);
    m_dataCenter->setObjectName(QStringLiteral("tokenDataCenterCombo"));
    for (const QString &dc : dataCenters())
        m_dataCenter->addItem(dataCenterLabel(dc), dc);
    m_replace = new QCheckBox(this);
    m_replace->setObjectName(QStringLiteral("replaceExistingCheck"));
    m_replace->hide();

    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(QStringLiteral("importBusyLabel"));
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("importBusy"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setTextVisible(false);
    m_busyBar->setMaximumWidth(160);
    m_busyLabel->hide();
    m_busyBar->hide();

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("importResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();

    auto *buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("importButtons"));
    m_import = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setDefault(true);
    m_close = buttons->addButton(QDialogButtonBox::Cancel);
    m_close->setObjectName(QStringLiteral("closeImportButton"));
    connect(m_import, &QPushButton::clicked, this, &TokenImportDialog::startImport);
    connect(m_close, &QPushButton::clicked, this, &TokenImportDialog::reject);

    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_source, 1);
    sourceRow->addWidget(m_clearFile);
    sourceRow->addWidget(m_chooseFile, 0, Qt::AlignRight);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_nameProblem);
    form->addRow(QString(), m_replace);
    form->addRow(tr("&Data centre:"), m_dataCenter);
    auto *busyRow = new QHBoxLayout;
    busyRow->addWidget(m_busyLabel);
    busyRow->addWidget(m_busyBar);
    busyRow->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(messageLabel);
    layout->addWidget(m_message, 1);
    layout->addLayout(sourceRow);
    layout->addLayout(form);
    layout->addLayout(busyRow);
    layout->addWidget(m_error);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    setTabChain({m_message, m_chooseFile, m_name, m_replace, m_dataCenter, m_import, m_close});
    resize(640, 560);

    connect(m_message, &QPlainTextEdit::textChanged, this, &TokenImportDialog::updateState);
    connect(m_name, &QLineEdit::textChanged, this, &TokenImportDialog::updateState);
    connect(m_replace, &QCheckBox::toggled, this, &TokenImportDialog::updateState);
    connect(m_chooseFile, &QPushButton::clicked, this, &TokenImportDialog::chooseFile);
    connect(m_clearFile, &QPushButton::clicked, this, [this] { setBinary({}, {}); });
    updateState();
}

bool TokenImportDialog::isImportableFile(const QString &path)
{
    static const QStringList suffixes{QStringLiteral("asc"), QStringLiteral("gpg"), QStringLiteral("pgp"), QStringLiteral("txt")};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

void TokenImportDialog::setMessage(const QString &armored)
{
    setBinary({}, {});
    m_message->setPlainText(armored);
}

void TokenImportDialog::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Choose the encrypted token"), QDir::homePath(),
                                   tr("PGP messages (*.asc *.gpg *.pgp *.txt);;All files (*)"));
    dialog->setObjectName(QStringLiteral("importFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &TokenImportDialog::loadFile);
    dialog->open();
}

void TokenImportDialog::loadFile(const QString &path)
{
    setBusy(true, tr("Reading %1…").arg(QFileInfo(path).fileName()));
    runSecretsJob(this, [file = path.toStdString()] { return protocol::readFileCapped(file, maxMessageBytes); },
                  [this, path](std::expected<std::string, Error> read) {
                      setBusy(false);
                      if (!read) {
                          showMessage(m_error, errorText(read.error()), true);
                      } else {
                          showMessage(m_error, QString(), true);
                          const QByteArray bytes = QByteArray::fromStdString(*read);
                          // Binary OpenPGP starts with a packet tag (high bit set); armor is text.
                          QStringDecoder utf8(QStringDecoder::Utf8);
                          const QString text = utf8.decode(bytes);
                          if (bytes.contains('\0') || (!bytes.isEmpty() && (bytes.at(0) & 0x80) != 0) || utf8.hasError()) {
                              setBinary(bytes, path);
                          } else {
                              setBinary({}, {});
                              m_message->setPlainText(text);
                          }
                      }
                      Q_EMIT fileLoaded(path);
                  });
}

void TokenImportDialog::setBinary(const QByteArray &bytes, const QString &path)
{
    m_binary = bytes;
    if (!bytes.isEmpty())
        m_message->clear();
    m_message->setEnabled(bytes.isEmpty());
    m_source->setText(bytes.isEmpty() ? QString()
                                      : tr("Binary OpenPGP message from %1 (%2 bytes)")
                                            .arg(QDir::toNativeSeparators(path))
                                            .arg(bytes.size()));
    m_source->setVisible(!bytes.isEmpty());
    m_clearFile->setVisible(!bytes.isEmpty());
    updateState();
}

void TokenImportDialog::dragEnterEvent(QDragEnterEvent *event)
{
    if (!m_busy && !m_done && !droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void TokenImportDialog::dropEvent(QDropEvent *event)
{
    const QString path = droppedFile(event->mimeData());
    if (m_busy || m_done || path.isEmpty())
        return;
    event->acceptProposedAction();
    loadFile(path);
}

bool TokenImportDialog::eventFilter(QObject *watched, QEvent *event)
{
    // A file dropped on the text field is loaded, not pasted as its URL; dropped text goes in as usual.
    if (watched == m_message->viewport()) {
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto *drag = static_cast<QDragMoveEvent *>(event);
            if (!droppedFile(drag->mimeData()).isEmpty()) {
                if (!m_busy && !m_done)
                    drag->acceptProposedAction();
                else
                    drag->ignore();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto *drop = static_cast<QDropEvent *>(event);
            const QString path = droppedFile(drop->mimeData());
            if (!path.isEmpty()) {
                if (!m_busy && !m_done) {
                    drop->acceptProposedAction();
                    loadFile(path);
                }
                return true;
            }
        }
    }
    return QDialog::eventFilter(watched, event);
}

void TokenImportDialog::updateState()
{
    const QString name = m_name->text();
    QString problem;
    bool nameOk = false;
    if (!name.isEmpty()) {
        if (auto valid = TokenStore::validateName(name.toStdString()); !valid)
            problem = qstr(valid.error().message);
        else
            nameOk = true;
    }
    showMessage(m_nameProblem, problem, true);
    const bool exists = nameOk && m_existing.contains(name);
    if (exists)
        m_replace->setText(tr("&Replace the existing token '%1'").arg(name));
    if (!exists)
        m_replace->setChecked(false);
    m_replace->setVisible(exists);

    const bool hasInput = !m_binary.isEmpty() || !m_message->toPlainText().trimmed().isEmpty();
    m_import->setEnabled(!m_busy && !m_done && nameOk && hasInput && (!exists || m_replace->isChecked()));
    for (QWidget *input : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_dataCenter),
                           static_cast<QWidget *>(m_chooseFile), static_cast<QWidget *>(m_clearFile),
                           static_cast<QWidget *>(m_replace)})
        input->setEnabled(!m_busy && !m_done);
    m_message->setReadOnly(m_busy || m_done);
    m_close->setEnabled(!m_busy);
}

void TokenImportDialog::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    m_busyLabel->setText(what);
    m_busyLabel->setVisible(busy);
    m_busyBar->setVisible(busy);
    updateState();
}

void TokenImportDialog::startImport()
{
    if (m_busy || m_done || !m_import->isEnabled())
        return;
    secrets::TokenMetadata metadata;
    metadata.name = m_name->text().toStdString();
    metadata.dataCenter = m_dataCenter->currentData().toString().toStdString();
    const QByteArray input = m_binary.isEmpty() ? m_message->toPlainText().toUtf8() : m_binary;
    showMessage(m_error, QString(), true);
    showMessage(m_result, QString(), false);
    setBusy(true, tr("Decrypting and storing the token…"));
    runSecretsJob(this,
                  [home = m_home.toStdString(), dir = m_indexDir, input, metadata = std::move(metadata),
                   replace = m_replace->isChecked(), passphrase = guiPassphraseProvider(this)] {
                      return runImport(home, dir, input, metadata, replace, passphrase);
                  },
                  [this](TokenImportOutcome outcome) { finishImport(std::move(outcome)); });
}

void TokenImportDialog::finishImport(TokenImportOutcome outcome)
{
    setBusy(false);
    QStringList lines;
    if (!outcome.recipientFingerprint.empty())
        lines << tr("Decrypted with your key %1.").arg(groupedFingerprint(outcome.recipientFingerprint));
    if (outcome.signature) {
        const secrets::SignatureInfo &signature = *outcome.signature;
        const QString signer = qstr(signature.signer.empty() ? signature.fingerprint : signature.signer);
        if (!signature.valid)
            lines << tr("Signed by %1, but the signature is NOT valid: %2.").arg(signer, qstr(signature.status));
        else if (signature.status == "valid")
            lines << tr("Signed by %1: valid signature.").arg(signer);
        else
            lines << tr("Signed by %1: valid signature (%2).").arg(signer, qstr(signature.status));
    } else if (!outcome.recipientFingerprint.empty()) {
        lines << tr("The message was not signed.");
    }
    for (const std::string &warning : outcome.warnings)
        lines << tr("Warning: %1").arg(qstr(warning));

    if (outcome.error) {
        showMessage(m_result, lines.join(QLatin1Char('\n')), false);
        QString text = errorText(*outcome.error);
        if (outcome.error->code == "token.exists") {
            if (!m_existing.contains(m_name->text()))
                m_existing << m_name->text();
            updateState();
            text += QLatin1Char('\n') + tr("Tick \"Replace\" to replace it, or choose another name.");
        }
        showMessage(m_error, text, true);
        return;
    }
    const QString name = m_name->text();
    lines.prepend(tr("Stored '%1' (%2) in the keychain.").arg(name, qstr(outcome.redacted)));
    showMessage(m_result, lines.join(QLatin1Char('\n')), false);
    m_done = true;
    m_close->setText(tr("&Close"));
    updateState();
    m_close->setFocus();
    Q_EMIT imported(name);
}

void TokenImportDialog::reject()
{
    if (m_busy)
        return; // GPGME cannot be interrupted half way; a passphrase prompt can be cancelled instead
    QDialog::reject();
}

} // namespace fhw::gui
