/* pd-table.c — the error domain and column names shared by the readers
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-table.h"

G_DEFINE_QUARK (pd-import-error-quark, pd_import_error)

/**
 * pd_column_name:
 * @column: a 1-based column number
 *
 * Returns: (transfer full): the column's spreadsheet name: 1 is "A", 27 is "AA".
 */
char *
pd_column_name (guint column)
{
  char buf[16];
  int i = G_N_ELEMENTS (buf) - 1;

  g_return_val_if_fail (column > 0, g_strdup ("?"));

  buf[i] = '\0';
  while (column > 0 && i > 0)
    {
      column--;
      buf[--i] = 'A' + (column % 26);
      column /= 26;
    }

  return g_strdup (&buf[i]);
}
