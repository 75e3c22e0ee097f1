/* bench-csv.c — how fast the CSV reader and the value parsers get through a big spend file
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-csv [ROWS] [FILE]
 *
 * Writes a spend CSV of ROWS rows (default 1,000,000) to FILE (default a temporary file,
 * removed afterwards) in the shape the importer sees, then times three passes over it:
 * decoding and parsing only; the same with every cell parsed as the spend kind needs
 * (financial year, month, money); and the same file in Windows-1252, which goes through
 * the conversion. Prints one line per pass with seconds, rows per second and MB/s.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "import/pd-csv-reader.h"
#include "import/pd-parse.h"

static const char * const categories[] = {
  "Acute contracts", "Community nursing", "Health visiting", "Mental health",
  "Primary care", "Prescribing", "Continuing care", "Learning disabilities",
  "Maternity", "Ambulance services", "Independent sector", "Public health",
};

static const char * const months[] = {
  "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
};

typedef struct
{
  gboolean parse_values;
  guint64  rows;
  gint64   total_pence;
} Totals;

static gboolean
count_cb (const PdRow *row,
          gpointer     user_data,
          GError     **error)
{
  Totals *totals = user_data;
  gint64 pence;
  int fy, year, month;

  totals->rows++;
  if (!totals->parse_values || row->number == 1)
    return TRUE;

  if (row->n_cells != 6)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, "row %" G_GUINT64_FORMAT
                   " has %u cells", row->number, row->n_cells);
      return FALSE;
    }
  if (!pd_parse_financial_year (row->cells[1].text, &fy, error)
      || !pd_parse_month (row->cells[2].text, fy, &year, &month, error)
      || !pd_parse_money_pence (row->cells[5].text, &pence, error))
    return FALSE;
  totals->total_pence += pence;
  return TRUE;
}

static void
write_spend (const char *path,
             guint64     n_rows,
             gboolean    windows_1252)
{
  FILE *f = g_fopen (path, "wb");
  /* "£" as the file's encoding writes it. */
  const char *pound = windows_1252 ? "\xa3" : "\xc2\xa3";
  guint32 state = 12345;

  if (f == NULL)
    g_error ("cannot write %s", path);
  fputs ("commissioner,year,month,category,provider,amount\r\n", f);
  for (guint64 i = 0; i < n_rows; i++)
    {
      guint32 pence;
      int fy = 2007 + (i / 12) % 5;

      state = state * 1103515245 + 12345;
      pence = (state >> 8) % 250000000;
      fprintf (f, "5Q%c,%d/%02d,%s,%s,R%c%c,\"%s%u,%03u.%02u\"\r\n",
               'A' + (int) (i % 10), fy, (fy + 1) % 100, months[i % 12],
               categories[(i / 60) % G_N_ELEMENTS (categories)],
               'A' + (int) (i % 23), 'X' + (int) (i % 3), pound,
               pence / 100000, (pence / 100) % 1000, pence % 100);
    }
  if (fclose (f) != 0)
    g_error ("cannot write %s", path);
}

static void
run_pass (const char *label,
          const char *path,
          gboolean    parse_values)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *encoding = NULL;
  Totals totals = { parse_values, 0, 0 };
  GStatBuf st;
  gint64 start, end;
  double seconds;

  g_stat (path, &st);
  start = g_get_monotonic_time ();
  if (!pd_csv_read_file (path, NULL, count_cb, &totals, &encoding, NULL, &error))
    g_error ("%s", error->message);
  end = g_get_monotonic_time ();
  seconds = (end - start) / 1e6;

  printf ("%-34s %-13s %9" G_GUINT64_FORMAT " rows  %6.3f s  %10.0f rows/s  %7.1f MB/s",
          label, encoding, totals.rows, seconds, totals.rows / seconds,
          st.st_size / 1e6 / seconds);
  if (parse_values)
    printf ("  total £%" G_GINT64_FORMAT ".%02d", totals.total_pence / 100,
            (int) (totals.total_pence % 100));
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_rows = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = NULL;
  g_autofree char *utf8_path = NULL;
  g_autofree char *cp1252_path = NULL;

  if (argc > 2)
    {
      utf8_path = g_strdup (argv[2]);
      cp1252_path = g_strconcat (argv[2], ".cp1252", NULL);
    }
  else
    {
      dir = g_dir_make_tmp ("pctdash-bench-XXXXXX", NULL);
      utf8_path = g_build_filename (dir, "spend.csv", NULL);
      cp1252_path = g_build_filename (dir, "spend-1252.csv", NULL);
    }

  write_spend (utf8_path, n_rows, FALSE);
  write_spend (cp1252_path, n_rows, TRUE);

  run_pass ("read (decode + CSV)", utf8_path, FALSE);
  run_pass ("read + parse year, month, money", utf8_path, TRUE);
  run_pass ("read + parse, Windows-1252", cp1252_path, TRUE);

  if (dir != NULL)
    {
      g_unlink (utf8_path);
      g_unlink (cp1252_path);
      g_rmdir (dir);
    }
  else
    g_unlink (cp1252_path);
  return EXIT_SUCCESS;
}
