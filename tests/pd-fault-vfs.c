/* pd-fault-vfs.c — a SQLite VFS that fails the Nth write, sync or truncate (tests only)
 *
 * Each file of this VFS is a FaultFile whose real (unix VFS) file lives right after it in
 * the same allocation (szOsFile covers both); every method forwards to the real file, and
 * the three that change what is on disk ask should_fail() first. Single-threaded tests
 * only: the counters are plain globals.
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pd-fault-vfs.h"

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static gboolean real_sync = TRUE;

static PdFaultOps armed_ops;
static gint64 armed_n;
static gboolean armed_persistent;
static gboolean fired;
static gint64 calls;

static gboolean
should_fail (PdFaultOps op)
{
  if ((armed_ops & op) == 0)
    return FALSE;
  calls++;
  if (fired)
    return armed_persistent;
  if (calls == armed_n)
    {
      fired = TRUE;
      return TRUE;
    }
  return FALSE;
}

#define REAL(file) (((FaultFile *) (file))->real)

static int
fault_close (sqlite3_file *file)
{
  sqlite3_file *real = REAL (file);
  int rc = real->pMethods != NULL ? real->pMethods->xClose (real) : SQLITE_OK;

  file->pMethods = NULL;
  return rc;
}

static int
fault_read (sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buf, amount, offset);
}

static int
fault_write (sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset)
{
  if (should_fail (PD_FAULT_WRITE))
    return SQLITE_IOERR_WRITE;
  return REAL (file)->pMethods->xWrite (REAL (file), buf, amount, offset);
}

static int
fault_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  if (should_fail (PD_FAULT_TRUNCATE))
    return SQLITE_IOERR_TRUNCATE;
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
fault_sync (sqlite3_file *file, int flags)
{
  if (should_fail (PD_FAULT_SYNC))
    return SQLITE_IOERR_FSYNC;
  if (!real_sync)
    return SQLITE_OK;
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
fault_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
fault_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
fault_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
fault_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
fault_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
fault_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
fault_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
fault_shm_map (sqlite3_file *file, int page, int page_size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, page_size, extend, out);
}

static int
fault_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
fault_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
fault_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
fault_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
fault_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *p)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, p);
}

/* Version 3, as the unix VFS's files are: WAL needs the shared-memory methods. */
static const sqlite3_io_methods fault_io_methods = {
  3,
  fault_close,
  fault_read,
  fault_write,
  fault_truncate,
  fault_sync,
  fault_file_size,
  fault_lock,
  fault_unlock,
  fault_check_reserved_lock,
  fault_file_control,
  fault_sector_size,
  fault_device_characteristics,
  fault_shm_map,
  fault_shm_lock,
  fault_shm_barrier,
  fault_shm_unmap,
  fault_fetch,
  fault_unfetch,
};

static int
fault_open (sqlite3_vfs   *vfs,
            const char    *name,
            sqlite3_file  *file,
            int            flags,
            int           *out_flags)
{
  FaultFile *fault_file = (FaultFile *) file;
  int rc;

  fault_file->real = (sqlite3_file *) (fault_file + 1);
  rc = real_vfs->xOpen (real_vfs, name, fault_file->real, flags, out_flags);
  /* SQLite calls xClose only when pMethods is set, so set it only on success. */
  file->pMethods = (rc == SQLITE_OK && fault_file->real->pMethods != NULL) ? &fault_io_methods : NULL;
  g_assert (fault_file->real->pMethods == NULL || fault_file->real->pMethods->iVersion >= 3);
  return rc;
}

static int
fault_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
fault_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
fault_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static void *
fault_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
fault_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void (*fault_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
fault_dl_close (sqlite3_vfs *vfs, void *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
fault_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
fault_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
fault_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
fault_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
fault_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

void
pd_fault_vfs_register (gboolean make_default)
{
  if (real_vfs == NULL)
    {
      real_vfs = sqlite3_vfs_find ("unix");
      g_assert_nonnull (real_vfs);
      g_assert_cmpint (real_vfs->iVersion, >=, 2);

      fault_vfs.iVersion = 2;
      fault_vfs.szOsFile = (int) sizeof (FaultFile) + real_vfs->szOsFile;
      fault_vfs.mxPathname = real_vfs->mxPathname;
      fault_vfs.zName = "pd-fault";
      fault_vfs.xOpen = fault_open;
      fault_vfs.xDelete = fault_delete;
      fault_vfs.xAccess = fault_access;
      fault_vfs.xFullPathname = fault_full_pathname;
      fault_vfs.xDlOpen = fault_dl_open;
      fault_vfs.xDlError = fault_dl_error;
      fault_vfs.xDlSym = fault_dl_sym;
      fault_vfs.xDlClose = fault_dl_close;
      fault_vfs.xRandomness = fault_randomness;
      fault_vfs.xSleep = fault_sleep;
      fault_vfs.xCurrentTime = fault_current_time;
      fault_vfs.xGetLastError = fault_get_last_error;
      fault_vfs.xCurrentTimeInt64 = fault_current_time_int64;
      g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, make_default), ==, SQLITE_OK);
      return;
    }
  pd_fault_vfs_set_default (make_default);
}

void
pd_fault_vfs_set_default (gboolean fault)
{
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (sqlite3_vfs_register (fault ? &fault_vfs : real_vfs, 1), ==, SQLITE_OK);
}

void
pd_fault_vfs_set_real_sync (gboolean sync)
{
  real_sync = sync;
}

void
pd_fault_vfs_arm (gint64      n,
                  PdFaultOps  ops,
                  gboolean    persistent)
{
  g_assert_cmpint (n, >=, 1);
  armed_n = n;
  armed_ops = ops;
  armed_persistent = persistent;
  fired = FALSE;
  calls = 0;
}

void
pd_fault_vfs_disarm (void)
{
  armed_ops = 0;
}

gboolean
pd_fault_vfs_fired (void)
{
  return fired;
}

gint64
pd_fault_vfs_calls (void)
{
  return calls;
}
