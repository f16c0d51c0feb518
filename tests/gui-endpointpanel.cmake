# GUI tests of app/gui/endpointpanel (included by tests/CMakeLists.txt).
# Real HTTP over loopback to a real Endpoint: libcurl through the integration tests' client.
fhw_add_test(tst_endpointpanel gui integration/httptestclient.h integration/httptestclient.cpp)
target_link_libraries(tst_endpointpanel PRIVATE firehose_gui Qt6::Network PkgConfig::CURL)
