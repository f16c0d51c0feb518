# GUI tests of app/gui/inspector (included by tests/CMakeLists.txt).
fhw_add_test(tst_responseinspector gui)
target_link_libraries(tst_responseinspector PRIVATE firehose_gui)

# The "Copy as curl" command builder (core/transport/curlcommand.h).
fhw_add_test(tst_curlcommand unit)
