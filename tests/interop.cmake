# Tests of core/interop and the fhw postman / har / send --print-curl commands (included by tests/CMakeLists.txt).
fhw_add_test(tst_postman unit)
fhw_add_test(tst_har unit)

fhw_add_test(tst_interopcli integration)
add_dependencies(tst_interopcli fhw)
target_compile_definitions(tst_interopcli PRIVATE FHW_CLI_PATH="$<TARGET_FILE:fhw>")

fhw_add_test(tst_interopactions gui)
target_link_libraries(tst_interopactions PRIVATE firehose_gui)
