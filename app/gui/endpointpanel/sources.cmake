# Sources of app/gui/endpointpanel (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
target_sources(firehose_gui PRIVATE
    endpointpanel/endpointpanel.h endpointpanel/endpointpanel.cpp
    endpointpanel/endpointsettings.h endpointpanel/endpointsettings.cpp
    endpointpanel/authsettings.h endpointpanel/authsettings.cpp
    endpointpanel/faultseditor.h endpointpanel/faultseditor.cpp
    endpointpanel/registrationeditor.h endpointpanel/registrationeditor.cpp
    endpointpanel/trafficview.h endpointpanel/trafficview.cpp
    endpointpanel/exchangetablemodel.h endpointpanel/exchangetablemodel.cpp
    endpointpanel/capturefeed.h endpointpanel/capturefeed.cpp
    endpointpanel/exchangedetailsview.h endpointpanel/exchangedetailsview.cpp
)
