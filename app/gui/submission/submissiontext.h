#pragma once

#include "submission/bundle.h"
#include "submission/logoreport.h"

#include "protocol/finding.h"

#include <QColor>
#include <QIcon>
#include <QString>

#include <string>
#include <string_view>

class QLabel;
class QPalette;
class QTreeWidget;

namespace fhw::gui::submissiontext {

QString fromStd(std::string_view text);

QString statusName(submission::CheckStatus status); // "passes", "missing", ... for people
// Green, orange, red, grey: from the readiness panel's colours, so both panels read alike.
QColor statusColour(submission::CheckStatus status, const QPalette &palette);
// A filled dot; Missing is a ring (nothing to judge yet), NotRun a small grey dot.
QIcon statusIcon(submission::CheckStatus status, const QPalette &palette);

submission::CheckStatus statusOf(protocol::Severity severity);
submission::CheckStatus statusOf(submission::LogoSeverity severity);
submission::CheckStatus statusOf(submission::LogoVerdict verdict);

// Fills a three-column tree (severity, code, where + message) with the findings; infos included, last.
void fillFindings(QTreeWidget *tree, const protocol::Findings &findings);

// A label that shows a verdict line in the status colour (the text stays the palette's for contrast;
// the icon carries the colour).
void showStatus(QLabel *icon, QLabel *text, submission::CheckStatus status, const QString &line);

} // namespace fhw::gui::submissiontext
