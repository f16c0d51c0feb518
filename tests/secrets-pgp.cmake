# PGP tests (included by tests/CMakeLists.txt).
# Unit: the armor normaliser, token plausibility and SecureBuffer, no GnuPG. Integration: keys and
# decryption against real gpg and gpg-agent, each test function in its own temporary GNUPGHOME.
foreach(name tst_armor tst_tokenplausibility tst_securebuffer)
    fhw_add_test(${name} unit)
endforeach()
fhw_add_test(tst_pgp integration)
