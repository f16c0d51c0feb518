// The registration export: the description sanitizer (table-driven, hostile inputs), the Markdown and HTML
// summaries of real registrations, and the plain-words list of what the integration will receive.

#include "protocol/parse.h"
#include "submission/htmlsanitizer.h"
#include "submission/registrationexport.h"
#include "submission/registrationsource.h"

#include <QRegularExpression>
#include <QTest>

using namespace fhw::submission;
using fhw::protocol::Json;

namespace {

Json loadJson(const QString &path)
{
    auto registration = loadRegistrationFile(path.toStdString());
    return registration ? *registration : Json();
}

Json northwind()
{
    return loadJson(QStringLiteral(FHW_SOURCE_DIR "/samples/registration/northwind-metrics.json"));
}

// A table row of two strings, from UTF-8 literals.
void row(const char *name, const char *first, const char *second)
{
    QTest::newRow(name) << QString::fromUtf8(first) << QString::fromUtf8(second);
}

QString html(const std::string &text)
{
    return QString::fromStdString(text);
}

// Every tag left in sanitized HTML is on the allow-list, and no tag carries anything but a safe href.
void verifyOnlyAllowedMarkup(const QString &out)
{
    static const QRegularExpression tag(QStringLiteral("<(/?)([A-Za-z0-9]+)([^>]*)>"));
    static const QStringList allowed{QStringLiteral("a"), QStringLiteral("b"),  QStringLiteral("strong"),
                                     QStringLiteral("i"), QStringLiteral("em"), QStringLiteral("br"),
                                     QStringLiteral("p"), QStringLiteral("ul"), QStringLiteral("ol"),
                                     QStringLiteral("li"), QStringLiteral("code")};
    static const QRegularExpression link(QString::fromUtf8(R"(^ href="https?://[^"\s]+" rel="noopener noreferrer"$)"),
                                         QRegularExpression::CaseInsensitiveOption);
    for (auto it = tag.globalMatch(out); it.hasNext();) {
        const auto match = it.next();
        QVERIFY2(allowed.contains(match.captured(2)), qPrintable(out));
        const QString attributes = match.captured(3);
        if (!attributes.isEmpty()) {
            QCOMPARE(match.captured(2), QStringLiteral("a"));
            QVERIFY2(link.match(attributes).hasMatch(), qPrintable(out));
        }
    }
}

} // namespace

class TestRegistrationExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sanitizer_data();
    void sanitizer();
    void sanitizerNotes();
    void markdownOfDescription_data();
    void markdownOfDescription();
    void markdownSummary();
    void htmlSummary();
    void hostileDescriptionStaysInert();
    void confidentialDefaultIsNotShown();
    void oauthAndDsrSections();
    void findingsAreListed();
    void plainWords();
    void plainWordsVariants_data();
    void plainWordsVariants();
    void permissionFlagsInWords();
    void formats();
    void wrongTypeIsRefused();
};

