# Transport tests (included by tests/CMakeLists.txt).
fhw_add_test(tst_retrypolicy unit)

fhw_add_test(tst_httpsender integration integration/loopbackpeers.h integration/loopbackpeers.cpp)
# QTcpServer/QTcpSocket: a closed port for "connection refused", and waiting for nginx to listen.
target_link_libraries(tst_httpsender PRIVATE Qt6::Network)
