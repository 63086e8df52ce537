#ifndef TAPNIRS_CHDF5_SHIM_H
#define TAPNIRS_CHDF5_SHIM_H
/* Debian's libhdf5-dev (serial build): headers under /usr/include/hdf5/serial. */
#include "/usr/include/hdf5/serial/hdf5.h"
#endif
