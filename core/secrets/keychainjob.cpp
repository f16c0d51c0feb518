#include "keychainjob_p.h"
#include "securebuffer.h" // wipe()

#include <QCoreApplication>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace fhw::secrets::detail {

namespace {

std::unexpected<Error> fail(std::string code, std::string message)
{
    return std::unexpected(Error{std::move(code), std::move(message)});
}

// Shared by the waiting caller and the keychain thread, so a caller that gave up (timeout) leaves
// nothing dangling for the job's late answer.
struct PendingJob
{
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    bool abandoned = false;
    KeychainOutcome outcome;
    std::string secret; // for a Write, until handed to the job

    ~PendingJob()
    {
        wipe(secret);
        wipe(outcome.secret);
    }
};

class KeychainThread
{
public:
    // Never destroyed: the thread is stopped by a post routine of QCoreApplication instead, while Qt
    // is still whole; a static destructor would run too late.
    static KeychainThread &instance()
    {
        static auto *self = new KeychainThread;
        return *self;
    }

    std::expected<QObject *, Error> context()
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped)
            return fail("keychain.error",
                        "The keychain thread has stopped (its QCoreApplication was destroyed); QtKeychain cannot "
                        "be used again in this process.");
        if (!m_thread) {
            m_thread = new QThread;
            m_thread->setObjectName(QStringLiteral("fhw-keychain"));
            m_context = new QObject;
            m_context->moveToThread(m_thread);
            m_thread->start();
            qAddPostRoutine(&KeychainThread::stop);
        }
        return m_context;
    }

    std::atomic<int> abandoned{0}; // jobs whose callers timed out and that have not finished yet

private:
    static void stop()
    {
        KeychainThread &self = instance();
        std::lock_guard lock(self.m_mutex);
        self.m_stopped = true;
        if (!self.m_thread)
            return;
        self.m_context->deleteLater(); // run by the thread as it finishes
        self.m_thread->quit();
        if (self.m_thread->wait(QDeadlineTimer(3000)))
            delete self.m_thread;
        self.m_thread = nullptr;
        self.m_context = nullptr;
    }

    std::mutex m_mutex;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr;
    bool m_stopped = false;
};

void finish(PendingJob &pending, KeychainAction action, QKeychain::Job *job)
{
    std::lock_guard lock(pending.mutex);
    pending.outcome.error = job->error();
    pending.outcome.errorString = job->errorString();
    if (action == KeychainAction::Read && job->error() == QKeychain::NoError) {
        const QByteArray data = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        pending.outcome.secret.assign(data.constData(), static_cast<std::size_t>(data.size()));
        // binaryData() shares the job's own buffer (implicit sharing): wiping through constData() clears
        // that buffer itself, where data() would first detach a copy and clear only the copy. Nothing
        // reads it after us; the job deletes itself next. Best effort: libsecret has already wiped its
        // own copy (secret_password_free), but D-Bus message buffers are out of our reach.
        if (!data.isEmpty())
            wipe(const_cast<char *>(data.constData()), static_cast<std::size_t>(data.size()));
    }
    pending.done = true;
    if (pending.abandoned) {
        wipe(pending.outcome.secret);
        --KeychainThread::instance().abandoned;
    }
    pending.finished.notify_all();
}

// Runs on the keychain thread.
void startJob(const std::shared_ptr<PendingJob> &pending, KeychainAction action, const QString &service,
              const QString &key, QObject *context)
{
    QKeychain::Job *job = nullptr;
    switch (action) {
    case KeychainAction::Read:
        job = new QKeychain::ReadPasswordJob(service);
        break;
    case KeychainAction::Write: {
        auto *write = new QKeychain::WritePasswordJob(service);
        // Text, not binary: stored as is (type=plaintext), so `secret-tool lookup` shows the token itself
        // rather than its base64.
        QString text;
        {
            std::lock_guard lock(pending->mutex);
            text = QString::fromStdString(pending->secret);
            wipe(pending->secret);
        }
        write->setTextData(text);
        wipe(text.data(), static_cast<std::size_t>(text.size()) * sizeof(QChar)); // ours alone: no detach
        job = write;
        break;
    }
    case KeychainAction::Delete:
        job = new QKeychain::DeletePasswordJob(service);
        break;
    }
    job->setAutoDelete(true);
    // Never: on the KWallet path QtKeychain would then write the token in plaintext to QSettings and
    // report success (see PLATFORM-NOTES). False is the default; said here so nobody flips it.
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [pending, action](QKeychain::Job *done) { finish(*pending, action, done); });
    job->start();
}

} // namespace

std::expected<KeychainOutcome, Error> runKeychainJob(KeychainAction action, const QString &service,
                                                     const QString &key, std::string_view secret,
                                                     std::chrono::milliseconds timeout)
{
    if (!QCoreApplication::instance())
        return fail("keychain.error", "Using the keychain needs a QCoreApplication.");
    KeychainThread &keychain = KeychainThread::instance();
    if (keychain.abandoned.load() > 0)
        return fail("keychain.timeout",
                    "An earlier keychain request has still not finished (is the keyring waiting for a password "
                    "prompt?). Try again once it has, or restart Firehose Workbench.");
    const auto context = keychain.context();
    if (!context)
        return std::unexpected(context.error());

    auto pending = std::make_shared<PendingJob>();
    if (action == KeychainAction::Write)
        pending->secret.assign(secret);
    QObject *target = *context;
    const bool posted = QMetaObject::invokeMethod(
        target, [pending, action, service, key, target] { startJob(pending, action, service, key, target); },
        Qt::QueuedConnection);
    if (!posted)
        return fail("keychain.error", "Could not hand the request to the keychain thread.");

    std::unique_lock lock(pending->mutex);
    if (!pending->finished.wait_for(lock, timeout, [&] { return pending->done; })) {
        pending->abandoned = true;
        ++keychain.abandoned;
        return fail("keychain.timeout", "The keychain did not answer within "
                                            + std::to_string(timeout.count())
                                            + " ms (is it waiting for a password prompt?).");
    }
    return std::move(pending->outcome);
}

} // namespace fhw::secrets::detail
