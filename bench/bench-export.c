/* bench-export.c — the board pack's writing time (bench/README.md, "Export")
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two figures, each the best of N runs in wall-clock and processor time:
 *   pack  the demo workspace's full board pack (pd_board_pack_write), the workspace built
 *         afresh into the run's folder (a kept one from an older schema could not be
 *         opened read-only);
 *   rows  a data sheet of ROWS rows × 6 columns through the workbook layer
 *         (pd-export-workbook.c): a heading, a table over the rows, dates, text, numbers,
 *         money and percentages. bench/bench-export-xlsxwriter.py writes the same cells
 *         with XlsxWriter; bench/bench-export runs both and prints the ratio.
 *
 * Usage: bench-export [--runs N] [--rows ROWS] [--only pack|rows] [--keep DIR]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "export/pd-board-pack.h"
#include "export/pd-export-workbook.h"
#include "import/pd-demo.h"
#include "store/pd-workspace.h"

/* The generated row @i, the same arithmetic as bench-export-xlsxwriter.py's row(). */
#define BENCH_MONTHS 60
#define BENCH_PROVIDERS 200
#define BENCH_INDICATORS 500

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gboolean
write_rows (const char *path,
            guint       rows,
            GError    **error)
{
  static const char * const headers[] = {
    "Month", "Provider", "Indicator", "Value", "Spend", "Share", NULL
  };
  g_autoptr(PdExportWorkbook) book = pd_export_workbook_new (path, "OFFICIAL", error);
  const PdExportFormats *f;
  PdExportSheet *sheet;
  lxw_row_t header_row;
  g_autofree char *table = NULL;

  if (book == NULL)
    return FALSE;
  f = pd_export_workbook_get_formats (book);
  sheet = pd_export_workbook_add_sheet (book, "Data", "Generated rows");
  pd_export_write_heading (book, sheet, "bench-export: generated rows", NULL);
  header_row = sheet->row;
  sheet->freeze_row = header_row + 1;
  for (guint c = 0; headers[c] != NULL; c++)
    pd_export_write_text (book, sheet, header_row, c, headers[c], f->header);
  for (guint i = 0; i < rows; i++)
    {
      lxw_row_t r = header_row + 1 + i;
      guint m = i % BENCH_MONTHS;
      char date[16], provider[16], indicator[32];

      g_snprintf (date, sizeof date, "%04u-%02u-01", 2007 + (m + 3) / 12, (m + 3) % 12 + 1);
      g_snprintf (provider, sizeof provider, "RX%03u", i % BENCH_PROVIDERS);
      g_snprintf (indicator, sizeof indicator, "Indicator %u", (i / BENCH_MONTHS) % BENCH_INDICATORS);
      pd_export_write_date (book, sheet, r, 0, date, f->month);
      pd_export_write_text (book, sheet, r, 1, provider, NULL);
      pd_export_write_text (book, sheet, r, 2, indicator, NULL);
      pd_export_write_number (book, sheet, r, 3, (double) (((guint64) i * 7919) % 10007) / 100.0,
                              f->number);
      pd_export_write_pence (book, sheet, r, 4, (gint64) (((guint64) i * 104729) % 100000000) - 20000000);
      pd_export_write_number (book, sheet, r, 5, (double) (i % 1000u) / 1000.0, f->percent);
    }
  sheet->row = header_row + 1 + rows;
  table = pd_export_workbook_add_table (book, sheet, "Data", header_row, 0, sheet->row - 1,
                                        headers);
  /* A refused table is recorded in the workbook; closing reports it. */
  return pd_export_workbook_close (book, error);
}

typedef gboolean (*BenchFunc) (gpointer data, const char *path, GError **error);

typedef struct
{
  PdWorkspace *workspace;
  guint        rows;
} BenchData;

static gboolean
run_pack (gpointer    user_data,
          const char *path,
          GError    **error)
{
  BenchData *data = user_data;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2012, 4, 20, 9, 30, 0);
  PdBoardPackOptions options;

  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  options.marking = "OFFICIAL";
  options.generated_at = at;
  return pd_board_pack_write (data->workspace, &options, path, NULL, error);
}

static gboolean
run_rows (gpointer    user_data,
          const char *path,
          GError    **error)
{
  BenchData *data = user_data;

  return write_rows (path, data->rows, error);
}

static gboolean
bench (const char *label,
       BenchFunc   func,
       gpointer    data,
       const char *path,
       guint       runs)
{
  double best_wall = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;
  GStatBuf st;

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_seconds ();

      if (!func (data, path, &error))
        {
          g_printerr ("bench-export: %s: %s\n", label, error->message);
          return FALSE;
        }
      best_wall = MIN (best_wall, (g_get_monotonic_time () - t0) / 1e6);
      best_cpu = MIN (best_cpu, cpu_seconds () - c0);
    }
  if (g_stat (path, &st) != 0)
    st.st_size = 0;
  /* One line per figure, "name wall cpu bytes", for bench/bench-export to read. */
  g_print ("%s %.4f %.4f %ld\n", label, best_wall, best_cpu, (long) st.st_size);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  int runs = 5, rows = 100000;
  g_autofree char *only = NULL, *keep = NULL;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure; the best is printed (5)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows in the data sheet (100000)", "ROWS" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only one figure: pack or rows", "WHICH" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write the files into DIR and keep them", "DIR" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the board pack's writing");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *workspace_path = NULL, *pack = NULL, *data_path = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  BenchData data = { 0 };
  gboolean ok = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-export: %s\n", error->message);
      return 2;
    }
  if (runs < 1 || rows < 1 || rows > 1000000 ||
      (only != NULL && strcmp (only, "pack") != 0 && strcmp (only, "rows") != 0))
    {
      g_printerr ("bench-export: --runs and --rows must be positive (rows at most 1000000), "
                  "--only pack or rows\n");
      return 2;
    }
  dir = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("bench-export-XXXXXX", &error);
  if (dir == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("bench-export: cannot make a folder for the files: %s\n",
                  error != NULL ? error->message : keep);
      return 1;
    }
  pack = g_build_filename (dir, "pack.xlsx", NULL);
  data_path = g_build_filename (dir, "rows.xlsx", NULL);
  data.rows = rows;

  if (only == NULL || strcmp (only, "pack") == 0)
    {
      workspace_path = g_build_filename (dir, "demo.pctdash", NULL);
      g_unlink (workspace_path);
      if (!pd_demo_build (NULL, workspace_path, NULL, NULL, NULL, &error))
        {
          g_printerr ("bench-export: building the demo workspace %s: %s\n", workspace_path,
                      error->message);
          return 1;
        }
      workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
      if (workspace == NULL)
        {
          g_printerr ("bench-export: %s: %s\n", workspace_path, error->message);
          return 1;
        }
      data.workspace = workspace;
      ok = bench ("pack", run_pack, &data, pack, runs) && ok;
    }
  if (ok && (only == NULL || strcmp (only, "rows") == 0))
    ok = bench ("rows", run_rows, &data, data_path, runs);

  if (keep == NULL)
    {
      if (workspace_path != NULL)
        g_unlink (workspace_path);
      g_unlink (pack);
      g_unlink (data_path);
      g_rmdir (dir);
    }
  return ok ? 0 : 1;
}
