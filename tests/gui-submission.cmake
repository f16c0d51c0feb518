# GUI tests of app/gui/submission (included by tests/CMakeLists.txt). The panel with real components: the
# logo renderer child, gpg in a GnuPG home of its own, the embedded endpoint on loopback, and (under
# scripts/with-test-services) the Secret Service for the keychain's tokens.
fhw_add_test(tst_submissionpanel gui)
target_link_libraries(tst_submissionpanel PRIVATE firehose_gui Qt6::Network)
add_dependencies(tst_submissionpanel fhw-logo-render)
