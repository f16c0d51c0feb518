# Sources of app/gui/submission (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
target_sources(firehose_gui PRIVATE
    submission/submissionpanel.h submission/submissionpanel.cpp
    submission/checklistview.h submission/checklistview.cpp
    submission/forceexportdialog.h submission/forceexportdialog.cpp
    submission/bundleexportjob.h submission/bundleexportjob.cpp
    submission/registrationsection.h submission/registrationsection.cpp
    submission/safetextbrowser.h submission/safetextbrowser.cpp
    submission/logosection.h submission/logosection.cpp
    submission/endpointssection.h submission/endpointssection.cpp
    submission/publickeysection.h submission/publickeysection.cpp
    submission/cookiesyncsection.h submission/cookiesyncsection.cpp
    submission/reportssection.h submission/reportssection.cpp
    submission/submissiontext.h submission/submissiontext.cpp
    submission/submissionjob.h
)
