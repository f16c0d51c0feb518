# AWS tests (included by tests/CMakeLists.txt): SigV4 against AWS's published examples, credentials from
# files and the environment, Lambda ARNs and Invoke answers.
foreach(name tst_sigv4 tst_awscredentials tst_lambda)
    fhw_add_test(${name} unit)
endforeach()

# The keychain part, against the real Secret Service of scripts/with-test-services.
fhw_add_test(tst_awskeychain integration integration/privatebus.h integration/privatebus.cpp)
target_link_libraries(tst_awskeychain PRIVATE Qt6::DBus Qt6Keychain::Qt6Keychain)
