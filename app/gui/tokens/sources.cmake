# Sources of app/gui/tokens (included by app/gui/CMakeLists.txt; paths relative to app/gui/).
target_sources(firehose_gui PRIVATE
    tokens/tokensdialog.h tokens/tokensdialog.cpp
    tokens/keyspage.h tokens/keyspage.cpp
    tokens/createkeydialog.h tokens/createkeydialog.cpp
    tokens/tokenspage.h tokens/tokenspage.cpp
    tokens/tokenimportdialog.h tokens/tokenimportdialog.cpp
    tokens/passphrasedialog.h tokens/passphrasedialog.cpp
    tokens/tokenchoicemodel.h tokens/tokenchoicemodel.cpp
    tokens/tokenformat.h tokens/tokenformat.cpp
    tokens/secretsjob.h tokens/secretsjob.cpp
)
