# Readiness against a Lambda target (included by tests/CMakeLists.txt): conformance and load against
# the embedded endpoint's Invoke mode.
fhw_add_test(tst_lambdareadiness integration)
