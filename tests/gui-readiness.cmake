# GUI tests of app/gui/readiness (included by tests/CMakeLists.txt).
# The panel against a real embedded endpoint on loopback: conformance checks and a short load run.
fhw_add_test(tst_readinesspanel gui)
target_link_libraries(tst_readinesspanel PRIVATE firehose_gui)
