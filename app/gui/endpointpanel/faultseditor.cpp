#include "faultseditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using endpoint::FaultSettings;
using transport::Family;

namespace {

QString suffixOf(Family family)
{
    const std::string_view name = transport::familyName(family);
    return u'_' + QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString titleOf(Family family)
{
    switch (family) {
    case Family::Event: return FaultsEditor::tr("Events");
    case Family::Audience: return FaultsEditor::tr("Audience");
    case Family::Dsr: return FaultsEditor::tr("DSR");
    case Family::Registration: return FaultsEditor::tr("Registration");
    }
    return {};
}

QSpinBox *msSpin(QWidget *parent, const QString &name)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(0, 600'000);
    spin->setSuffix(QStringLiteral(" ms"));
    spin->setAccelerated(true);
    return spin;
}

QDoubleSpinBox *percentSpin(QWidget *parent, const QString &name)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(0.0, 100.0);
    spin->setDecimals(1);
    spin->setSuffix(QStringLiteral(" %"));
    return spin;
}

bool isActive(const FaultSettings &s)
{
    return s.latency.fixed.count() > 0 || s.latency.mean.count() > 0 || s.latency.deviation.count() > 0
           || s.failRate > 0.0 || s.noAnswerRate > 0.0;
}

} // namespace

FaultsEditor::FaultsEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("faultsEditor"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("faultTabs"));
    for (std::size_t i = 0; i < families.size(); ++i)
        m_tabs->addTab(makeForm(families[i], m_forms[i]), titleOf(families[i]));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    updateTabTitles();
    connect(this, &FaultsEditor::changed, this, &FaultsEditor::updateTabTitles);
}

QWidget *FaultsEditor::makeForm(Family family, Form &form)
{
    const QString suffix = suffixOf(family);
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("faultPage") + suffix);

    form.latencyMode = new QComboBox(page);
    form.latencyMode->setObjectName(QStringLiteral("latencyMode") + suffix);
    form.latencyMode->addItem(tr("None"), int(LatencyMode::None));
    form.latencyMode->addItem(tr("Fixed"), int(LatencyMode::Fixed));
    form.latencyMode->addItem(tr("Mean ± deviation (normal)"), int(LatencyMode::Normal));
    form.fixedMs = msSpin(page, QStringLiteral("latencyFixed") + suffix);
    form.meanMs = msSpin(page, QStringLiteral("latencyMean") + suffix);
    form.deviationMs = msSpin(page, QStringLiteral("latencyDeviation") + suffix);
    form.fixedMs->setToolTip(tr("Added before every answer, counted from the moment the full request is in"));
    form.deviationMs->setPrefix(QStringLiteral("± "));

    form.failRate = percentSpin(page, QStringLiteral("failRate") + suffix);
    form.failRate->setToolTip(tr("Share of requests answered with the failure status instead of the real response"));
    form.failStatus = new QComboBox(page);
    form.failStatus->setObjectName(QStringLiteral("failStatus") + suffix);
    form.failStatus->addItem(tr("429 Too Many Requests"), 429);
    form.failStatus->addItem(tr("500 Internal Server Error"), 500);
    form.failStatus->addItem(tr("503 Service Unavailable"), 503);
    form.failStatus->setCurrentIndex(1);
    form.retryAfter = new QCheckBox(tr("Retry-After"), page);
    form.retryAfter->setObjectName(QStringLiteral("retryAfter") + suffix);
    form.retryAfterSeconds = new QSpinBox(page);
    form.retryAfterSeconds->setObjectName(QStringLiteral("retryAfterSeconds") + suffix);
    form.retryAfterSeconds->setRange(0, 86'400);
    form.retryAfterSeconds->setValue(1);
    form.retryAfterSeconds->setSuffix(QStringLiteral(" s"));
    form.noAnswerRate = percentSpin(page, QStringLiteral("noAnswerRate") + suffix);
    form.noAnswerRate->setToolTip(tr("Share of requests never answered: the connection is closed after the "
                                     "connection time-out"));

    auto *latencyRow = new QHBoxLayout;
    latencyRow->addWidget(form.latencyMode);
    latencyRow->addWidget(form.fixedMs);
    latencyRow->addWidget(form.meanMs);
    latencyRow->addWidget(form.deviationMs);
    latencyRow->addStretch(1);
    auto *failRow = new QHBoxLayout;
    failRow->addWidget(form.failRate);
    failRow->addWidget(form.failStatus);
    failRow->addWidget(form.retryAfter);
    failRow->addWidget(form.retryAfterSeconds);
    failRow->addStretch(1);

    auto *layout = new QFormLayout(page);
    layout->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    auto *latencyLabel = new QLabel(tr("&Latency:"), page);
    latencyLabel->setBuddy(form.latencyMode);
    layout->addRow(latencyLabel, latencyRow);
    auto *failLabel = new QLabel(tr("&Failures:"), page);
    failLabel->setBuddy(form.failRate);
    layout->addRow(failLabel, failRow);
    auto *noAnswerLabel = new QLabel(tr("&No answer:"), page);
    noAnswerLabel->setBuddy(form.noAnswerRate);
    layout->addRow(noAnswerLabel, form.noAnswerRate);

    Form *f = &form;
    auto changedSlot = [this, f] {
        updateEnabled(*f);
        Q_EMIT changed();
    };
    connect(form.latencyMode, &QComboBox::currentIndexChanged, this, changedSlot);
    connect(form.failStatus, &QComboBox::currentIndexChanged, this, changedSlot);
    connect(form.retryAfter, &QCheckBox::toggled, this, changedSlot);
    for (QSpinBox *spin : {form.fixedMs, form.meanMs, form.deviationMs, form.retryAfterSeconds})
        connect(spin, &QSpinBox::valueChanged, this, changedSlot);
    for (QDoubleSpinBox *spin : {form.failRate, form.noAnswerRate})
        connect(spin, &QDoubleSpinBox::valueChanged, this, changedSlot);
    updateEnabled(form);
    return page;
}

