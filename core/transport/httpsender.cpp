// HttpSender: one thread drives a libcurl multi handle. Callers only touch the inbox (under a mutex)
// and wake the thread with curl_multi_wakeup; everything else (jobs, easy handles, the back-off
// schedule) belongs to the thread, so it needs no locking.

#include "httpsender.h"

#include "httpsender_p.h"
#include "secrets/redaction.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace fhw::transport {

using namespace detail;
using std::chrono::milliseconds;

namespace {

void initialiseCurlOnce()
{
    static std::once_flag once;
    // curl_global_init is not thread-safe against other libcurl use; once per process is enough, and it
    // is never undone (other users of libcurl in the process may still need it).
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The longest the thread sleeps with nothing due; libcurl's own timers and wake-ups cut it short.
constexpr milliseconds idlePoll{1000};

} // namespace

class HttpSender::Private
{
public:
    struct Pending
    {
        Id id;
        SendRequest request;
        Callback done;
        RetryPolicy policy;
    };

    Private();
    ~Private();

    void run();

    // Whether adding to the inbox must wake the thread (call under m_mutex, before adding). Not when
    // a wake-up is already owed for an earlier entry, nor from the thread itself (a callback sending
    // again): it reads the inbox before it next polls. Saves a write to libcurl's wake-up socket
    // per request under load.
    bool needsWakeUp() const
    {
        return m_sends.empty() && m_cancels.empty() && std::this_thread::get_id() != m_threadId;
    }

    std::mutex m_mutex; // guards everything down to m_closed
    std::deque<Pending> m_sends;
    std::vector<Id> m_cancels;
    bool m_stopping = false;
    bool m_closed = false; // the thread takes no more work: send() answers at once
    std::thread::id m_threadId;
    std::function<RetryPolicy(const RetrySettings &)> m_policyFactory;
    Id m_nextId = 1;

    CURLM *m_multi = nullptr;
    std::thread m_thread;

private:
    void begin(Pending pending);
    void startAttempt(Job &job);
    void reapFinished();
    void afterAttempt(Job &job);
    void startDueRetries();
    void cancelJob(Id id);
    void finish(Id id, Verdict verdict);
    int pollTimeoutMs() const;

    void recycle(CURL *&easy);

    std::unordered_map<Id, std::unique_ptr<Job>> m_jobs;
    std::vector<CURL *> m_spare;
    std::multimap<SteadyClock::time_point, Id> m_schedule;
};

Job::Job(HttpSender::Id jobId, SendRequest sendRequest, HttpSender::Callback callback, RetryPolicy retryPolicy)
    : id(jobId), request(std::move(sendRequest)), done(std::move(callback)), policy(std::move(retryPolicy))
{
    result.requestType = request.type;
}

Job::~Job()
{
    if (easy)
        curl_easy_cleanup(easy);
    freeHeaderList(headers);
}

HttpSender::Private::Private()
{
    initialiseCurlOnce();
    m_multi = curl_multi_init();
    if (!m_multi) {
        m_closed = true;
        return;
    }
    m_thread = std::thread([this] { run(); });
}

HttpSender::Private::~Private()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    if (m_thread.joinable()) {
        curl_multi_wakeup(m_multi);
        m_thread.join();
    }
    for (CURL *easy : m_spare)
        curl_easy_cleanup(easy);
    if (m_multi)
        curl_multi_cleanup(m_multi);
}

void HttpSender::Private::run()
{
    {
        std::lock_guard lock(m_mutex);
        m_threadId = std::this_thread::get_id();
    }
    for (;;) {
        std::deque<Pending> sends;
        std::vector<Id> cancels;
        bool stopping = false;
        {
            std::lock_guard lock(m_mutex);
            sends.swap(m_sends);
            cancels.swap(m_cancels);
            stopping = m_stopping;
            m_closed = stopping;
        }
        // New sends before cancellations: a cancel may name a send from the same batch.
        for (auto &pending : sends)
            begin(std::move(pending));
        for (Id id : cancels)
            cancelJob(id);
        if (stopping) {
            std::vector<Id> ids;
            ids.reserve(m_jobs.size());
            for (const auto &[id, job] : m_jobs)
                ids.push_back(id);
            std::sort(ids.begin(), ids.end()); // callbacks in the order of the sends
            for (Id id : ids)
                cancelJob(id);
            return;
        }
        startDueRetries();
        int running = 0;
        curl_multi_perform(m_multi, &running);
        reapFinished();
        {
            // Callbacks may have sent again without waking us: then there is no time to sleep.
            std::lock_guard lock(m_mutex);
            if (!m_sends.empty() || !m_cancels.empty() || m_stopping)
                continue;
        }
        curl_multi_poll(m_multi, nullptr, 0, pollTimeoutMs(), nullptr);
    }
}

