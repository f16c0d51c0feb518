# GUI tests of app/gui/composer (included by tests/CMakeLists.txt).
fhw_add_test(tst_jsonlocator unit)

fhw_add_test(tst_composer gui)
target_link_libraries(tst_composer PRIVATE firehose_gui)

fhw_add_test(tst_composerparts gui)
target_link_libraries(tst_composerparts PRIVATE firehose_gui)
