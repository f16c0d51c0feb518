#include "cookiesyncsection.h"

#include "submissiontext.h"

#include "tokens/tokenformat.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fhw::gui {

using submission::Pod;
using submissiontext::fromStd;

namespace {

QComboBox *yesNo(const QString &name, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(name);
    box->addItems({CookieSyncSection::tr("(not answered)"), CookieSyncSection::tr("Yes"), CookieSyncSection::tr("No")});
    return box;
}

std::optional<bool> answerOf(const QComboBox *box)
{
    switch (box->currentIndex()) {
    case 1: return true;
    case 2: return false;
    default: return std::nullopt;
    }
}

void setAnswer(QComboBox *box, std::optional<bool> value)
{
    box->setCurrentIndex(!value ? 0 : *value ? 1 : 2);
}

QPlainTextEdit *shortText(const QString &name, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setMaximumHeight(64);
    edit->setTabChangesFocus(true);
    return edit;
}

std::string text(const QLineEdit *edit)
{
    return edit->text().trimmed().toStdString();
}

std::string text(const QPlainTextEdit *edit)
{
    return edit->toPlainText().trimmed().toStdString();
}

} // namespace

CookieSyncSection::CookieSyncSection(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("cookieSyncSection"));
    auto *intro = new QLabel(tr("Only for a Cookie Sync integration: mParticle's questions, answered here, go into the bundle "
                                "as cookie-sync.json. Leave the form empty otherwise."),
                             this);
    intro->setWordWrap(true);

    m_endpointUrl = new QLineEdit(this);
    m_endpointUrl->setObjectName(QStringLiteral("cookieSyncEndpointUrl"));
    m_endpointUrl->setPlaceholderText(QStringLiteral("https://sync.example.com/mparticle"));
    m_provideRedirect = yesNo(QStringLiteral("cookieSyncProvideRedirect"), this);
    m_separateUrls = yesNo(QStringLiteral("cookieSyncSeparateUrls"), this);
    m_macro = new QLineEdit(this);
    m_macro->setObjectName(QStringLiteral("cookieSyncMacro"));
    m_macro->setPlaceholderText(QStringLiteral("${PARTNER_UID}"));
    m_frequency = new QSpinBox(this);
    m_frequency->setObjectName(QStringLiteral("cookieSyncFrequency"));
    m_frequency->setRange(0, 3650);
    m_frequency->setSuffix(tr(" days"));
    m_frequency->setValue(submission::CookieSyncAnswers::defaultFrequencyDays);
    m_extraParameters = shortText(QStringLiteral("cookieSyncExtraParameters"), this);
    m_redirectExample = shortText(QStringLiteral("cookieSyncRedirectExample"), this);
    m_accepts204 = yesNo(QStringLiteral("cookieSyncAccepts204"), this);
    m_errorCodesInRedirect = yesNo(QStringLiteral("cookieSyncErrorCodesInRedirect"), this);
    m_errorCodes = new QLineEdit(this);
    m_errorCodes->setObjectName(QStringLiteral("cookieSyncErrorCodes"));
    m_notes = shortText(QStringLiteral("cookieSyncNotes"), this);
    m_findings = new QLabel(this);
    m_findings->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_findings->setObjectName(QStringLiteral("cookieSyncFindings"));
    m_findings->setWordWrap(true);
    m_findings->hide();

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Endpoint mParticle calls on your site (https):"), m_endpointUrl);
    form->addRow(tr("Should mParticle provide a redirect URL in the pixel call?"), m_provideRedirect);
    form->addRow(tr("Should mParticle register separate URLs for each data centre?"), m_separateUrls);
    for (Pod pod : submission::allPods()) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("cookieSyncUrl") + fromStd(submission::podName(pod)));
        m_podUrls[pod] = edit;
        form->addRow(tr("    URL for %1:").arg(fromStd(submission::podName(pod))), edit);
        connect(edit, &QLineEdit::textChanged, this, &CookieSyncSection::revalidate);
    }
    form->addRow(tr("Macro that carries the partner ID:"), m_macro);
    form->addRow(tr("How often to sync:"), m_frequency);
    form->addRow(tr("How are extra parameters echoed back to cookiesync.mparticle.com?"), m_extraParameters);
    form->addRow(tr("What does the redirect request look like?"), m_redirectExample);
    form->addRow(tr("Will you accept an HTTP 204 status code?"), m_accepts204);
    form->addRow(tr("Will you return error codes in the redirect URL?"), m_errorCodesInRedirect);
    form->addRow(tr("    Which codes:"), m_errorCodes);
    form->addRow(tr("Notes:"), m_notes);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_findings);
    layout->addStretch();

    for (QLineEdit *edit : {m_endpointUrl, m_macro, m_errorCodes})
        connect(edit, &QLineEdit::textChanged, this, &CookieSyncSection::revalidate);
    for (QPlainTextEdit *edit : {m_extraParameters, m_redirectExample, m_notes})
        connect(edit, &QPlainTextEdit::textChanged, this, &CookieSyncSection::revalidate);
    for (QComboBox *box : {m_provideRedirect, m_separateUrls, m_accepts204, m_errorCodesInRedirect})
        connect(box, &QComboBox::currentIndexChanged, this, &CookieSyncSection::revalidate);
    connect(m_frequency, &QSpinBox::valueChanged, this, &CookieSyncSection::revalidate);
    revalidate();
}

