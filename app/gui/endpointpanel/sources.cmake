# Sources of app/gui/endpointpanel (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
