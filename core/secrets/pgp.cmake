# Sources of core/secrets, PGP side: keys, armor clean-up, token decryption (paths relative to core/).
# GPGME's C API (gpgme_data_set_flag, error codes) comes with the Gpgmepp target, which links libgpgme.
target_sources(firehose_core PRIVATE
    secrets/securebuffer.h secrets/securebuffer.cpp
    secrets/armor.h secrets/armor.cpp
    secrets/gpgmesupport_p.h secrets/gpgmesupport.cpp
    secrets/pgpkeys.h secrets/pgpkeys.cpp
    secrets/tokendecryptor.h secrets/tokendecryptor.cpp
    secrets/tokenplausibility.h secrets/tokenplausibility.cpp
)