submission::CookieSyncAnswers CookieSyncSection::answers() const
{
    submission::CookieSyncAnswers answers;
    answers.endpointUrl = text(m_endpointUrl);
    answers.provideRedirectUrl = answerOf(m_provideRedirect);
    answers.separateUrlsPerDataCenter = answerOf(m_separateUrls);
    for (const auto &[pod, edit] : m_podUrls)
        if (!text(edit).empty())
            answers.dataCenterUrls[pod] = text(edit);
    answers.partnerIdMacro = text(m_macro);
    answers.frequencyDays = m_frequency->value();
    answers.extraParameters = text(m_extraParameters);
    answers.redirectRequestExample = text(m_redirectExample);
    answers.accepts204 = answerOf(m_accepts204);
    answers.errorCodesInRedirect = answerOf(m_errorCodesInRedirect);
    answers.errorCodes = text(m_errorCodes);
    answers.notes = text(m_notes);
    return answers;
}

void CookieSyncSection::setAnswers(const submission::CookieSyncAnswers &answers)
{
    {
        const QSignalBlocker blocker(this);
        m_endpointUrl->setText(fromStd(answers.endpointUrl));
        setAnswer(m_provideRedirect, answers.provideRedirectUrl);
        setAnswer(m_separateUrls, answers.separateUrlsPerDataCenter);
        for (const auto &[pod, edit] : m_podUrls) {
            const auto found = answers.dataCenterUrls.find(pod);
            edit->setText(found == answers.dataCenterUrls.end() ? QString() : fromStd(found->second));
        }
        m_macro->setText(fromStd(answers.partnerIdMacro));
        m_frequency->setValue(answers.frequencyDays);
        m_extraParameters->setPlainText(fromStd(answers.extraParameters));
        m_redirectExample->setPlainText(fromStd(answers.redirectRequestExample));
        setAnswer(m_accepts204, answers.accepts204);
        setAnswer(m_errorCodesInRedirect, answers.errorCodesInRedirect);
        m_errorCodes->setText(fromStd(answers.errorCodes));
        m_notes->setPlainText(fromStd(answers.notes));
    }
    revalidate();
}

void CookieSyncSection::revalidate()
{
    const submission::CookieSyncAnswers current = answers();
    const bool separate = current.separateUrlsPerDataCenter.value_or(false);
    for (const auto &[pod, edit] : m_podUrls)
        edit->setEnabled(separate || !edit->text().isEmpty());
    m_errorCodes->setEnabled(current.errorCodesInRedirect.value_or(false) || !m_errorCodes->text().isEmpty());
    QStringList lines;
    if (current.isFilled()) {
        for (const protocol::Finding &finding : submission::checkCookieSync(current))
            lines << (finding.severity == protocol::Severity::Error ? QStringLiteral("✖ ") : QStringLiteral("⚠ "))
                         + fromStd(finding.message);
    }
    showMessage(m_findings, lines.join(u'\n'), !lines.isEmpty());
    Q_EMIT changed();
}

} // namespace fhw::gui
