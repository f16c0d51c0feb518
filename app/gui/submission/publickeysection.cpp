#include "publickeysection.h"

#include "submissionjob.h"
#include "submissiontext.h"

#include "submission/publickey.h"
#include "submission/secretscan.h"
#include "secrets/securebuffer.h"
#include "tokens/tokenformat.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace fhw::gui {

using submissiontext::fromStd;

namespace {

constexpr qint64 maxKeyFileBytes = 1024 * 1024; // an armored public key is a few KB

} // namespace

PublicKeySection::PublicKeySection(QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_pool(pool)
{
    setObjectName(QStringLiteral("publicKeySection"));
    auto *intro = new QLabel(tr("mParticle encrypts your integration's token to this key. Take it from one of your secret keys, "
                                "or paste or open the armored public key (gpg --armor --export)."),
                             this);
    intro->setWordWrap(true);

    m_keyChoice = new QComboBox(this);
    m_keyChoice->setObjectName(QStringLiteral("secretKeys"));
    m_keyChoice->setAccessibleName(tr("Your secret keys"));
    m_keyChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_reload = new QPushButton(themedIcon("view-refresh", QStyle::SP_BrowserReload, this), tr("Re&load"), this);
    m_reload->setObjectName(QStringLiteral("reloadKeys"));
    m_use = new QPushButton(tr("&Use this key"), this);
    m_use->setObjectName(QStringLiteral("useKey"));
    m_open = new QPushButton(themedIcon("document-open", QStyle::SP_DialogOpenButton, this), tr("Open &file…"), this);
    m_open->setObjectName(QStringLiteral("openPublicKey"));
    m_busyLabel = new QLabel(this);
    m_busyLabel->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_busyBar = new QProgressBar(this);
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setTextVisible(false);
    m_busyLabel->hide();
    m_busyBar->hide();

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("publicKeyText"));
    m_text->setPlaceholderText(QStringLiteral("-----BEGIN PGP PUBLIC KEY BLOCK-----\n…\n-----END PGP PUBLIC KEY BLOCK-----"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setAccessibleName(tr("Armored public key"));
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setObjectName(QStringLiteral("publicKeyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *keys = new QHBoxLayout;
    keys->addWidget(new QLabel(tr("Secret key:"), this));
    keys->addWidget(m_keyChoice, 1);
    keys->addWidget(m_use);
    keys->addWidget(m_reload);
    auto *other = new QHBoxLayout;
    other->addWidget(m_open);
    other->addStretch();
    other->addWidget(m_busyLabel);
    other->addWidget(m_busyBar);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(keys);
    layout->addLayout(other);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);

    connect(m_reload, &QPushButton::clicked, this, &PublicKeySection::reload);
    connect(m_use, &QPushButton::clicked, this, &PublicKeySection::useSelectedKey);
    connect(m_open, &QPushButton::clicked, this, &PublicKeySection::chooseFile);
    connect(m_text, &QPlainTextEdit::textChanged, this, &PublicKeySection::textEdited);
    m_use->setEnabled(false);
    textEdited();
}

void PublicKeySection::setGnupgHome(const QString &home)
{
    m_home = home;
    m_loaded = false;
    if (isVisible())
        reload();
}

void PublicKeySection::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loaded)
        reload(); // gpg is asked only once somebody looks
}

void PublicKeySection::reload()
{
    m_loaded = true;
    beginBusy(tr("Reading your keys…"));
    submissionjob::run(this, m_pool, [home = m_home.toStdString()] { return secrets::PgpKeys(home).listSecretKeys(); },
                       [this](std::expected<std::vector<secrets::KeyInfo>, Error> listed) {
                           endBusy();
                           m_keyChoice->clear();
                           m_keys.clear();
                           if (!listed) {
                               m_keyChoice->addItem(tr("(cannot list keys: %1)").arg(errorText(listed.error())));
                           } else {
                               m_keys = std::move(*listed);
                               for (const secrets::KeyInfo &key : m_keys)
                                   m_keyChoice->addItem(fromStd(key.primaryUserId) + QStringLiteral(" — ")
                                                            + groupedFingerprint(key.fingerprint),
                                                        fromStd(key.fingerprint));
                               if (m_keys.empty())
                                   m_keyChoice->addItem(tr("(no secret keys: create one in Keys and Tokens)"));
                           }
                           m_use->setEnabled(!m_keys.empty() && m_busy == 0);
                           Q_EMIT keysReloaded();
                       });
}

void PublicKeySection::useSelectedKey()
{
    const QString fingerprint = m_keyChoice->currentData().toString();
    if (fingerprint.isEmpty())
        return;
    beginBusy(tr("Exporting the public key…"));
    submissionjob::run(this, m_pool,
                       [home = m_home.toStdString(), fingerprint = fingerprint.toStdString()] {
                           return secrets::PgpKeys(home).exportPublicKey(fingerprint);
                       },
                       [this](std::expected<std::string, Error> armored) {
                           endBusy();
                           if (!armored) {
                               showMessage(m_status, tr("The public key was not exported: %1").arg(errorText(armored.error())), true);
                               return;
                           }
                           setPublicKeyText(fromStd(*armored));
                       });
}

void PublicKeySection::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Open the armored public key"), QDir::homePath(),
                                   tr("Armored OpenPGP keys (*.asc);;All files (*)"));
    dialog->setObjectName(QStringLiteral("openPublicKeyDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &PublicKeySection::loadFile);
    dialog->open();
}

void PublicKeySection::loadFile(const QString &path)
{
    beginBusy(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    submissionjob::run(this, m_pool,
                       [path]() -> std::expected<QString, QString> {
                           QFile file(path);
                           if (!file.open(QIODevice::ReadOnly))
                               return std::unexpected(file.errorString());
                           if (file.size() > maxKeyFileBytes)
                               return std::unexpected(QStringLiteral("larger than 1 MB: not an armored public key"));
                           QByteArray bytes = file.readAll();
                           QString text = QString::fromUtf8(bytes);
                           secrets::wipe(bytes.data(), std::size_t(bytes.size())); // it may be a private key
                           return text;
                       },
                       [this, path](std::expected<QString, QString> text) {
                           endBusy();
                           if (!text) {
                               showMessage(m_status, tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), text.error()), true);
                               return;
                           }
                           setPublicKeyText(*text);
                           wipeString(*text);
                       });
}