void HttpSender::Private::begin(Pending pending)
{
    auto owned = std::make_unique<Job>(pending.id, std::move(pending.request), std::move(pending.done),
                                       std::move(pending.policy));
    Job &job = *owned;
    m_jobs.emplace(job.id, std::move(owned));
    // A Lambda target first: its region may come from the profile, and the URL needs it. Credentials
    // are read here, on the sender's thread, never the caller's.
    std::optional<std::string> problem = job.request.target.isLambda() ? prepareLambda(job) : std::nullopt;
    if (!problem)
        problem = checkSendable(job);
    if (problem) {
        job.result.url = job.request.target.urlFor(job.request.type);
        job.stopReason = *problem;
        finish(job.id, Verdict::Invalid);
        return;
    }
    job.headers = buildHeaderList(job.request);
    if (!job.headers) {
        job.stopReason = "libcurl could not build the request headers";
        finish(job.id, Verdict::Invalid);
        return;
    }
    job.current = Attempt{};
    startAttempt(job);
}

void HttpSender::Private::startAttempt(Job &job)
{
    job.current.number = int(job.result.attempts.size()) + 1;
    job.current.delayBefore = job.pendingDelay;
    if (job.credentials && !signAttempt(job)) {
        job.current.error = AttemptError::Other;
        job.current.errorText = "could not sign the request";
        afterAttempt(job);
        return;
    }
    CURL *reuse = nullptr;
    if (!m_spare.empty()) {
        reuse = m_spare.back();
        m_spare.pop_back();
    }
    if (!prepareAttempt(job, reuse)) {
        afterAttempt(job);
        return;
    }
    if (curl_multi_add_handle(m_multi, job.easy) != CURLM_OK) {
        job.current.error = AttemptError::Other;
        job.current.errorText = "libcurl could not start the transfer";
        afterAttempt(job);
    }
}

void HttpSender::Private::reapFinished()
{
    int left = 0;
    while (CURLMsg *message = curl_multi_info_read(m_multi, &left)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        void *owner = nullptr;
        curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &owner);
        auto &job = *static_cast<Job *>(owner);
        const CURLcode code = message->data.result; // read before the handle goes: `message` dies with it
        collectAttempt(job, code);
        curl_multi_remove_handle(m_multi, job.easy);
        afterAttempt(job);
    }
}

