#include "authsettings.h"

#include "secrets/redaction.h"
#include "secrets/securebuffer.h"
#include "secrets/tokenstore.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

namespace fhw::gui {

AuthSettings::AuthSettings(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("authSettings"));
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("authMode"));
    m_mode->addItem(tr("Not required"), int(Mode::None));
    m_mode->addItem(tr("Token from the keychain"), int(Mode::Keychain));
    m_mode->addItem(tr("Typed token"), int(Mode::Typed));

    m_keychainToken = new QComboBox(this);
    m_keychainToken->setObjectName(QStringLiteral("keychainToken"));
    m_keychainToken->setAccessibleName(tr("Stored token"));
    m_reload = new QToolButton(this);
    m_reload->setObjectName(QStringLiteral("reloadTokens"));
    m_reload->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh"), style()->standardIcon(QStyle::SP_BrowserReload)));
    m_reload->setToolTip(tr("Reload the stored tokens"));
    m_keychainStatus = new QLabel(this);
    m_keychainStatus->setObjectName(QStringLiteral("keychainStatus"));
    m_keychainStatus->setWordWrap(true);

    m_typed = new QLineEdit(this);
    m_typed->setObjectName(QStringLiteral("typedToken"));
    m_typed->setEchoMode(QLineEdit::Password);
    m_typed->setPlaceholderText(tr("The token requests must carry"));
    m_typed->setAccessibleName(tr("Token"));

    m_inForce = new QLabel(this);
    m_inForce->setObjectName(QStringLiteral("tokenInForce"));
    setInForce(std::nullopt);

    auto *modeLabel = new QLabel(tr("Require to&ken:"), this);
    modeLabel->setBuddy(m_mode);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(modeLabel, 0, 0);
    layout->addWidget(m_mode, 0, 1);
    layout->addWidget(m_inForce, 0, 2, 1, 2);
    layout->addWidget(m_keychainToken, 1, 1, 1, 2);
    layout->addWidget(m_reload, 1, 3);
    layout->addWidget(m_typed, 2, 1, 1, 3);
    layout->addWidget(m_keychainStatus, 3, 1, 1, 3);
    layout->setColumnStretch(2, 1);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        if (mode() == Mode::Keychain && !m_listed)
            reloadTokens();
        updateVisibility();
        Q_EMIT changed();
    });
    connect(m_keychainToken, &QComboBox::currentIndexChanged, this, &AuthSettings::changed);
    connect(m_typed, &QLineEdit::textChanged, this, &AuthSettings::changed);
    connect(m_reload, &QToolButton::clicked, this, &AuthSettings::reloadTokens);
    connect(&m_listWatcher, &QFutureWatcher<Listing>::finished, this, &AuthSettings::showTokens);
    connect(&m_readWatcher, &QFutureWatcher<std::expected<std::string, Error>>::finished, this, [this] {
        QFuture<std::expected<std::string, Error>> future = m_readWatcher.future();
        std::expected<std::string, Error> read = future.takeResult(); // no copy left in the future
        Resolved done = std::exchange(m_pendingResolve, nullptr);
        if (!done) {
            if (read)
                secrets::wipe(*read);
            return;
        }
        if (!read) {
            done(std::unexpected(read.error()));
            return;
        }
        std::optional<std::string> token(*read); // a copy, so the original can be wiped in place
        secrets::wipe(*read);
        done(std::move(token));
    });
    updateVisibility();
}

AuthSettings::~AuthSettings()
{
    m_listWatcher.waitForFinished();
    // Not waitForFinished() on a future whose result was taken: takeResult() resets it, and a reset
    // future never finishes.
    if (!m_readWatcher.isRunning())
        return;
    m_readWatcher.waitForFinished();
    QFuture<std::expected<std::string, Error>> future = m_readWatcher.future();
    if (future.isValid() && future.resultCount() > 0) {
        auto left = future.takeResult();
        if (left)
            secrets::wipe(*left);
    }
}

void AuthSettings::setTokenIndexDirectory(const QString &directory)
{
    m_tokenDirectory = directory;
    if (m_listed)
        reloadTokens();
}

AuthSettings::Mode AuthSettings::mode() const
{
    return Mode(m_mode->currentData().toInt());
}

void AuthSettings::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void AuthSettings::setCurrent(const std::optional<std::string> &token)
{
    if (token && m_appliedMode == Mode::Keychain) {
        setMode(Mode::Keychain);
        if (const int index = m_keychainToken->findData(m_appliedKeychainName); index >= 0)
            m_keychainToken->setCurrentIndex(index);
        m_typed->clear();
    } else if (token) {
        m_typed->setText(QString::fromStdString(*token));
        setMode(Mode::Typed);
    } else {
        setMode(Mode::None);
    }
    setInForce(token);
}