void PublicKeySection::setPublicKeyText(const QString &text)
{
    m_text->setPlainText(text); // textEdited() judges it
}

void PublicKeySection::textEdited()
{
    QString text = m_text->toPlainText();
    QByteArray utf8 = text.toUtf8();
    const std::string_view bytes(utf8.constData(), std::size_t(utf8.size()));
    const std::string privateLabel = submission::armoredPrivateKeyLabel(bytes);
    const auto checked = submission::checkArmoredPublicKey(bytes);
    if (!privateLabel.empty() || (!checked && checked.error().code == "pgp.private-key")) {
        m_refusal = privateLabel.empty()
                        ? tr("Refused: %1. This is a private key; mParticle needs the public key only.").arg(fromStd(checked.error().message))
                        : tr("Refused: that is a private key (%1). It must never leave your machine: paste the public key "
                             "instead (gpg --armor --export FINGERPRINT).").arg(fromStd(privateLabel));
        secrets::wipe(utf8.data(), std::size_t(utf8.size()));
        wipeString(text);
        {
            const QSignalBlocker blocker(m_text);
            m_text->setPlainText(QString()); // setPlainText also drops the undo history that holds the key
        }
        m_key.clear();
        showMessage(m_status, m_refusal, true);
        Q_EMIT refused(m_refusal);
        Q_EMIT changed();
        return;
    }
    m_key = utf8.toStdString();
    if (text.trimmed().isEmpty()) {
        m_key.clear();
        showMessage(m_status, tr("No public key yet."), false);
    } else if (!checked) {
        showMessage(m_status, tr("Not usable: %1").arg(errorText(checked.error())), true);
    } else {
        m_refusal.clear();
        showMessage(m_status,
                    tr("OpenPGP v%1 public key %2%3").arg(checked->version).arg(groupedFingerprint(checked->fingerprint),
                        checked->userId.empty() ? QString() : QStringLiteral(", ") + fromStd(checked->userId)),
                    false);
    }
    Q_EMIT changed();
}

void PublicKeySection::beginBusy(const QString &what)
{
    ++m_busy;
    m_busyLabel->setText(what);
    m_busyLabel->show();
    m_busyBar->show();
    m_use->setEnabled(false);
    m_reload->setEnabled(false);
}

void PublicKeySection::endBusy()
{
    if (--m_busy > 0)
        return;
    m_busy = 0;
    m_busyLabel->hide();
    m_busyBar->hide();
    m_use->setEnabled(!m_keys.empty());
    m_reload->setEnabled(true);
}

} // namespace fhw::gui
