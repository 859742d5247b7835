// zlib (Debian: zlib1g-dev), for gzip-encoding cached documents.
#include <zlib.h>
