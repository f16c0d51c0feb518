// The report as JUnit XML, so a partner's CI can gate on it: one <testsuite> per category, one
// <testcase> per check. fail → <failure>, skipped → <skipped/>, warn and info pass with their message
// in <system-out> beside the evidence.

#include "conformancereport.h"

#include "conformance_p.h"

#include <QXmlStreamWriter>

#include <cstdio>

namespace fhw::readiness {

namespace {

// XML 1.0 cannot hold most control characters (not even escaped), nor U+FFFE/U+FFFF: a response
// body can, so they become U+FFFD. Invalid UTF-8 already became U+FFFD in fromUtf8.
QString xmlText(std::string_view text)
{
    QString out = QString::fromUtf8(text.data(), qsizetype(text.size()));
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0xFFFE || u == 0xFFFF)
            c = QChar(0xFFFD);
    }
    return out;
}

QString seconds(std::int64_t us)
{
    return QString::number(double(us) / 1e6, 'f', 3);
}

struct Suite
{
    std::string name;
    std::vector<const CheckResult *> checks;
    int failures = 0;
    int skipped = 0;
    std::int64_t durationUs = 0;
};

std::vector<Suite> suitesOf(const ConformanceReport &report)
{
    std::vector<Suite> suites;
    for (const CheckResult &check : report.checks) {
        auto it = std::ranges::find(suites, check.category, &Suite::name);
        if (it == suites.end())
            it = suites.insert(suites.end(), Suite{check.category, {}, 0, 0, 0});
        it->checks.push_back(&check);
        it->failures += check.status == CheckStatus::Fail;
        it->skipped += check.status == CheckStatus::Skipped;
        it->durationUs += check.durationUs;
    }
    return suites;
}

std::string systemOut(const CheckResult &check)
{
    std::string out = std::string(checkStatusName(check.status)) + ": " + check.message + "\n" + check.title + "\n";
    for (const Evidence &evidence : check.evidence)
        detail::appendEvidence(out, evidence);
    return out;
}

void writeCase(QXmlStreamWriter &xml, const CheckResult &check)
{
    xml.writeStartElement(QStringLiteral("testcase"));
    xml.writeAttribute(QStringLiteral("name"), xmlText(check.id));
    xml.writeAttribute(QStringLiteral("classname"), xmlText("fhw.check." + check.category));
    xml.writeAttribute(QStringLiteral("time"), seconds(check.durationUs));
    if (check.status == CheckStatus::Fail) {
        xml.writeStartElement(QStringLiteral("failure"));
        xml.writeAttribute(QStringLiteral("message"), xmlText(check.message));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("fail"));
        xml.writeCharacters(xmlText(check.title + ": " + check.message));
        xml.writeEndElement();
    } else if (check.status == CheckStatus::Skipped) {
        xml.writeStartElement(QStringLiteral("skipped"));
        xml.writeAttribute(QStringLiteral("message"), xmlText(check.message));
        xml.writeEndElement();
    }
    xml.writeTextElement(QStringLiteral("system-out"), xmlText(systemOut(check)));
    xml.writeEndElement();
}

} // namespace

std::string conformanceJUnit(const ConformanceReport &report)
{
    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();

    std::vector<Suite> suites = suitesOf(report);
    if (report.cancelled) {
        // A cancelled run did not pass: CI must not read it as green.
        static const CheckResult cancelled{"run.cancelled", "run", "The run finished", CheckStatus::Fail,
                                           "the run was cancelled before every check ran", {}, 0};
        suites.push_back(Suite{"run", {&cancelled}, 1, 0, 0});
    }
    int tests = 0, failures = 0, skipped = 0;
    for (const Suite &suite : suites) {
        tests += int(suite.checks.size());
        failures += suite.failures;
        skipped += suite.skipped;
    }

    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), xmlText("fhw check " + report.target));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(tests));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
    xml.writeAttribute(QStringLiteral("time"), seconds(report.durationUs));
    xml.writeAttribute(QStringLiteral("timestamp"), xmlText(report.startedAt));
    for (const Suite &suite : suites) {
        xml.writeStartElement(QStringLiteral("testsuite"));
        xml.writeAttribute(QStringLiteral("name"), xmlText(suite.name));
        xml.writeAttribute(QStringLiteral("tests"), QString::number(suite.checks.size()));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(suite.failures));
        xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
        xml.writeAttribute(QStringLiteral("skipped"), QString::number(suite.skipped));
        xml.writeAttribute(QStringLiteral("time"), seconds(suite.durationUs));
        xml.writeAttribute(QStringLiteral("timestamp"), xmlText(report.startedAt));
        xml.writeStartElement(QStringLiteral("properties"));
        for (const auto &[name, value] : {std::pair<const char *, std::string>{"target", report.target},
                                          {"tool_version", report.toolVersion},
                                          {"budget_ms", std::to_string(report.budget.count())}}) {
            xml.writeStartElement(QStringLiteral("property"));
            xml.writeAttribute(QStringLiteral("name"), QString::fromLatin1(name));
            xml.writeAttribute(QStringLiteral("value"), xmlText(value));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        for (const CheckResult *check : suite.checks)
            writeCase(xml, *check);
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return bytes.toStdString();
}

} // namespace fhw::readiness
