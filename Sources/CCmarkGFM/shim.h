#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
// cmark_chunk: the bytes an inline extension scans.
#include <cmark-gfm/chunk.h>
