# Tests of core/workspace and app/gui/history (included by tests/CMakeLists.txt).
fhw_add_test(tst_workspace unit)
fhw_add_test(tst_historystore unit)

fhw_add_test(tst_historypanel gui)
target_link_libraries(tst_historypanel PRIVATE firehose_gui)
