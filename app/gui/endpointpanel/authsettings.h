#pragma once

#include "common/error.h"

#include <QFutureWatcher>
#include <QWidget>

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace fhw::gui {

// Whether the endpoint requires "Authorization: Token …": no; a token from the keychain (the
// names come from TokenStore::list() and the token from TokenStore::read(), both on a worker thread,
// the token never shown); or a token typed into a password field. What is in force is shown
// redacted only ("Token ••••abcd").
class AuthSettings : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { None, Keychain, Typed };

    explicit AuthSettings(QWidget *parent = nullptr);
    ~AuthSettings() override;

    void setTokenIndexDirectory(const QString &directory); // for TokenStore; empty = the default
    // Shows what the endpoint requires now: the keychain choice when the token was applied from there,
    // else a token in force shows as typed (masked).
    void setCurrent(const std::optional<std::string> &token);

    Mode mode() const;
    void setMode(Mode mode);
    // Empty when the choice can be applied; otherwise why not (no token typed, none chosen…).
    QString problem() const;

    // The token to put in EndpointConfig::token (nothing for Mode::None), handed to `done` on the
    // GUI thread: at once, or after the keychain read. `done` must wipe what it does not keep.
    using Resolved = std::function<void(std::expected<std::optional<std::string>, Error>)>;
    void resolve(Resolved done);
    bool isResolving() const;

    // After a successful apply: remembers where the token came from and shows it redacted.
    void markApplied(const std::optional<std::string> &token);

    void reloadTokens(); // TokenStore::list() off-thread; also on first switch to Mode::Keychain

Q_SIGNALS:
    void changed();

private:
    struct Listing
    {
        QStringList names;
        QStringList redacted;
        QString error;
    };
    void showTokens();
    void setInForce(const std::optional<std::string> &token);
    void updateVisibility();

    QComboBox *m_mode;
    QComboBox *m_keychainToken;
    QToolButton *m_reload;
    QLineEdit *m_typed;
    QLabel *m_inForce;
    QLabel *m_keychainStatus;
    QString m_tokenDirectory;
    QFutureWatcher<Listing> m_listWatcher;
    QFutureWatcher<std::expected<std::string, Error>> m_readWatcher;
    Resolved m_pendingResolve;
    bool m_listed = false;
    Mode m_appliedMode = Mode::None;
    QString m_appliedKeychainName;
};

} // namespace fhw::gui
