#pragma once

#include "transport/sendresult.h"

#include <QList>
#include <QWidget>

namespace fhw::gui {

// The phases of one attempt as horizontal bars on a common time axis (a waterfall, as browsers'
// network panels draw it), with mParticle's 100 ms budget as a dashed line. The axis runs to
// max(total, 100 ms) plus a margin, so the budget line is always in view. Colours follow the palette
// (light and dark); every number is also in the tooltip and the accessible description.
class TimingWaterfall : public QWidget
{
    Q_OBJECT

public:
    enum class Phase { Dns, Connect, Tls, RequestSent, Waiting, Download, Total };

    struct Bar
    {
        Phase phase;
        QString label;   // "DNS", "Connect", …
        double startMs;  // from the start of the attempt
        double lengthMs; // 0 for a phase that did not happen (TLS over http, download without a response)
    };

    explicit TimingWaterfall(QWidget *parent = nullptr);

    void setTimings(const transport::PhaseTimings &timings, bool https);
    void clear();

    const QList<Bar> &bars() const { return m_bars; }
    double scaleMs() const { return m_scaleMs; } // the axis' end
    double totalMs() const { return m_totalMs; }
    QString description() const;                 // the numbers in one sentence

    // The bars for these timings: cumulative libcurl times made into (start, length) pairs, each phase
    // starting where the one before ended (a phase libcurl reports as 0, e.g. on a reused connection,
    // gets length 0).
    static QList<Bar> computeBars(const transport::PhaseTimings &timings, bool https);
    static double scaleFor(double totalMs);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Geometry
    {
        int labelWidth;
        int rowHeight;
        int top;
        int plotLeft;
        int plotWidth;
    };
    Geometry geometry() const;
    int xFor(const Geometry &g, double ms) const;
    QColor colourFor(Phase phase) const;
    QString barText(const Bar &bar) const;
    void updateDescription();

    QList<Bar> m_bars;
    double m_scaleMs = 0;
    double m_totalMs = 0;
    bool m_https = false;
};

} // namespace fhw::gui
