// Validation throughput on a ~10 MB event batch (about 10,000 events), parse and validate measured
// apart, against two peers parsing the same bytes in the same run: nlohmann::json (unordered) and
// Qt's QJsonDocument. Run by hand (see README.md); prints MB/s and ratios, asserts nothing.

#include "protocol/generator.h"
#include "protocol/parse.h"
#include "protocol/validator.h"

#include <QByteArray>
#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using namespace fhw::protocol;
using Clock = std::chrono::steady_clock;

namespace {

// The best of several runs, in seconds: the least disturbed by the other core's noise.
double bestOf(int runs, const std::function<void()> &work)
{
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        work();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    const int events = argc > 1 ? std::atoi(argv[1]) : 10'000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
    const Json batch = Generator(GeneratorOptions{.seed = 11, .eventCount = events, .verification = false})
                           .generate(MessageType::EventProcessingRequest);
    const std::string bytes = batch.dump(2);
    const double megabytes = double(bytes.size()) / 1e6;
    std::printf("input: %d events, %.2f MB (pretty-printed)\n", events, megabytes);

    Json parsed;
    const double parse = bestOf(runs, [&] { parsed = *parseJson(bytes); });
    std::size_t findings = 0;
    const Validator validator(Profile::Strict);
    const double validate = bestOf(runs, [&] { findings = validator.validate(parsed).size(); });
    const double both = bestOf(runs, [&] { findings = validator.validateBytes(bytes).size(); });

    const double peerNlohmann = bestOf(runs, [&] { volatile auto size = nlohmann::json::parse(bytes).size(); (void)size; });
    const QByteArray qtBytes = QByteArray::fromStdString(bytes);
    const double peerQt = bestOf(runs, [&] { volatile auto empty = QJsonDocument::fromJson(qtBytes).isEmpty(); (void)empty; });

    std::printf("findings: %zu\n", findings);
    std::printf("%-34s %8.1f ms  %7.1f MB/s\n", "parse (ordered_json, depth scan)", parse * 1e3, megabytes / parse);
    std::printf("%-34s %8.1f ms  %7.1f MB/s\n", "validate (strict, parsed document)", validate * 1e3, megabytes / validate);
    std::printf("%-34s %8.1f ms  %7.1f MB/s\n", "parse + validate", both * 1e3, megabytes / both);
    std::printf("%-34s %8.1f ms  %7.1f MB/s\n", "peer: nlohmann::json parse", peerNlohmann * 1e3, megabytes / peerNlohmann);
    std::printf("%-34s %8.1f ms  %7.1f MB/s\n", "peer: QJsonDocument::fromJson", peerQt * 1e3, megabytes / peerQt);
    std::printf("ratio parse+validate / nlohmann parse: %.2f\n", both / peerNlohmann);
    std::printf("ratio parse+validate / QJsonDocument parse: %.2f\n", both / peerQt);
    return 0;
}