// The attempt in job.current has ended: record it, then succeed, stop, or schedule the next one.
void HttpSender::Private::afterAttempt(Job &job)
{
    recycle(job.easy);
    job.result.attempts.push_back(std::move(job.current));
    job.current = Attempt{};
    const Attempt &attempt = job.result.attempts.back();

    // An attempt that failed on the way (timeout mid-body, TLS, reset) counts as no response at all.
    Outcome outcome = RetryPolicy::classify(attempt.error == AttemptError::None ? attempt.status : 0);
    // A Lambda function's error comes back as 200 + X-Amz-Function-Error: mParticle retries it.
    if (outcome == Outcome::Success && attempt.lambda && !attempt.lambda->functionError.empty())
        outcome = Outcome::Retry;
    if (outcome == Outcome::Success) {
        finish(job.id, Verdict::Success);
        return;
    }
    if (outcome == Outcome::Final) {
        finish(job.id, Verdict::FinalStatus);
        return;
    }
    std::optional<std::string_view> retryAfter;
    for (const auto &[name, value] : attempt.headers) {
        if (name.size() == 11 && std::equal(name.begin(), name.end(), "retry-after",
                                            [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
            retryAfter = value;
    }
    const int next = attempt.number + 1;
    const auto delay = job.policy.delayBefore(next, retryAfter);
    if (!delay) {
        if (next <= job.policy.settings().maxAttempts && retryAfter)
            job.stopReason = "Retry-After \"" + std::string(*retryAfter) + "\" asks for longer than the "
                             + std::to_string(job.policy.settings().maxRetryAfter.count()) + " ms allowed";
        finish(job.id, Verdict::Exhausted);
        return;
    }
    job.pendingDelay = *delay;
    job.scheduled = m_schedule.emplace(SteadyClock::now() + *delay, job.id);
}

void HttpSender::Private::startDueRetries()
{
    const auto now = SteadyClock::now();
    while (!m_schedule.empty() && m_schedule.begin()->first <= now) {
        const Id id = m_schedule.begin()->second;
        m_schedule.erase(m_schedule.begin());
        const auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            continue;
        it->second->scheduled.reset();
        startAttempt(*it->second);
    }
}

void HttpSender::Private::cancelJob(Id id)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return; // already finished (or never existed): nothing to cancel
    Job &job = *it->second;
    if (job.scheduled) {
        m_schedule.erase(*job.scheduled);
        job.scheduled.reset();
        job.stopReason = "during the back-off after attempt " + std::to_string(job.result.attempts.size());
    } else if (job.easy) {
        curl_multi_remove_handle(m_multi, job.easy);
        job.current.error = AttemptError::Cancelled;
        job.current.errorText = "cancelled";
        collectAttempt(job, CURLE_ABORTED_BY_CALLBACK);
        recycle(job.easy);
        job.result.attempts.push_back(std::move(job.current));
        job.current = Attempt{};
        job.stopReason = "during attempt " + std::to_string(job.result.attempts.size());
    }
    finish(id, Verdict::Cancelled);
}

void HttpSender::Private::finish(Id id, Verdict verdict)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return;
    std::unique_ptr<Job> job = std::move(it->second);
    m_jobs.erase(it);
    completeResult(*job, verdict);
    if (!job->done)
        return;
    // The callback is the caller's code on our thread: whatever it throws must not end the thread.
    try {
        job->done(std::move(job->result));
    } catch (...) {
    }
}

void HttpSender::Private::recycle(CURL *&easy)
{
    if (!easy)
        return;
    if (m_spare.size() < 64) {
        curl_easy_reset(easy);
        m_spare.push_back(easy);
    } else {
        curl_easy_cleanup(easy);
    }
    easy = nullptr;
}

int HttpSender::Private::pollTimeoutMs() const
{
    if (m_schedule.empty())
        return int(idlePoll.count());
    const auto wait = std::chrono::ceil<milliseconds>(m_schedule.begin()->first - SteadyClock::now());
    return int(std::clamp(wait, milliseconds(0), idlePoll).count());
}

HttpSender::HttpSender() : d(std::make_unique<Private>()) {}

HttpSender::~HttpSender() = default;

HttpSender::Id HttpSender::send(SendRequest request, Callback done)
{
    Id id = 0;
    std::function<RetryPolicy(const RetrySettings &)> factory;
    {
        std::lock_guard lock(d->m_mutex);
        id = d->m_nextId++;
        factory = d->m_policyFactory;
    }
    // The factory is the caller's code: run it outside the lock.
    RetryPolicy policy = factory ? factory(request.options.retry) : RetryPolicy(request.options.retry);
    {
        std::lock_guard lock(d->m_mutex);
        if (!d->m_closed) {
            const bool wake = d->needsWakeUp();
            d->m_sends.push_back(Private::Pending{id, std::move(request), std::move(done), std::move(policy)});
            // Under the lock: once m_closed is false here, the thread has not yet left its loop.
            if (wake)
                curl_multi_wakeup(d->m_multi);
            return id;
        }
    }
    // Shutting down (a callback sending again) or libcurl never started: answer at once, not never.
    Job job(id, std::move(request), std::move(done), std::move(policy));
    job.result.url = job.request.target.urlFor(job.request.type);
    job.stopReason = d->m_multi ? "while the sender shut down" : "libcurl could not start";
    completeResult(job, d->m_multi ? Verdict::Cancelled : Verdict::Invalid);
    if (job.done) {
        try {
            job.done(std::move(job.result));
        } catch (...) {
        }
    }
    return id;
}

std::future<SendResult> HttpSender::send(SendRequest request)
{
    auto promise = std::make_shared<std::promise<SendResult>>();
    auto future = promise->get_future();
    send(std::move(request), [promise](SendResult result) { promise->set_value(std::move(result)); });
    return future;
}

void HttpSender::cancel(Id id)
{
    std::lock_guard lock(d->m_mutex);
    if (d->m_closed)
        return;
    const bool wake = d->needsWakeUp();
    d->m_cancels.push_back(id);
    if (wake)
        curl_multi_wakeup(d->m_multi);
}

void HttpSender::setPolicyFactory(std::function<RetryPolicy(const RetrySettings &)> factory)
{
    std::lock_guard lock(d->m_mutex);
    d->m_policyFactory = std::move(factory);
}

std::vector<std::pair<std::string, std::string>> requestHeaders(const SendRequest &request, bool revealToken)
{
    std::vector<std::pair<std::string, std::string>> headers;
    headers.emplace_back("Content-Type", "application/json");
    if (request.target.isLambda()) {
        // Invoked synchronously like mParticle does, with the log tail for the REPORT line. No token:
        // Lambda authenticates by IAM (the SigV4 headers are added per attempt when signing).
        headers.emplace_back("X-Amz-Invocation-Type", "RequestResponse");
        headers.emplace_back("X-Amz-Log-Type", "Tail");
        headers.emplace_back("User-Agent", userAgent());
        headers.emplace_back("Expect", "");
        return headers;
    }
    const auto &options = request.options;
    const bool registration = request.type == protocol::MessageType::ModuleRegistrationRequest;
    // DOCS-OUT: the registration endpoint must not require authentication, so mParticle sends none.
    if (!options.token.empty() && (!registration || options.authOnRegistration)) {
        std::string value = "Token " + options.token;
        headers.emplace_back("Authorization", revealToken ? value : secrets::redactAuthorization(value));
    }
    headers.emplace_back("User-Agent", userAgent());
    // Empty: no "Expect: 100-continue" round trip before larger bodies (curl would add one).
    headers.emplace_back("Expect", "");
    return headers;
}

std::string userAgent()
{
    const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    std::string agent = "FirehoseWorkbench/" FHW_VERSION;
    if (info && info->version)
        agent += std::string(" (+libcurl/") + info->version + ")";
    return agent;
}

} // namespace fhw::transport
