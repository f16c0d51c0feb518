#pragma once

#include "bundle.h"
#include "logoreport.h"

#include <QByteArray>

namespace fhw::submission {

// The bundle's logo inputs from the logo check's report (logocheck.h): the SVG as given, the previews
// and the verdict, with each finding as a reason ("error logo.script: …"), and the report's JSON without
// the render time (so the bundle stays byte-identical).
LogoInputs logoInputsFromReport(const QByteArray &svg, const LogoReport &report);

} // namespace fhw::submission
