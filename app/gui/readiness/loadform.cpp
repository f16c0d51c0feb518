#include "loadform.h"

#include "readinesstext.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace fhw::gui {

namespace {

QSpinBox *makeSpin(QWidget *parent, const QString &name, int minimum, int maximum, const QString &suffix)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setSuffix(suffix);
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    return spin;
}

} // namespace

LoadForm::LoadForm(QWidget *parent)
    : QWidget(parent)
{
    m_rate = makeSpin(this, QStringLiteral("loadRate"), 1, 1'000'000, tr(" req/s"));
    m_rate->setSingleStep(100);
    m_rate->setToolTip(tr("Requests scheduled per second once ramped up (open model: they are sent on schedule "
                          "whether or not earlier ones were answered)"));
    m_averagePreset = new QPushButton(tr("Average %1").arg(readinesstext::formatCount(std::int64_t(readiness::averageRate))), this);
    m_averagePreset->setObjectName(QStringLiteral("averageRatePreset"));
    m_averagePreset->setToolTip(tr("mParticle's average rate"));
    m_peakPreset = new QPushButton(tr("Peak %1").arg(readinesstext::formatCount(std::int64_t(readiness::peakRate))), this);
    m_peakPreset->setObjectName(QStringLiteral("peakRatePreset"));
    m_peakPreset->setToolTip(tr("mParticle's peak rate"));
    auto *rateRow = new QHBoxLayout;
    rateRow->addWidget(m_rate, 1);
    rateRow->addWidget(m_averagePreset);
    rateRow->addWidget(m_peakPreset);

    m_duration = makeSpin(this, QStringLiteral("loadDuration"), 1, 24 * 3600, tr(" s"));
    m_duration->setToolTip(tr("The measured window"));
    m_warmup = makeSpin(this, QStringLiteral("loadWarmup"), 0, 3600, tr(" s"));
    m_warmup->setToolTip(tr("Sent at the full rate before measuring; not recorded"));
    m_ramp = makeSpin(this, QStringLiteral("loadRamp"), 0, 3600, tr(" s"));
    m_ramp->setToolTip(tr("From 0 to the rate, before the warm-up; not recorded"));
    auto *timeRow = new QHBoxLayout;
    timeRow->addWidget(m_duration, 1);
    timeRow->addWidget(new QLabel(tr("&Warm-up"), this));
    timeRow->addWidget(m_warmup, 1);
    timeRow->addWidget(new QLabel(tr("Ra&mp"), this));
    timeRow->addWidget(m_ramp, 1);
    // Buddies for the labels in the row (the form's own labels get theirs from addRow).
    static_cast<QLabel *>(timeRow->itemAt(1)->widget())->setBuddy(m_warmup);
    static_cast<QLabel *>(timeRow->itemAt(3)->widget())->setBuddy(m_ramp);

    m_connections = makeSpin(this, QStringLiteral("loadConnections"), 1, 100'000, QString());
    m_connections->setToolTip(tr("Most connections open at once (opened as needed, kept alive)"));

    m_mix = new QLineEdit(this);
    m_mix->setObjectName(QStringLiteral("loadMix"));
    m_mix->setPlaceholderText(QStringLiteral("event=80,audience-membership=20"));
    m_mix->setToolTip(tr("Request types and their weights: registration, event, audience-subscription, "
                         "audience-membership, dsr"));
    m_mixNote = new QLabel(this);
    m_mixNote->setObjectName(QStringLiteral("loadMixNote"));
    m_mixNote->setWordWrap(true);

    m_seed = new QLineEdit(this);
    m_seed->setObjectName(QStringLiteral("loadSeed"));
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), m_seed));
    m_seed->setToolTip(tr("The generator's seed: the same settings send the same bodies"));

    m_retries = new QCheckBox(tr("Retry like mParticle (408, 429, 5xx; counted apart)"), this);
    m_retries->setObjectName(QStringLiteral("loadRetries"));

    m_budgetAuto = new QCheckBox(tr("&Automatic"), this);
    m_budgetAuto->setObjectName(QStringLiteral("loadBudgetAuto"));
    m_budgetAuto->setToolTip(tr("100 ms for an HTTP endpoint, 200 ms (p99) for a Lambda function"));
    m_budget = makeSpin(this, QStringLiteral("loadBudget"), 1, 60'000, tr(" ms"));
    m_budget->setToolTip(tr("The p99 latency the verdict allows"));
    auto *budgetRow = new QHBoxLayout;
    budgetRow->addWidget(m_budget, 1);
    budgetRow->addWidget(m_budgetAuto);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    // Rows holding a layout need their label's buddy set by hand.
    auto labelFor = [this](const QString &text, QWidget *buddy) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };
    form->addRow(labelFor(tr("&Rate"), m_rate), rateRow);
    form->addRow(labelFor(tr("&Duration"), m_duration), timeRow);
    form->addRow(tr("C&onnections"), m_connections);
    form->addRow(tr("Mi&x"), m_mix);
    form->addRow(QString(), m_mixNote);
    form->addRow(tr("S&eed"), m_seed);
    form->addRow(QString(), m_retries);
    form->addRow(labelFor(tr("&Budget (p99)"), m_budget), budgetRow);

    connect(m_averagePreset, &QPushButton::clicked, this, [this] { m_rate->setValue(int(readiness::averageRate)); });
    connect(m_peakPreset, &QPushButton::clicked, this, [this] { m_rate->setValue(int(readiness::peakRate)); });
    connect(m_mix, &QLineEdit::textChanged, this, [this] {
        checkMix();
        Q_EMIT changed();
    });
    connect(m_budgetAuto, &QCheckBox::toggled, this, [this](bool automatic) {
        m_budget->setEnabled(!automatic);
        if (automatic)
            m_budget->setValue(int(readiness::httpBudget.count()));
        Q_EMIT changed();
    });
    for (QSpinBox *spin : {m_rate, m_duration, m_warmup, m_ramp, m_connections, m_budget})
        connect(spin, &QSpinBox::valueChanged, this, &LoadForm::changed);
    connect(m_seed, &QLineEdit::textChanged, this, &LoadForm::changed);
    connect(m_retries, &QCheckBox::toggled, this, &LoadForm::changed);

    m_budgetAuto->setChecked(true);
    setSettings(readiness::LoadSettings{});
}

