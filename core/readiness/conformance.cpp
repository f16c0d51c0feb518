// The runner: registration first (the capabilities to check come from it), then every check planned
// from what it said, then the checks that judge across all exchanges (transport, latency).

#include "conformance.h"

#include "conformance_p.h"

#include <QDateTime>

#include <mutex>

namespace fhw::readiness {

using namespace detail;

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t microsecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

std::string targetText(const transport::Target &target)
{
    if (target.isLambda()) {
        const transport::LambdaTarget &lambda = *target.lambda;
        std::string text = "Lambda function " + lambda.function;
        if (!lambda.qualifier.empty() && lambda.function.find(':') == std::string::npos)
            text += ":" + lambda.qualifier;
        if (!lambda.region.empty())
            text += " (" + lambda.region + ")";
        if (!lambda.endpoint.empty())
            text += std::string(" at ") + lambda.endpoint + (lambda.sign ? "" : ", unsigned");
        return text;
    }
    if (target.perFamily.empty())
        return target.url;
    std::string text;
    if (!target.url.empty())
        text = target.url;
    for (const auto &[family, url] : target.perFamily) {
        if (!text.empty())
            text += ", ";
        text += std::string(transport::familyName(family)) + "=" + url;
    }
    return text;
}

} // namespace

class ConformanceRun::Private
{
public:
    explicit Private(ConformanceSettings initial)
        : settings(std::move(initial))
    {
    }

    ConformanceSettings settings;
    ProgressCallback progress;
    std::atomic<bool> cancelled{false};
    std::mutex contextMutex;  // guards `context` for cancel() from another thread
    Context *context = nullptr;
    transport::HttpSender sender;

    void runPlan(Plan &plan, std::size_t &next, Context &ctx, ConformanceReport &report, int planned)
    {
        for (; next < plan.size(); ++next) {
            PlannedCheck &item = plan[next];
            CheckResult check;
            check.id = item.id;
            check.category = item.category;
            check.title = item.title;
            if (cancelled.load()) {
                skip(check, "the run was cancelled before this check");
            } else {
                const auto start = Clock::now();
                ctx.beginCheck(check);
                item.run(ctx, check);
                check.durationUs = microsecondsSince(start);
                if (ctx.checkWasCancelled()) {
                    check.status = CheckStatus::Skipped;
                    check.message = "the run was cancelled while this check was waiting for an answer";
                }
            }
            report.checks.push_back(std::move(check));
            if (progress)
                progress(report.checks.back(), int(report.checks.size()), planned);
        }
    }
};

ConformanceRun::ConformanceRun(ConformanceSettings settings)
    : d(std::make_unique<Private>(std::move(settings)))
{
}

ConformanceRun::~ConformanceRun() = default;

void ConformanceRun::setProgressCallback(ProgressCallback callback)
{
    d->progress = std::move(callback);
}

void ConformanceRun::cancel()
{
    d->cancelled = true;
    const std::lock_guard lock(d->contextMutex);
    if (d->context)
        d->context->cancelInFlight();
}

ConformanceReport ConformanceRun::run()
{
    ConformanceReport report;
    report.target = targetText(d->settings.target);
    report.startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
    report.toolVersion = FHW_VERSION;
    report.budget = d->settings.budget;
    const auto start = Clock::now();

    Context context(d->settings, d->sender, d->cancelled);
    {
        const std::lock_guard lock(d->contextMutex);
        d->context = &context;
    }

    // Registration decides what else there is to check, so its checks run before the rest is planned;
    // `planned` grows once, when the rest is known.
    Plan plan;
    planRegistrationChecks(plan);
    std::size_t next = 0;
    d->runPlan(plan, next, context, report, int(plan.size()));

    planCapabilityChecks(plan, context);
    planVerificationChecks(plan, context);
    planAuthChecks(plan, context);
    planRobustnessChecks(plan, context);
    planTransportChecks(plan);
    planLatencyChecks(plan);
    d->runPlan(plan, next, context, report, int(plan.size()));

    if (context.registration)
        report.registration = context.registration;
    {
        const std::lock_guard lock(d->contextMutex);
        d->context = nullptr;
    }
    report.cancelled = d->cancelled.load();
    report.durationUs = microsecondsSince(start);
    return report;
}

} // namespace fhw::readiness
