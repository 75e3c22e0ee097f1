/* pd-xlsx-reader.h — a small, guarded reader of Excel workbooks (.xlsx)
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pd-table.h"

G_BEGIN_DECLS

/* Caps that keep a hostile or broken workbook from exhausting memory or time. A zero field
 * takes its default. */
typedef struct
{
  guint64 max_uncompressed;    /* uncompressed bytes of the parts read (sheets, shared
                                * strings, styles) together; default 1 GiB */
  double  max_ratio;           /* uncompressed / compressed size of any part read that is
                                * over 1 MiB uncompressed; default 200 */
  gsize   max_shared_strings;  /* bytes of shared-string text held in memory; default 256 MiB */
  guint   max_columns;         /* highest column accepted; default 16384 (XFD), which is
                                * also the most allowed. Every row is delivered as dense
                                * cells up to its last value, so an importer that knows its
                                * tables are narrow does well to pass a lower cap. */
} PdXlsxLimits;

typedef struct _PdXlsxBook PdXlsxBook;

PdXlsxBook *pd_xlsx_book_open           (const char          *path,
                                         const PdXlsxLimits  *limits,
                                         GError             **error);
guint       pd_xlsx_book_get_n_sheets   (PdXlsxBook          *book);
const char *pd_xlsx_book_get_sheet_name (PdXlsxBook          *book,
                                         guint                index);
gboolean    pd_xlsx_book_uses_1904      (PdXlsxBook          *book);
gboolean    pd_xlsx_book_read_sheet     (PdXlsxBook          *book,
                                         guint                index,
                                         PdRowFunc            func,
                                         gpointer             user_data,
                                         GCancellable        *cancellable,
                                         GError             **error);
void        pd_xlsx_book_free           (PdXlsxBook          *book);

gboolean    pd_xlsx_is_xlsx_file        (const char          *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdXlsxBook, pd_xlsx_book_free)

G_END_DECLS
