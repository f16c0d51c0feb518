#pragma once

#include "workspace/workspacesettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace fhw::gui {

// Tools > Settings: the workspace's retry policy, timeouts, endpoint port, validation profile and
// history bound (workspace.json, so a team shares them through git).
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const workspace::WorkspaceSettings &settings, QWidget *parent = nullptr);

    // The settings as edited (the target and name are passed through unchanged).
    workspace::WorkspaceSettings settings() const;

private:
    workspace::WorkspaceSettings m_original;
    QSpinBox *m_attempts;
    QSpinBox *m_baseMs;
    QDoubleSpinBox *m_factor;
    QSpinBox *m_capMs;
    QDoubleSpinBox *m_jitter;
    QCheckBox *m_retryAfter;
    QSpinBox *m_connectMs;
    QSpinBox *m_totalMs;
    QSpinBox *m_port;
    QComboBox *m_profile;
    QSpinBox *m_historySize;
};

} // namespace fhw::gui
