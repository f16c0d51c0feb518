#include "logosection.h"

#include "submissionjob.h"
#include "submissiontext.h"

#include "submission/bundlelogo.h"
#include "tokens/tokenformat.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using submission::CheckStatus;
using submissiontext::fromStd;

struct LogoSection::Outcome
{
    std::uint64_t revision = 0;
    QByteArray svg;
    std::expected<submission::LogoReport, Error> report;
    QString fileError; // the file could not be read
};

namespace {

constexpr int previewSide = 220;

// At most one byte past the limit: enough for the check to say "too large" without reading a huge file.
QByteArray readCapped(const QString &path, std::int64_t limit, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    return file.read(limit + 1);
}

QLabel *previewLabel(const QString &name, const QColor &background, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setAlignment(Qt::AlignCenter);
    label->setFixedSize(previewSide + 12, previewSide + 12);
    label->setAutoFillBackground(true);
    QPalette palette = label->palette();
    palette.setColor(QPalette::Window, background);
    palette.setColor(QPalette::WindowText, background.lightness() > 128 ? Qt::black : Qt::white);
    label->setPalette(palette);
    label->setFrameShape(QFrame::StyledPanel);
    return label;
}

} // namespace

LogoSection::LogoSection(QThreadPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_pool(pool)
{
    setObjectName(QStringLiteral("logoSection"));
    auto *intro = new QLabel(tr("mParticle wants a scalable SVG with a transparent background that reads on white. The file is "
                                "scanned first; only a file that passes the scan is rendered, in a separate process."),
                             this);
    intro->setWordWrap(true);
    m_file = new QLabel(tr("No logo chosen."), this);
    m_file->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_file->setObjectName(QStringLiteral("logoFile"));
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_choose = new QPushButton(themedIcon("document-open", QStyle::SP_DialogOpenButton, this), tr("&Choose logo…"), this);
    m_choose->setObjectName(QStringLiteral("chooseLogo"));
    m_clear = new QPushButton(tr("Remove"), this);
    m_clear->setObjectName(QStringLiteral("clearLogo"));
    m_clear->setEnabled(false);
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("logoBusy"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();

    m_verdictIcon = new QLabel(this);
    m_verdictIcon->hide();
    m_verdict = new QLabel(this);
    m_verdict->setTextFormat(Qt::PlainText);
    m_verdict->setObjectName(QStringLiteral("logoVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures = new QLabel(this);
    m_figures->setTextFormat(Qt::PlainText);
    m_figures->setObjectName(QStringLiteral("logoFigures"));
    m_figures->setWordWrap(true);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_findingsView = new QTreeWidget(this);
    m_findingsView->setObjectName(QStringLiteral("logoFindings"));
    m_findingsView->setHeaderLabels({tr("Severity"), tr("Code"), tr("Finding")});
    m_findingsView->setRootIsDecorated(false);
    m_findingsView->setAccessibleName(tr("Logo check findings"));
    m_findingsView->setMinimumHeight(100);
    m_findingsView->hide(); // until there are findings

    m_onWhite = previewLabel(QStringLiteral("logoOnWhite"), QColor(Qt::white), this);
    m_onDark = previewLabel(QStringLiteral("logoOnDark"), QColor(0x1e, 0x1e, 0x1e), this);
    m_onWhite->setAccessibleName(tr("The logo on white"));
    m_onDark->setAccessibleName(tr("The logo on dark"));
    showPreviews({}, {});

    auto *top = new QHBoxLayout;
    top->addWidget(m_choose);
    top->addWidget(m_clear);
    top->addWidget(m_file, 1);
    top->addWidget(m_busyBar);
    auto *verdict = new QHBoxLayout;
    verdict->addWidget(m_verdictIcon);
    verdict->addWidget(m_verdict, 1);
    auto *previews = new QGridLayout;
    previews->addWidget(new QLabel(tr("On white"), this), 0, 0, Qt::AlignHCenter);
    previews->addWidget(new QLabel(tr("On dark"), this), 0, 1, Qt::AlignHCenter);
    previews->addWidget(m_onWhite, 1, 0);
    previews->addWidget(m_onDark, 1, 1);
    previews->setColumnStretch(2, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(top);
    layout->addLayout(verdict);
    layout->addLayout(previews);
    layout->addWidget(m_figures);
    layout->addWidget(m_findingsView, 1);
    layout->addStretch();

    connect(m_choose, &QPushButton::clicked, this, &LogoSection::chooseFile);
    connect(m_clear, &QPushButton::clicked, this, &LogoSection::clear);
}

void LogoSection::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Choose the logo"), m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).path(),
                                   tr("SVG images (*.svg);;All files (*)"));
    dialog->setObjectName(QStringLiteral("chooseLogoDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &LogoSection::setLogoFile);
    dialog->open();
}

void LogoSection::clear()
{
    ++m_revision;
    m_path.clear();
    m_busy = false;
    m_busyBar->hide();
    m_inputs = {};
    m_report.reset();
    m_file->setText(tr("No logo chosen."));
    m_clear->setEnabled(false);
    submissiontext::showStatus(m_verdictIcon, m_verdict, CheckStatus::Missing, QString());
    m_figures->clear();
    m_findingsView->clear();
    m_findingsView->hide();
    showPreviews({}, {});
    Q_EMIT changed();
}

void LogoSection::setLogoFile(const QString &path)
{
    const std::uint64_t revision = ++m_revision;
    m_path = path;
    m_busy = true;
    m_busyBar->show();
    m_clear->setEnabled(true);
    m_inputs = {};
    m_report.reset();
    m_file->setText(QDir::toNativeSeparators(path));
    submissiontext::showStatus(m_verdictIcon, m_verdict, CheckStatus::NotRun, tr("Checking the logo…"));
    m_figures->clear();
    m_findingsView->clear();
    m_findingsView->hide();
    showPreviews({}, {});
    Q_EMIT changed();

    submissionjob::run(this, m_pool,
                       [revision, path, options = m_renderOptions] {
                           Outcome outcome{revision, {}, std::unexpected(Error{}), {}};
                           outcome.svg = readCapped(path, submission::LogoLimits{}.maxFileBytes, &outcome.fileError);
                           if (outcome.fileError.isEmpty())
                               outcome.report = submission::checkLogo(outcome.svg, options, path);
                           return outcome;
                       },
                       [this](Outcome outcome) {
                           if (outcome.revision != m_revision)
                               return;
                           m_busy = false;
                           m_busyBar->hide();
                           showOutcome(outcome);
                           Q_EMIT changed();
                           Q_EMIT checked();
                       });
}

void LogoSection::showOutcome(const Outcome &outcome)
{
    if (!outcome.fileError.isEmpty()) {
        submissiontext::showStatus(m_verdictIcon, m_verdict, CheckStatus::Missing,
                                   tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(m_path), outcome.fileError));
        return;
    }
    if (!outcome.report) {
        // The tool failed (no renderer), not the logo: the SVG goes into the bundle unjudged.
        m_inputs.svg = outcome.svg.toStdString();
        m_inputs.status = CheckStatus::NotRun;
        m_inputs.reasons = {outcome.report.error().message};
        submissiontext::showStatus(m_verdictIcon, m_verdict, CheckStatus::NotRun,
                                   tr("The logo could not be checked: %1").arg(errorText(outcome.report.error())));
        return;
    }
    const submission::LogoReport &report = *outcome.report;
    m_report = report;
    m_inputs = submission::logoInputsFromReport(outcome.svg, report);

    const CheckStatus status = submissiontext::statusOf(report.verdict);
    int problems = 0;
    for (const submission::LogoFinding &finding : report.findings)
        problems += finding.severity != submission::LogoSeverity::Info;
    QString line = report.verdict == submission::LogoVerdict::Pass ? tr("The logo passes.")
                   : report.verdict == submission::LogoVerdict::Warn
                       ? tr("The logo passes, with %n warning(s).", nullptr, problems)
                       : tr("The logo fails: %1").arg(fromStd(report.findings.empty() ? std::string() : report.findings.front().message));
    if (report.verdict == submission::LogoVerdict::Fail) {
        for (const submission::LogoFinding &finding : report.findings) {
            if (finding.severity == submission::LogoSeverity::Error) {
                line = tr("The logo fails: %1").arg(fromStd(finding.message));
                break;
            }
        }
    }
    submissiontext::showStatus(m_verdictIcon, m_verdict, status, line);

    QStringList figures;
    figures << tr("%1 bytes, %n element(s)", nullptr, report.elementCount).arg(report.fileBytes);
    if (report.aspectRatio)
        figures << tr("aspect ratio %1:1").arg(*report.aspectRatio, 0, 'f', 2);
    if (report.render) {
        figures << tr("rendered %1×%2 in %3 ms").arg(report.render->width).arg(report.render->height).arg(report.render->milliseconds);
        figures << tr("%1 % of the visible pixels reach 3:1 on white")
                       .arg(qRound(report.render->contrastShareOnWhite * 100));
    }
    m_figures->setText(figures.join(QStringLiteral(" · ")));

    m_findingsView->clear();
    for (const submission::LogoFinding &finding : report.findings) {
        auto *item = new QTreeWidgetItem(m_findingsView);
        item->setIcon(0, submissiontext::statusIcon(submissiontext::statusOf(finding.severity), palette()));
        item->setText(0, fromStd(submission::logoSeverityName(finding.severity)));
        item->setText(1, fromStd(finding.code));
        const QString where = finding.line > 0 ? tr("line %1: ").arg(finding.line) : QString();
        item->setText(2, where + fromStd(finding.message));
        item->setToolTip(2, item->text(2));
    }
    m_findingsView->header()->resizeSections(QHeaderView::ResizeToContents);
    m_findingsView->setVisible(!report.findings.empty());
    showPreviews(report.previewOnWhite, report.previewOnDark);
}

void LogoSection::showPreviews(const QByteArray &onWhite, const QByteArray &onDark)
{
    for (auto [label, png] : {std::pair{m_onWhite, onWhite}, std::pair{m_onDark, onDark}}) {
        QPixmap pixmap;
        if (!png.isEmpty() && pixmap.loadFromData(png, "PNG")) {
            label->setPixmap(pixmap.scaled(previewSide, previewSide, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        } else {
            label->setPixmap({});
            label->setText(tr("no preview"));
        }
    }
}

} // namespace fhw::gui
