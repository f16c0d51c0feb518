# Readiness tests (locust part; included by tests/CMakeLists.txt).
fhw_add_test(tst_locustexport unit)

# python3-locust (master + 2 workers, headless) against the embedded endpoint; the file comes from
# `fhw export-locust`, so the CLI is built first.
fhw_add_test(tst_locust integration integration/loopbackpeers.h integration/loopbackpeers.cpp)
target_link_libraries(tst_locust PRIVATE Qt6::Network)
add_dependencies(tst_locust fhw)
target_compile_definitions(tst_locust PRIVATE FHW_CLI_PATH="$<TARGET_FILE:fhw>")