void TestRegistrationExport::sanitizer_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    row("plain text", "Turns events into cohorts.", "Turns events into cohorts.");
    row("allowed inline", "<b>bold</b>, <strong>s</strong>, <i>i</i>, <em>e</em>, <code>c</code>", "<b>bold</b>, <strong>s</strong>, <i>i</i>, <em>e</em>, <code>c</code>");
    row("lists and paragraphs", "<p>One</p><ul><li>a</li></ul><ol><li>b</li></ol>", "<p>One</p><ul><li>a</li></ul><ol><li>b</li></ol>");
    row("script shown as text", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    row("script upper case", "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", "&lt;SCRIPT SRC=https://evil.example/x.js&gt;&lt;/SCRIPT&gt;");
    row("img onerror", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
    row("img remote", "<img src=\"https://tracker.example/pixel.gif\">", "&lt;img src=&quot;https://tracker.example/pixel.gif&quot;&gt;");
    row("svg onload", "<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;");
    row("iframe", "<iframe src=\"https://x.example\"></iframe>", "&lt;iframe src=&quot;https://x.example&quot;&gt;&lt;/iframe&gt;");
    row("style element", "<style>body{background:url(https://x.example)}</style>", "&lt;style&gt;body{background:url(https://x.example)}&lt;/style&gt;");
    row("handler on allowed tag", "<b onclick=\"alert(1)\">x</b>", "<b>x</b>");
    row("style on allowed tag", "<p style=\"background:url(https://x.example/a.png)\">t</p>", "<p>t</p>");
    row("javascript href", "<a href=\"javascript:alert(1)\">x</a>", "x");
    row("javascript href upper, spaced", "<a href=\"  JavaScript:alert(1)\">x</a>", "x");
    row("javascript href with tab entity", "<a href=\"java&#x09;script:alert(1)\">x</a>", "x");
    row("javascript href with raw tab", "<a href=\"java\tscript:alert(1)\">x</a>", "x");
    row("javascript href entity-encoded", "<a href=\"&#106;avascript:alert(1)\">x</a>", "x");
    row("data href", "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>", "x");
    row("vbscript href", "<a href=vbscript:msgbox(1)>x</a>", "x");
    row("protocol-relative href", "<a href=\"//evil.example/\">x</a>", "x");
    row("https link", "<a href=\"https://northwind.example/mparticle\">Learn more</a>", "<a href=\"https://northwind.example/mparticle\" rel=\"noopener noreferrer\">Learn "
                                   "more</a>");
    row("link keeps only href", "<a href='http://x.example/?a=1&amp;b=2' target=_blank onclick=y>x</a>", "<a href=\"http://x.example/?a=1&amp;b=2\" rel=\"noopener noreferrer\">x</a>");
    row("link with quote breakout", "<a href='https://x.example/\"onmouseover=\"alert(1)'>x</a>", "<a href=\"https://x.example/&quot;onmouseover=&quot;alert(1)\" "
                                                 "rel=\"noopener noreferrer\">x</a>");
    row("upper-case tags", "<A HREF=\"HTTPS://X.EXAMPLE\">x</A><B>y</B>", "<a href=\"HTTPS://X.EXAMPLE\" rel=\"noopener noreferrer\">x</a><b>y</b>");
    row("comment removed", "a<!-- <script>alert(1)</script> -->b", "ab");
    row("doctype removed", "<!DOCTYPE html>text", "text");
    row("processing instruction removed", "<?xml version=\"1.0\"?>text", "text");
    row("unclosed tag closed", "<b>bold", "<b>bold</b>");
    row("stray close removed", "</i>text", "text");
    row("misnested closed in order", "<b><i>x</b>y</i>", "<b><i>x</i></b>y");
    row("void br", "one<br/>two<br>three</br>", "one<br>two<br>three");
    row("bare angle brackets", "a < b & c > d", "a &lt; b &amp; c &gt; d");
    row("escaped markup stays text", "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;");
    row("nested tag trick", "<scr<script>ipt>alert(1)</script>", "&lt;scr&lt;script&gt;ipt&gt;alert(1)&lt;/script&gt;");
    row("unterminated tag is text", "<b onclick=\"x", "&lt;b onclick=&quot;x");
    row("quotes escaped", "\"double\" 'single'", "&quot;double&quot; &#39;single&#39;");
    row("numeric entities", "caf&#233; &#x2014; &amp;", "café — &amp;");
    row("unknown entity kept as text", "&bogus; &", "&amp;bogus; &amp;");
    row("control characters dropped", "a\x01" "b", "ab");
    row("utf-8 kept", "Zürich 東京", "Zürich 東京");
}

void TestRegistrationExport::sanitizer()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QString out = html(sanitizeDescriptionHtml(input.toStdString()));
    QCOMPARE(out, expected);
    verifyOnlyAllowedMarkup(out);
    QVERIFY(!out.contains(QLatin1String("<script"), Qt::CaseInsensitive));
    QVERIFY(!out.contains(QLatin1String("<img"), Qt::CaseInsensitive));
}

void TestRegistrationExport::sanitizerNotes()
{
    const SanitizedHtml sanitized = sanitizeInlineHtml(
        "<script>x</script><b onclick=y>b</b><a href=\"javascript:z\">a</a><!-- c --></i>");
    const auto has = [&](const char *text) {
        return std::ranges::any_of(sanitized.notes, [&](const std::string &note) { return note.find(text) != std::string::npos; });
    };
    QVERIFY(has("<script> is not allowed"));
    QVERIFY(has("removed the attribute onclick from <b>"));
    QVERIFY(has("not http(s)"));
    QVERIFY(has("comment"));
    QVERIFY(has("stray </i>"));
    QVERIFY(sanitizeInlineHtml("<b>clean</b>").notes.empty());
}

void TestRegistrationExport::markdownOfDescription_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    row("emphasis and link", "<b>x</b> and <a href=\"https://e.example/a_(b)\">the link</a>", "**x** and [the link](https://e.example/a_%28b%29)");
    row("script is literal", "<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>");
    row("img is literal", "<img src=https://t.example/p.gif>", "\\<img src=https://t.example/p.gif\\>");
    row("markdown in text is escaped", "# not a heading *nor* [a](link)", "\\# not a heading \\*nor\\* \\[a\\](link)");
    row("javascript link is text", "<a href=\"javascript:x\">click</a>", "click");
    row("lists", "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>", "- a\n- b\n\n1. c");
    row("code keeps characters", "<code>a*b_c</code>", "`a*b_c`");
    row("entity stays text", "AT&amp;T &lt;b&gt;", "AT\\&T \\<b\\>");
}

