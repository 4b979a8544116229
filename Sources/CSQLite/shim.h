// The system's SQLite (Debian: libsqlite3-dev), for the desk log (QingdanDesk).
// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import.
#ifndef QINGDAN_CSQLITE_SHIM_H
#define QINGDAN_CSQLITE_SHIM_H

#include <sqlite3.h>

static inline sqlite3_destructor_type qd_sqlite_transient(void) { return SQLITE_TRANSIENT; }

#endif
