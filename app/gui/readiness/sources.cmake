# Sources of app/gui/readiness (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
target_sources(firehose_gui PRIVATE
    readiness/readinesspanel.h readiness/readinesspanel.cpp
    readiness/conformancepage.h readiness/conformancepage.cpp
    readiness/loadpage.h readiness/loadpage.cpp
    readiness/loadform.h readiness/loadform.cpp
    readiness/loadcharts.h readiness/loadcharts.cpp
    readiness/readinesstext.h readiness/readinesstext.cpp
    readiness/reportfiles.h readiness/reportfiles.cpp
)
# The load tab's live charts.
target_link_libraries(firehose_gui PUBLIC Qt6::Charts)
