#ifndef TAPNIRS_CHDF5_SHIM_H
#define TAPNIRS_CHDF5_SHIM_H
/* Debian's libhdf5-dev (serial build): headers under /usr/include/hdf5/serial. */
#include "/usr/include/hdf5/serial/hdf5.h"

/* HDF5's constants are macros (casts, or reads of globals after H5open) that Swift cannot
   import: these functions hand them over as plain values. */
static inline hid_t tapnirs_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t tapnirs_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t tapnirs_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline unsigned tapnirs_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline hid_t tapnirs_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t tapnirs_H5T_C_S1(void) { return H5T_C_S1; }
static inline size_t tapnirs_H5T_VARIABLE(void) { return H5T_VARIABLE; }
/* For writing (tests, a future SNIRF writer). */
static inline unsigned tapnirs_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline hid_t tapnirs_H5T_STD_I32LE(void) { return H5T_STD_I32LE; }

/* Frees the strings a variable-length string read allocated. H5Treclaim is declared by
   1.10.8's headers but only exported from 1.12 on; H5Dvlen_reclaim is its older name. */
static inline herr_t tapnirs_H5_reclaim(hid_t type, hid_t space, void *buffer) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
    return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

/* Stops HDF5 printing its error stack to stderr (the program runs under ncurses); failures
   are still reported through return values. Per thread in a thread-safe build. */
static inline void tapnirs_H5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/* For the SNIRF writer (Sources/TapIO/Export): create without replacing, file and memory types. */
static inline unsigned tapnirs_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline hid_t tapnirs_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t tapnirs_H5T_NATIVE_INT(void) { return H5T_NATIVE_INT; }

/* Chunked datasets that grow along their first dimension (recordings of any length written
   in pieces), and creation lists that leave out object times (the same session exports to
   the same bytes). */
static inline hid_t tapnirs_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t tapnirs_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t tapnirs_H5P_DATASET_XFER(void) { return H5P_DATASET_XFER; }
static inline hsize_t tapnirs_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }

/* A file held in memory only (the core driver, no backing store): HDF5Writer.warmUp. */
static inline hid_t tapnirs_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }

#endif