void TestRegistrationExport::markdownOfDescription()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(toMarkdown(sanitizeInlineHtml(input.toStdString()))), expected);
}

void TestRegistrationExport::markdownSummary()
{
    const Json registration = northwind();
    QVERIFY(registration.is_object());
    const auto findings = reviewRegistration(registration);
    QVERIFY2(!fhw::protocol::hasErrors(findings), "the Northwind sample is meant to be review-clean");
    const QString md = QString::fromStdString(registrationMarkdown(registration, findings));

    for (const char *part : {"# Northwind Metrics", "Integration version: 1.4",
                             "[Learn more](https://northwind.example/mparticle)",
                             "## What data the integration will receive", "## Permissions", "### Identities",
                             "| user | customer | customer ID | raw (as is) | yes |",
                             "| user | email | email address | sha256 (SHA-256 hash) | no |",
                             "| partner | Northwind\\_VisitorId |", "| allow\\_access\\_mpid |", "## Event processing",
                             "Event types: session starts (session\\_start)", "Runtime environments: Android (android)",
                             "System notifications: GDPR consent state changes", "max\\_data\\_age\\_hours: 48",
                             "Push messaging provider id: northwind",
                             "### Event account settings (account\\_settings)",
                             "| apiKey | API Key | text | yes | yes | yes |",
                             "| sampleRatePercent | Sample rate (%) | integer | no | no | yes | 100 | 1 to 100 |",
                             "### Audience subscription settings (audience\\_subscription\\_settings)",
                             "| northwindSegmentId | Northwind segment id | text | no | no | no |",
                             "bulk\\_forward\\_wait\\_for\\_messages: 100", "## Registration review"}) {
        QVERIFY2(md.contains(QString::fromUtf8(part)), part);
    }
    QVERIFY(!md.contains(QLatin1String("<a ")));
    QVERIFY(!md.contains(QLatin1String("## Data subject requests")));
}

