#include "secretsjob.h"

namespace fhw::gui {

namespace {

struct SecretsPool : QThreadPool
{
    SecretsPool()
    {
        setObjectName(QStringLiteral("fhw-secrets"));
        // A decryption can wait on a passphrase for as long as the person takes; a few threads keep the
        // list and the keychain check moving meanwhile.
        setMaxThreadCount(4);
    }
};

} // namespace

QThreadPool *secretsThreadPool()
{
    static SecretsPool pool; // waits for running jobs when the program ends
    return &pool;
}

} // namespace fhw::gui
