// SHA-256 from the system's libcrypto (Debian: libssl-dev).
#include <openssl/evp.h>
