#pragma once

#include "readiness/loadsettings.h"
#include "transport/httpsender.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace fhw::gui {

// The load run's settings as a form: rate (2,000 req/s by default, presets for mParticle's average and
// peak), duration, warm-up, ramp, connections, the mix (checked with parseMix as it is typed), seed,
// mParticle's retries, and the latency budget (automatic: 100 ms for HTTP, 200 ms p99 for Lambda).
// Fields the form does not show (threads, batch size, time-outs, TLS...) keep what setSettings() gave.
class LoadForm : public QWidget
{
    Q_OBJECT

public:
    explicit LoadForm(QWidget *parent = nullptr);

    // The target and token are not part of the form (empty here); the budget is the automatic HTTP
    // one while "automatic" is on (budgetFor() picks it once the target is known).
    readiness::LoadSettings settings() const;
    // The automatic budget stays on when settings.budget is the HTTP budget; another budget turns it off.
    void setSettings(const readiness::LoadSettings &settings);
    // Time-outs, TLS and the retry policy from the window's Settings (the token is ignored).
    void setTransport(const transport::SendOptions &options);

    bool automaticBudget() const;
    std::chrono::milliseconds budgetFor(bool lambda) const; // what a run against this target uses

    // Why the form cannot start a run (the mix does not parse); empty when it can.
    QString problem() const;

Q_SIGNALS:
    void changed(); // any field; problem() may have changed

private:
    void checkMix();

    readiness::LoadSettings m_base; // what the form does not show
    QSpinBox *m_rate;
    QPushButton *m_averagePreset;
    QPushButton *m_peakPreset;
    QSpinBox *m_duration;
    QSpinBox *m_warmup;
    QSpinBox *m_ramp;
    QSpinBox *m_connections;
    QLineEdit *m_mix;
    QLabel *m_mixNote;
    QLineEdit *m_seed;
    QCheckBox *m_retries;
    QCheckBox *m_budgetAuto;
    QSpinBox *m_budget;
    QString m_mixProblem;
};

} // namespace fhw::gui
