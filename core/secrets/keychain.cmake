# Sources of core/secrets, keychain side: Secret Service check, token store (paths relative to core/).
target_sources(firehose_core PRIVATE
    secrets/secretservice.h secrets/secretservice.cpp secrets/secretservice_p.h
    secrets/keychainjob_p.h secrets/keychainjob.cpp
    secrets/tokenmetadata.h secrets/tokenmetadata.cpp
    secrets/tokenstore.h secrets/tokenstore.cpp
)
