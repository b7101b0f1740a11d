// Links every object of tokenwright_core (whole archive) into a program of its own, so that
// what the core needs at run time can be read from the binary: the core must never need
// QtGui or QtWidgets (check_core_links.cmake).
#include "profiles/profilestore.h"

int main()
{
    return tw::ProfileStore::FormatVersion == 1 ? 0 : 1;
}
