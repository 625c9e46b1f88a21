#ifndef ML_CONNECTOR_CLIBXML2_SHIM_H
#define ML_CONNECTOR_CLIBXML2_SHIM_H
// xmlversion.h first, then drop ICU: the system ICU headers clash with Foundation's
// bundled ICU ("UErrorCode has different definitions").
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

// libxml2 reports some problems (an encoding that cannot be converted) through its generic
// error function, which prints to stderr and is per thread. The parser collects errors through
// its structured handler; this silences the generic one on the calling thread. A C function,
// because the handler is variadic.
static void mlc_xml_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void mlc_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, mlc_xml_ignore_generic_error);
}
#endif
