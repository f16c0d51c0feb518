#pragma once

#include "submission/bundle.h"
#include "submission/logocheck.h"

#include <QWidget>

#include <cstdint>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QThreadPool;
class QTreeWidget;

namespace fhw::gui {

// Section 2: the logo. The check (core/submission/logocheck.h) runs in the panel's pool, since it starts
// the renderer child and waits for it; the verdict, the findings, and the previews on white and on dark
// side by side. The bundle takes the SVG as chosen, with the check's previews and verdict.
class LogoSection : public QWidget
{
    Q_OBJECT

public:
    LogoSection(QThreadPool *pool, QWidget *parent = nullptr);

    void setRenderOptions(const submission::RenderOptions &options) { m_renderOptions = options; }
    void setLogoFile(const QString &path); // checks it; the bundle has no logo until the check is back
    QString logoFile() const { return m_path; }
    const submission::LogoInputs &logoInputs() const { return m_inputs; }
    const std::optional<submission::LogoReport> &report() const { return m_report; }
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    void chooseFile();
    void clear();

Q_SIGNALS:
    void changed();
    void checked(); // the check of the current file is done (or could not run)

private:
    struct Outcome;
    void showOutcome(const Outcome &outcome);
    void showPreviews(const QByteArray &onWhite, const QByteArray &onDark);

    QThreadPool *m_pool;
    submission::RenderOptions m_renderOptions;
    QString m_path;
    std::uint64_t m_revision = 0;
    bool m_busy = false;
    submission::LogoInputs m_inputs;
    std::optional<submission::LogoReport> m_report;

    QLabel *m_file;
    QPushButton *m_choose;
    QPushButton *m_clear;
    QProgressBar *m_busyBar;
    QLabel *m_verdictIcon;
    QLabel *m_verdict;
    QLabel *m_figures;
    QTreeWidget *m_findingsView;
    QLabel *m_onWhite;
    QLabel *m_onDark;
};

} // namespace fhw::gui