void FaultsEditor::updateEnabled(Form &form)
{
    const auto mode = LatencyMode(form.latencyMode->currentData().toInt());
    form.fixedMs->setVisible(mode == LatencyMode::Fixed);
    form.meanMs->setVisible(mode == LatencyMode::Normal);
    form.deviationMs->setVisible(mode == LatencyMode::Normal);
    const bool failing = form.failRate->value() > 0.0;
    form.failStatus->setEnabled(failing);
    form.retryAfter->setEnabled(failing);
    form.retryAfterSeconds->setEnabled(failing && form.retryAfter->isChecked());
}

void FaultsEditor::updateTabTitles()
{
    // A mark on the families that have a fault, so one is not forgotten on another tab.
    for (std::size_t i = 0; i < families.size(); ++i) {
        const bool active = isActive(settingsOf(m_forms[i]));
        m_tabs->setTabText(int(i), active ? titleOf(families[i]) + QStringLiteral(" •") : titleOf(families[i]));
        m_tabs->setTabToolTip(int(i), active ? tr("Faults are set for this family") : QString());
    }
}

FaultSettings FaultsEditor::settingsOf(const Form &form) const
{
    using std::chrono::milliseconds;
    FaultSettings s;
    switch (LatencyMode(form.latencyMode->currentData().toInt())) {
    case LatencyMode::None:
        break;
    case LatencyMode::Fixed:
        s.latency.fixed = milliseconds(form.fixedMs->value());
        break;
    case LatencyMode::Normal:
        s.latency.mean = milliseconds(form.meanMs->value());
        s.latency.deviation = milliseconds(form.deviationMs->value());
        break;
    }
    s.failRate = form.failRate->value() / 100.0;
    s.failStatus = form.failStatus->currentData().toInt();
    if (form.retryAfter->isChecked())
        s.retryAfterSeconds = form.retryAfterSeconds->value();
    s.noAnswerRate = form.noAnswerRate->value() / 100.0;
    return s;
}

void FaultsEditor::setFaults(const std::map<Family, FaultSettings> &faults)
{
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    const QSignalBlocker blocker(this);
    for (std::size_t i = 0; i < families.size(); ++i) {
        Form &form = m_forms[i];
        const auto it = faults.find(families[i]);
        const FaultSettings s = it == faults.end() ? FaultSettings{} : it->second;
        LatencyMode mode = LatencyMode::None;
        if (s.latency.mean.count() > 0 || s.latency.deviation.count() > 0)
            mode = LatencyMode::Normal;
        else if (s.latency.fixed.count() > 0)
            mode = LatencyMode::Fixed;
        form.latencyMode->setCurrentIndex(form.latencyMode->findData(int(mode)));
        form.fixedMs->setValue(int(duration_cast<milliseconds>(s.latency.fixed).count()));
        form.meanMs->setValue(int(duration_cast<milliseconds>(s.latency.mean).count()));
        form.deviationMs->setValue(int(duration_cast<milliseconds>(s.latency.deviation).count()));
        form.failRate->setValue(s.failRate * 100.0);
        int status = form.failStatus->findData(s.failStatus);
        if (status < 0) {
            form.failStatus->addItem(QString::number(s.failStatus), s.failStatus);
            status = form.failStatus->count() - 1;
        }
        form.failStatus->setCurrentIndex(status);
        form.retryAfter->setChecked(s.retryAfterSeconds.has_value());
        if (s.retryAfterSeconds)
            form.retryAfterSeconds->setValue(*s.retryAfterSeconds);
        form.noAnswerRate->setValue(s.noAnswerRate * 100.0);
        updateEnabled(form);
    }
    updateTabTitles();
}

std::map<Family, FaultSettings> FaultsEditor::faults() const
{
    std::map<Family, FaultSettings> out;
    for (std::size_t i = 0; i < families.size(); ++i) {
        FaultSettings s = settingsOf(m_forms[i]);
        if (isActive(s))
            out.emplace(families[i], std::move(s));
    }
    return out;
}

void FaultsEditor::applyTo(endpoint::EndpointConfig &config) const
{
    for (Family family : families)
        config.faults.erase(family);
    for (auto &[family, settings] : faults())
        config.faults[family] = settings;
}

} // namespace fhw::gui
