# Keychain tests (included by tests/CMakeLists.txt). Both talk to the real Secret Service of
# scripts/with-test-services, and start private buses (dbus-daemon) and keyrings (gnome-keyring-daemon)
# of their own for what must not touch the shared one: no bus, no Secret Service, a locked keyring.
foreach(name tst_secretservice tst_tokenstore)
    fhw_add_test(${name} integration integration/privatebus.h integration/privatebus.cpp)
    target_link_libraries(${name} PRIVATE Qt6::DBus)
endforeach()
