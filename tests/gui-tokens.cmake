# GUI tests of app/gui/tokens (included by tests/CMakeLists.txt). They use the real gpg and the Secret
# Service of scripts/with-test-services (and skip without a session bus); private buses and keyrings
# (integration/privatebus.h) show the dialog without a bus, without a Secret Service, and locked.
fhw_add_test(tst_tokensdialog gui integration/privatebus.h integration/privatebus.cpp)
target_link_libraries(tst_tokensdialog PRIVATE firehose_gui Qt6::DBus)
