#include "passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace fhw::cli {

namespace {

constexpr std::size_t maxPassphraseBytes = 4096;

// Reads up to a newline or the end, one byte at a time so nothing past the line is consumed (the
// fd may carry more for someone else), into wiped memory.
std::expected<secrets::SecureBuffer, std::string> readLine(int fd)
{
    secrets::SecureBuffer line;
    for (;;) {
        char byte = 0;
        const ssize_t n = ::read(fd, &byte, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return std::unexpected(std::string("cannot read the passphrase: ") + std::strerror(errno));
        if (n == 0 || byte == '\n')
            break;
        if (line.size() >= maxPassphraseBytes)
            return std::unexpected(std::string("the passphrase is longer than 4096 bytes"));
        line.append(std::string_view(&byte, 1));
        byte = 0;
    }
    if (!line.empty() && line.view().back() == '\r')
        line.truncate(line.size() - 1);
    return line;
}

struct TerminalCloser
{
    void operator()(int *fd) const
    {
        ::close(*fd);
        delete fd;
    }
};

std::expected<secrets::SecureBuffer, std::string> readFromTerminal(const QString &prompt)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(std::string(
            "no terminal to ask for the passphrase on; give it with --passphrase-fd N (e.g. 3< file)"));
    }
    const std::unique_ptr<int, TerminalCloser> closer(new int(fd));
    const QByteArray text = prompt.toUtf8();
    (void)!::write(fd, text.constData(), std::size_t(text.size()));
    termios saved{};
    const bool isTty = ::tcgetattr(fd, &saved) == 0;
    if (isTty) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    auto line = readLine(fd);
    if (isTty)
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    return line;
}

} // namespace

std::expected<secrets::SecureBuffer, std::string> readPassphrase(const PassphraseSource &source, const QString &prompt)
{
    if (source.fd) {
        if (::fcntl(*source.fd, F_GETFD) < 0)
            return std::unexpected("--passphrase-fd " + std::to_string(*source.fd) + " is not an open file descriptor");
        return readLine(*source.fd);
    }
    return readFromTerminal(prompt);
}

std::expected<secrets::SecureBuffer, std::string> readNewPassphrase(const PassphraseSource &source)
{
    auto first = readPassphrase(source, QStringLiteral("Passphrase for the new key: "));
    if (!first || source.fd)
        return first;
    auto again = readPassphrase(source, QStringLiteral("The same passphrase again: "));
    if (!again)
        return again;
    if (first->view() != again->view())
        return std::unexpected(std::string("the two passphrases differ"));
    return first;
}

secrets::PassphraseProvider passphraseProvider(const PassphraseSource &source, PassphraseOutcome *outcome)
{
    auto used = std::make_shared<bool>(false);
    return [source, outcome, used](const secrets::PassphrasePrompt &prompt) -> std::optional<secrets::SecureBuffer> {
        if (prompt.previousWasBad && outcome)
            outcome->rejected = true;
        if (source.fd && *used)
            return std::nullopt; // the fd held one passphrase, and it was wrong
        *used = true;
        QString text = prompt.previousWasBad ? QStringLiteral("Bad passphrase, try again. ") : QString();
        text += QStringLiteral("Passphrase for %1 (%2): ")
                    .arg(QString::fromStdString(prompt.userId), QString::fromStdString(prompt.keyId));
        auto passphrase = readPassphrase(source, text);
        if (passphrase && passphrase->empty()) {
            passphrase = std::unexpected(source.fd ? "--passphrase-fd " + std::to_string(*source.fd) + " gave no passphrase"
                                                   : std::string("no passphrase was entered"));
        }
        if (!passphrase) {
            if (outcome)
                outcome->problem = passphrase.error();
            return std::nullopt;
        }
        return std::move(*passphrase);
    };
}

} // namespace fhw::cli
