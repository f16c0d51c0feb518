# Submission tests, export side: registration export, endpoints, Cookie Sync, the bundle and its CLI
# (included by tests/CMakeLists.txt).
foreach(name tst_registrationexport tst_endpoints tst_cookiesync)
    fhw_add_test(${name} unit)
endforeach()

# gpg makes the keys (public, and private ones the bundle must refuse); libzip reads the archive back
# independently of the bundle's own reader, and tampers with it.
fhw_add_test(tst_bundle integration)
target_link_libraries(tst_bundle PRIVATE libzip::zip)

fhw_add_test(tst_bundlecli integration integration/processrun.h integration/processrun.cpp)
add_dependencies(tst_bundlecli fhw fhw-logo-render) # bundle runs the logo check in its child
target_compile_definitions(tst_bundlecli PRIVATE FHW_CLI_PATH="$<TARGET_FILE:fhw>")
