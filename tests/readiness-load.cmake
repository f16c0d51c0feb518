# Readiness tests, load side (included by tests/CMakeLists.txt).

# The histogram, its log, the mix, the verdict and the reports; the engine's HTTP response reader
# (every response split at every byte).
foreach(name tst_latencyhistogram tst_histogramlog tst_mix tst_loadreport tst_loadresponseparser)
    fhw_add_test(${name} unit)
endforeach()

# tst_loadrun: the embedded endpoint, `fhw serve` (stalled with SIGSTOP), nginx over TLS, Python; about 30 s.
# tst_loadcli: `fhw load` at 2,000 req/s for 10 s against `fhw serve`, its files, bad usage; about 15 s.
foreach(name tst_loadrun tst_loadcli)
    fhw_add_test(${name} integration integration/loopbackpeers.h integration/loopbackpeers.cpp)
    target_link_libraries(${name} PRIVATE Qt6::Network)
    add_dependencies(${name} fhw)
    target_compile_definitions(${name} PRIVATE FHW_CLI_PATH="$<TARGET_FILE:fhw>")
endforeach()
