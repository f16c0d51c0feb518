# Endpoint tests (included by tests/CMakeLists.txt).
foreach(name tst_referenceresponder tst_capturelog)
    fhw_add_test(${name} unit)
endforeach()

# Real HTTP on 127.0.0.1: libcurl (easy and multi) and raw sockets as the clients.
fhw_add_test(tst_endpoint integration integration/httptestclient.h integration/httptestclient.cpp)
target_link_libraries(tst_endpoint PRIVATE PkgConfig::CURL)