void AuthSettings::markApplied(const std::optional<std::string> &token)
{
    m_appliedMode = token ? mode() : Mode::None;
    m_appliedKeychainName = m_appliedMode == Mode::Keychain ? m_keychainToken->currentData().toString() : QString();
    if (m_appliedMode != Mode::Typed)
        m_typed->clear(); // no copy of a token left in a widget that does not need it
    setInForce(token);
}

void AuthSettings::setInForce(const std::optional<std::string> &token)
{
    m_inForce->setText(token ? tr("In force: %1").arg(QString::fromStdString(secrets::redactToken(*token)))
                             : tr("In force: no token required"));
}

QString AuthSettings::problem() const
{
    switch (mode()) {
    case Mode::None:
        return {};
    case Mode::Keychain:
        if (m_keychainToken->currentIndex() < 0 || m_keychainToken->currentData().toString().isEmpty())
            return tr("Choose a stored token (or import one under Tokens).");
        return {};
    case Mode::Typed: {
        if (m_typed->text().isEmpty())
            return tr("Type the token the endpoint should require.");
        const auto valid = secrets::TokenStore::validateToken(m_typed->text().toStdString());
        return valid ? QString() : QString::fromStdString(valid.error().message);
    }
    }
    return {};
}

void AuthSettings::resolve(Resolved done)
{
    if (const QString why = problem(); !why.isEmpty()) {
        done(std::unexpected(Error{"auth.incomplete", why.toStdString()}));
        return;
    }
    switch (mode()) {
    case Mode::None:
        done(std::optional<std::string>());
        return;
    case Mode::Typed:
        done(std::optional<std::string>(m_typed->text().toStdString()));
        return;
    case Mode::Keychain:
        break;
    }
    m_pendingResolve = std::move(done);
    if (m_readWatcher.isRunning())
        return; // the read under way answers the newest caller
    m_readWatcher.setFuture(QtConcurrent::run(
        [directory = m_tokenDirectory, name = m_keychainToken->currentData().toString().toStdString()] {
            return secrets::TokenStore(directory).read(name);
        }));
}

bool AuthSettings::isResolving() const
{
    return m_readWatcher.isRunning();
}

void AuthSettings::reloadTokens()
{
    m_listed = true;
    if (m_listWatcher.isRunning())
        return;
    m_keychainStatus->setText(tr("Reading the keychain…"));
    m_reload->setEnabled(false);
    m_listWatcher.setFuture(QtConcurrent::run([directory = m_tokenDirectory] {
        Listing out;
        auto listed = secrets::TokenStore(directory).list();
        if (!listed) {
            out.error = QString::fromStdString(listed.error().message);
            return out;
        }
        for (const secrets::TokenListing &entry : *listed) {
            if (!entry.inKeychain)
                continue; // the index knows it, the keychain does not: nothing to read
            out.names << QString::fromStdString(entry.metadata.name);
            QString label = QString::fromStdString(entry.metadata.redacted);
            if (!entry.metadata.dataCenter.empty())
                label += QStringLiteral(" (%1)").arg(QString::fromStdString(entry.metadata.dataCenter));
            out.redacted << label;
        }
        return out;
    }));
}

void AuthSettings::showTokens()
{
    const Listing listing = m_listWatcher.result();
    m_reload->setEnabled(true);
    const QString previous = m_keychainToken->currentData().toString();
    const QSignalBlocker blocker(m_keychainToken);
    m_keychainToken->clear();
    for (qsizetype i = 0; i < listing.names.size(); ++i) {
        const QString label = listing.redacted[i].isEmpty() ? listing.names[i]
                                                            : QStringLiteral("%1 — %2").arg(listing.names[i], listing.redacted[i]);
        m_keychainToken->addItem(label, listing.names[i]);
    }
    if (const int index = m_keychainToken->findData(previous); index >= 0)
        m_keychainToken->setCurrentIndex(index);
    if (!listing.error.isEmpty())
        m_keychainStatus->setText(tr("Keychain: %1").arg(listing.error));
    else if (listing.names.isEmpty())
        m_keychainStatus->setText(tr("No stored tokens yet: import one under Tokens."));
    else
        m_keychainStatus->clear();
    Q_EMIT changed();
}

void AuthSettings::updateVisibility()
{
    const Mode current = mode();
    m_keychainToken->setVisible(current == Mode::Keychain);
    m_reload->setVisible(current == Mode::Keychain);
    m_keychainStatus->setVisible(current == Mode::Keychain);
    m_typed->setVisible(current == Mode::Typed);
}

} // namespace fhw::gui
