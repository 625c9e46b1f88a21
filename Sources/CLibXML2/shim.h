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
#endif
