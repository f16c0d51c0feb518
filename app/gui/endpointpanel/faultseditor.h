#pragma once

#include "endpoint/endpointconfig.h"

#include <QWidget>

#include <array>
#include <map>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QTabWidget;

namespace fhw::gui {

// Latency and failure injection per request family (events, audience, DSR), one tab each: added
// latency (none, fixed, or a normal draw of mean ± deviation), a failure rate with its status
// (429/500/503) and an optional Retry-After, and a no-answer rate. Widgets are named
// "<control>_<family>", e.g. "failRate_event", "failStatus_dsr".
class FaultsEditor : public QWidget
{
    Q_OBJECT

public:
    enum class LatencyMode { None, Fixed, Normal };

    explicit FaultsEditor(QWidget *parent = nullptr);

    // Shows the settings of the three families (others are ignored).
    void setFaults(const std::map<transport::Family, endpoint::FaultSettings> &faults);
    // The three families' settings; a family without any fault is left out.
    std::map<transport::Family, endpoint::FaultSettings> faults() const;
    // `faults()` merged into `config.faults` (other families, e.g. registration, are kept).
    void applyTo(endpoint::EndpointConfig &config) const;

    static constexpr std::array families{transport::Family::Event, transport::Family::Audience,
                                         transport::Family::Dsr};

Q_SIGNALS:
    void changed();

private:
    struct Form
    {
        QComboBox *latencyMode = nullptr;
        QSpinBox *fixedMs = nullptr;
        QSpinBox *meanMs = nullptr;
        QSpinBox *deviationMs = nullptr;
        QDoubleSpinBox *failRate = nullptr;
        QComboBox *failStatus = nullptr;
        QCheckBox *retryAfter = nullptr;
        QSpinBox *retryAfterSeconds = nullptr;
        QDoubleSpinBox *noAnswerRate = nullptr;
    };

    QWidget *makeForm(transport::Family family, Form &form);
    void updateEnabled(Form &form);
    void updateTabTitles();
    endpoint::FaultSettings settingsOf(const Form &form) const;

    QTabWidget *m_tabs;
    std::array<Form, families.size()> m_forms;
};

} // namespace fhw::gui