void TestRegistrationExport::htmlSummary()
{
    const Json registration = northwind();
    const QString page = QString::fromStdString(registrationHtml(registration, reviewRegistration(registration)));
    QVERIFY(page.startsWith(QLatin1String("<!DOCTYPE html>")));
    QVERIFY(page.contains(QLatin1String(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")));
    // The CSP comes before anything that could load.
    QVERIFY(page.indexOf(QLatin1String("Content-Security-Policy")) < page.indexOf(QLatin1String("<style>")));
    QVERIFY(page.contains(QString::fromUtf8("<title>Northwind Metrics — Firehose registration</title>")));
    QVERIFY(page.contains(QLatin1String("<h1>Northwind Metrics</h1>")));
    QVERIFY(page.contains(QLatin1String(
        "<a href=\"https://northwind.example/mparticle\" rel=\"noopener noreferrer\">Learn more</a>")));
    QVERIFY(page.contains(QLatin1String("<td>apiKey</td><td>API Key</td><td>text</td>")));
    QVERIFY(page.contains(QLatin1String("<h2>What data the integration will receive</h2>")));
    QVERIFY(page.contains(QLatin1String("<li>Only users who have at least one of these identities are sent: customer ID.</li>")));
    for (const char *banned : {"<script", "<img", "<link", "<iframe", "src=", "@import", "url("})
        QVERIFY2(!page.contains(QLatin1String(banned), Qt::CaseInsensitive), banned);
    // The one link is the description's: nothing else points outside.
    QCOMPARE(page.count(QLatin1String("href=")), 1);
}

void TestRegistrationExport::hostileDescriptionStaysInert()
{
    Json registration = northwind();
    registration["name"] = "<img src=https://t.example/n.gif>Evil";
    registration["description"] = "<script>fetch('https://t.example')</script><img src=\"https://t.example/p.gif\" "
                                  "onerror=\"alert(1)\"><a href=\"javascript:alert(1)\">x</a><style>*{}</style>";
    const QString page = QString::fromStdString(registrationHtml(registration, reviewRegistration(registration)));
    for (const char *banned : {"<script", "<img", "<style>*", "href=\"javascript", "onerror=\""})
        QVERIFY2(!page.contains(QLatin1String(banned), Qt::CaseInsensitive), banned);
    QVERIFY(page.contains(QLatin1String("&lt;script&gt;fetch(")));
    QVERIFY(page.contains(QLatin1String("<h1>&lt;img src=https://t.example/n.gif&gt;Evil</h1>")));
    QVERIFY(page.contains(QLatin1String("registration.description-unsafe-html")));
    // The reviewer sees what was sent, inert.
    QVERIFY(page.contains(QLatin1String("<pre>&lt;script&gt;")));

    const QString md = QString::fromStdString(registrationMarkdown(registration, reviewRegistration(registration)));
    // The description as sent is in a fenced code block (never rendered as HTML); nowhere else is markup raw.
    QVERIFY(md.contains(QLatin1String("```text\n<script>fetch(")));
    QString outsideCode = md;
    outsideCode.remove(QRegularExpression(QStringLiteral("```text\n.*?\n```\n"), QRegularExpression::DotMatchesEverythingOption));
    // Markup outside it is backslash-escaped ("\\<img"), which CommonMark shows as text.
    QVERIFY(!outsideCode.contains(QRegularExpression(QStringLiteral("(?<!\\\\)<(img|script|a |style)"))));
    QVERIFY(outsideCode.contains(QLatin1String("\\<img src=")));
    QVERIFY(md.contains(QLatin1String("\\<script\\>")));
}

void TestRegistrationExport::confidentialDefaultIsNotShown()
{
    Json registration = northwind();
    registration["event_processing_registration"]["account_settings"][0]["default_value"] = "sk_live_0123456789";
    const std::string md = registrationMarkdown(registration, {});
    const std::string page = registrationHtml(registration, {});
    QVERIFY(md.find("sk_live_0123456789") == std::string::npos);
    QVERIFY(page.find("sk_live_0123456789") == std::string::npos);
    QVERIFY(md.find("(set, confidential: not shown)") != std::string::npos);
}

void TestRegistrationExport::oauthAndDsrSections()
{
    const Json registration = loadJson(QStringLiteral(FHW_SOURCE_DIR "/samples/messages/registration-response.json"));
    QVERIFY(registration.is_object());
    const QString md = QString::fromStdString(registrationMarkdown(registration, reviewRegistration(registration)));
    for (const char *part : {"### OAuth2 for event connections", "| authorization\\_url |", "| token\\_url |",
                             "| client\\_id |", "## Data subject requests (DSR)", "Supported DSR types: erasure",
                             "### DSR account settings", "### Audience account settings"}) {
        QVERIFY2(md.contains(QString::fromUtf8(part)), part);
    }
}

void TestRegistrationExport::findingsAreListed()
{
    Json registration = northwind();
    registration["event_processing_registration"].erase("push_messaging_provider_id");
    const auto findings = reviewRegistration(registration);
    QVERIFY(fhw::protocol::hasErrors(findings));
    const QString md = QString::fromStdString(registrationMarkdown(registration, findings));
    QVERIFY(md.contains(QLatin1String("registration.push-provider-missing")));
    QVERIFY(md.contains(QLatin1String("1 error(s)")));
    QVERIFY(!md.contains(QLatin1String("No findings")));
    QVERIFY(QString::fromStdString(registrationMarkdown(northwind(), {})).contains(QLatin1String("No findings")));
}

void TestRegistrationExport::plainWords()
{
    const auto words = dataReceivedInPlainWords(northwind());
    const auto has = [&](const std::string &text) { return std::ranges::find(words, text) != words.end(); };
    QVERIFY(has("Events of these types: session starts, session ends, custom events, screen views, user attribute "
                "changes, user identity changes, product actions (commerce: add to cart, purchase, refund …) and push "
                "message receipts."));
    QVERIFY(has("Only from these platforms: Android, iOS, Web and tvOS."));
    QVERIFY(has("Data up to 48 hours old; older data is not forwarded."));
    QVERIFY(has("System notifications: GDPR consent state changes and CCPA consent state changes."));
    QVERIFY(has("Push message receipts only when their payload carries the provider id 'northwind'."));
    QVERIFY(has("Audience membership changes: users added to and removed from the audiences a customer connects, "
                "with their user attributes."));
    QVERIFY(has("Audience changes in bulk: mParticle waits for 100 messages or 5 minutes, whichever comes first."));
    QVERIFY(has("User identities: email address (SHA-256 hash of the trimmed, lower-cased value) and customer ID (as is)."));
    QVERIFY(has("Device identities: iOS advertising ID (IDFA) (as is) and Google advertising ID (GAID) (as is)."));
    QVERIFY(has("Partner identity: Northwind_VisitorId (as is)."));
    QVERIFY(has("Only users who have at least one of these identities are sent: customer ID."));
    QVERIFY(has("Also mParticle's user ID (MPID)."));
    QVERIFY(has("Also user attributes and attribute lists, and user attribute change events."));
    const auto withheld = std::ranges::find_if(words, [](const std::string &w) { return w.starts_with("Not shared"); });
    QVERIFY(withheld != words.end());
    QVERIFY(withheld->find("the client IP address") != std::string::npos);
    QVERIFY(withheld->find("the location attached to events") != std::string::npos);
    QVERIFY(withheld->find("MPID") == std::string::npos);
}

void TestRegistrationExport::plainWordsVariants_data()
{
    QTest::addColumn<QString>("patch");    // merged into Northwind (JSON merge patch)
    QTest::addColumn<QString>("expected"); // one of the sentences
    row("no age limit", R"({"event_processing_registration":{"max_data_age_hours":-1}})", "Data of any age, historical data included (max_data_age_hours is -1).");
    row("default age", R"({"event_processing_registration":{"max_data_age_hours":null}})", "Data up to 24 hours old; older data is not forwarded.");
    row("cookie sync id", R"({"permissions":{"partner_identities":[{"type":"$cookie_sync_id","encoding":"raw","required":false}]}})", "Partner identity: Cookie Sync ID (as is).");
    row("push without provider", R"({"event_processing_registration":{"push_messaging_provider_id":null}})", "Push message receipts: none will arrive, because no "
                                              "push_messaging_provider_id is registered.");
    row("nothing registered", R"({"event_processing_registration":null,"audience_processing_registration":null})", "Nothing: the registration has no event, audience or DSR part.");
    row("dsr", R"({"dsr_processing_registration":{"supported_dsr_types":["erasure"]}})", "Data subject requests (erasure) naming the users to act on.");
    row("no identities", R"({"permissions":{"device_identities":null,"user_identities":null,"partner_identities":null}})", "No identities: none are requested.");
    row("hashed md5", R"({"permissions":{"user_identities":[{"type":"other3","encoding":"md5","required":true}]}})", "User identities: other ID 3 (MD5 hash of the trimmed, lower-cased value).");
}

void TestRegistrationExport::plainWordsVariants()
{
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    Json registration = northwind();
    registration.merge_patch(Json::parse(patch.toStdString()));
    const auto words = dataReceivedInPlainWords(registration);
    QVERIFY2(std::ranges::find(words, expected.toStdString()) != words.end(),
             qPrintable(QString::fromStdString(Json(words).dump(1))));
}

void TestRegistrationExport::permissionFlagsInWords()
{
    const auto flags = permissionFlags(northwind());
    QCOMPARE(flags.size(), std::size_t(11));
    QCOMPARE(flags.front().key, std::string("allow_access_location"));
    QVERIFY(!flags.front().granted);
    const auto mpid = std::ranges::find(flags, std::string("allow_access_mpid"), &PermissionFlag::key);
    QVERIFY(mpid != flags.end() && mpid->granted);
    QCOMPARE(mpid->words, std::string("mParticle's user ID (MPID)"));
    QVERIFY(std::ranges::none_of(permissionFlags(Json::object()), &PermissionFlag::granted));
}

void TestRegistrationExport::formats()
{
    QCOMPARE(exportFormatFromName("json"), std::optional(ExportFormat::Json));
    QCOMPARE(exportFormatFromName("md"), std::optional(ExportFormat::Markdown));
    QCOMPARE(exportFormatFromName("markdown"), std::optional(ExportFormat::Markdown));
    QCOMPARE(exportFormatFromName("html"), std::optional(ExportFormat::Html));
    QVERIFY(!exportFormatFromName("pdf"));
    const Json registration = northwind();
    const std::string json = exportRegistration(registration, ExportFormat::Json, {});
    QVERIFY(json.starts_with("{\n  \"type\": \"module_registration_response\",\n  \"id\":"));
    QVERIFY(json.ends_with("}\n"));
    QVERIFY(fhw::protocol::parseJson(json).value() == registration);
}

void TestRegistrationExport::wrongTypeIsRefused()
{
    auto request = parseRegistration(R"({"type":"module_registration_request","id":"x","timestamp_ms":1})");
    QVERIFY(!request);
    QCOMPARE(request.error().code, std::string("registration.wrong-type"));
    QVERIFY(request.error().message.find("module_registration_request") != std::string::npos);
    QCOMPARE(parseRegistration("{nope").error().code, std::string("registration.not-json"));
    QCOMPARE(loadRegistrationFile("/nonexistent/registration.json").error().code, std::string("registration.unreadable"));
}

QTEST_GUILESS_MAIN(TestRegistrationExport)
#include "tst_registrationexport.moc"