readiness::LoadSettings LoadForm::settings() const
{
    readiness::LoadSettings s = m_base;
    s.target = {};
    s.token.clear();
    s.rate = m_rate->value();
    s.duration = std::chrono::seconds(m_duration->value());
    s.warmup = std::chrono::seconds(m_warmup->value());
    s.ramp = std::chrono::seconds(m_ramp->value());
    s.connections = m_connections->value();
    if (auto mix = readiness::parseMix(m_mix->text().toStdString()))
        s.mix = *mix;
    bool ok = false;
    const qulonglong seed = m_seed->text().toULongLong(&ok);
    s.seed = ok ? seed : m_base.seed;
    s.retries = m_retries->isChecked();
    s.budget = budgetFor(false);
    return s;
}

void LoadForm::setSettings(const readiness::LoadSettings &settings)
{
    m_base = settings;
    m_base.target = {};
    m_base.token.clear(); // the form never keeps a token
    m_rate->setValue(int(std::lround(settings.rate)));
    m_duration->setValue(int(settings.duration.count()));
    m_warmup->setValue(int(settings.warmup.count()));
    m_ramp->setValue(int(settings.ramp.count()));
    m_connections->setValue(settings.connections);
    m_mix->setText(readinesstext::fromStd(readiness::mixText(settings.mix)));
    m_seed->setText(QString::number(settings.seed));
    m_retries->setChecked(settings.retries);
    if (settings.budget != readiness::httpBudget)
        m_budgetAuto->setChecked(false);
    m_budget->setValue(int(settings.budget.count()));
    checkMix();
}

void LoadForm::setTransport(const transport::SendOptions &options)
{
    m_base.connectTimeout = options.connectTimeout;
    m_base.timeout = options.totalTimeout;
    m_base.verifyTls = options.verifyTls;
    m_base.caFile = options.caFile;
    m_base.retry = options.retry;
}

bool LoadForm::automaticBudget() const
{
    return m_budgetAuto->isChecked();
}

std::chrono::milliseconds LoadForm::budgetFor(bool lambda) const
{
    if (m_budgetAuto->isChecked())
        return lambda ? readiness::lambdaBudget : readiness::httpBudget;
    return std::chrono::milliseconds(m_budget->value());
}

QString LoadForm::problem() const
{
    return m_mixProblem;
}

void LoadForm::checkMix()
{
    auto mix = readiness::parseMix(m_mix->text().toStdString());
    QPalette notePalette = palette();
    if (mix) {
        m_mixProblem.clear();
        QStringList parts; // the weights as shares, so "event=3,dsr=1" reads as 75 % / 25 %
        int total = 0;
        for (const readiness::MixEntry &entry : *mix)
            total += entry.weight;
        for (const readiness::MixEntry &entry : *mix) {
            parts << QStringLiteral("%1 %2 %")
                         .arg(readinesstext::fromStd(readiness::shortTypeName(entry.type)))
                         .arg(QString::number(100.0 * entry.weight / std::max(total, 1), 'f', entry.weight * 100 % std::max(total, 1) ? 1 : 0));
        }
        m_mixNote->setText(parts.join(QStringLiteral(" · ")));
    } else {
        m_mixProblem = readinesstext::fromStd(mix.error().message);
        m_mixNote->setText(m_mixProblem);
        notePalette.setColor(QPalette::WindowText, readinesstext::statusColour(readiness::CheckStatus::Fail, palette()));
    }
    m_mixNote->setPalette(notePalette);
}

} // namespace fhw::gui
