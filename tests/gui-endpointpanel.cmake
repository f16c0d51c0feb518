# GUI tests of app/gui/endpointpanel (included by tests/CMakeLists.txt).
