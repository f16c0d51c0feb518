# Lambda targets in transport, endpoint and CLI (included by tests/CMakeLists.txt).
fhw_add_test(tst_lambdainvoke integration)

fhw_add_test(tst_lambdacli integration integration/processrun.h integration/processrun.cpp)
add_dependencies(tst_lambdacli fhw)
target_compile_definitions(tst_lambdacli PRIVATE FHW_CLI_PATH="$<TARGET_FILE:fhw>")
