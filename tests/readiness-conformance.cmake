# Readiness tests (conformance part; included by tests/CMakeLists.txt).
fhw_add_test(tst_conformancereport unit)

# Against the embedded endpoint, Python peers (integration/peers/conformance_peer.py) and nginx over TLS.
fhw_add_test(tst_conformance integration integration/loopbackpeers.h integration/loopbackpeers.cpp)
target_link_libraries(tst_conformance PRIVATE Qt6::Network)

# fhw check against fhw serve, as child processes.
fhw_add_test(tst_checkcli integration integration/processrun.h integration/processrun.cpp)
add_dependencies(tst_checkcli fhw)
target_compile_definitions(tst_checkcli PRIVATE FHW_CLI_PATH="$<TARGET_FILE:fhw>")
