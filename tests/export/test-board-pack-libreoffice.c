/* test-board-pack-libreoffice.c — LibreOffice opens the demo pack, prints it and saves it
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A third reader: headless LibreOffice (libreoffice-calc-nogui) converts the pack to PDF,
 * every page A4 landscape, and re-saves it as xlsx, whose cells the importer's reader
 * finds equal to the workspace's. tests/export/meson.build adds this test only where
 * soffice is installed ($PD_SOFFICE).
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "domain/pd-spend.h"
#include "export/pd-board-pack.h"
#include "import/pd-demo.h"
#include "import/pd-xlsx-reader.h"
#include "pd-test-util.h"

static char *scratch;
static char *workspace_path;
static char *pack_path;

static void
convert (const char *format,
         const char *out_dir)
{
  g_autofree char *profile = g_strdup_printf ("-env:UserInstallation=file://%s/profile", scratch);
  const char *argv[] = { g_getenv ("PD_SOFFICE"), profile, "--headless", "--convert-to", format,
                         "--outdir", out_dir, pack_path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("soffice --convert-to %s failed:\n%s%s", format, out, err);
}

static void
test_pdf (void)
{
  g_autofree char *out_dir = g_build_filename (scratch, "pdf", NULL);
  g_autofree char *pdf = g_build_filename (out_dir, "pack.pdf", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GRegex) media_box = g_regex_new ("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)"
                                              "\\s+([0-9.]+)\\s*\\]", G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n_pages = 0;
  gsize len;

  convert ("pdf", out_dir);
  bytes = pd_test_read_file (pdf, &len);
  g_assert_cmpmem (bytes, 5, "%PDF-", 5);
  g_regex_match_full (media_box, bytes, len, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      g_autofree char *width = g_match_info_fetch (match, 1);
      g_autofree char *height = g_match_info_fetch (match, 2);

      /* A4 landscape: 297 × 210 mm is 841.9 × 595.3 points. */
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (width, NULL), 841.89, 0.01);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (height, NULL), 595.30, 0.01);
      n_pages++;
      g_match_info_next (match, NULL);
    }
  /* At least a page for each of the 13 sheets. */
  g_assert_cmpuint (n_pages, >=, 13);
}

typedef struct
{
  guint64  row;
  guint    column;
  char    *text;
} Wanted;

static gboolean
find_cell_cb (const PdRow *row,
              gpointer     user_data,
              GError     **error)
{
  Wanted *wanted = user_data;

  if (row->number == wanted->row && wanted->column < row->n_cells)
    wanted->text = g_strdup (row->cells[wanted->column].text);
  return TRUE;
}

static char *
cell_text (PdXlsxBook *book,
           const char *sheet,
           guint64     row,
           guint       column)
{
  g_autoptr(GError) error = NULL;
  Wanted wanted = { row, column, NULL };

  for (guint i = 0; i < pd_xlsx_book_get_n_sheets (book); i++)
    if (g_strcmp0 (pd_xlsx_book_get_sheet_name (book, i), sheet) == 0)
      {
        g_assert_true (pd_xlsx_book_read_sheet (book, i, find_cell_cb, &wanted, NULL, &error));
        g_assert_no_error (error);
      }
  return wanted.text;
}

/* LibreOffice reads every sheet and the cells as we wrote them: text as text, money to
 * the penny. */
static void
test_resave (void)
{
  g_autofree char *out_dir = g_build_filename (scratch, "xlsx", NULL);
  g_autofree char *resaved = g_build_filename (out_dir, "pack.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxBook) book = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdSpendMix) mix = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *category = NULL;
  g_autofree char *first_amount = NULL;
  const PdSpendCell *cell = NULL;
  int r;

  convert ("xlsx:Calc MS Excel 2007 XML", out_dir);
  book = pd_xlsx_book_open (resaved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), ==, 13);
  g_assert_cmpstr (pd_xlsx_book_get_sheet_name (book, 12), ==, "Data sources and notes");

  organisation = cell_text (book, "Cover", 5, 1);
  g_assert_cmpstr (organisation, ==, "Northvale PCT (5Z1)");

  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  mix = pd_spend_mix_query (workspace, 2011, 2011, NULL, &error);
  g_assert_no_error (error);
  r = pd_spend_mix_find_row (mix, "5Z1", -1);
  category = cell_text (book, "Spend mix", 7, 0);
  for (guint c = 0; c < mix->categories->len && cell == NULL; c++)
    if (pd_spend_mix_cell (mix, r, c)->n_rows > 0)
      {
        cell = pd_spend_mix_cell (mix, r, c);
        g_assert_cmpstr (category, ==, g_ptr_array_index (mix->categories, c));
      }
  first_amount = cell_text (book, "Spend mix", 7, 1);
  g_assert_cmpfloat (g_ascii_strtod (first_amount, NULL), ==, cell->amount_pence / 100.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2012, 4, 20, 9, 30, 0);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autofree char *demo_dir = NULL;
  PdBoardPackOptions options;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("PD_SOFFICE") == NULL)
    g_error ("PD_SOFFICE is not set: run through meson test");

  scratch = pd_test_scratch_new ();
  workspace_path = g_build_filename (scratch, "demo.pctdash", NULL);
  demo_dir = pd_test_demo_path (".", NULL);
  if (!pd_demo_build (demo_dir, workspace_path, NULL, NULL, NULL, &error))
    g_error ("could not build the demo workspace: %s", error->message);
  pack_path = g_build_filename (scratch, "pack.xlsx", NULL);
  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  pd_board_pack_options_init (&options);
  options.commissioner = "5Z1";
  options.year = 2011;
  options.generated_at = at;
  if (!pd_board_pack_write (workspace, &options, pack_path, NULL, &error))
    g_error ("could not write the pack: %s", error->message);
  g_clear_object (&workspace);

  g_test_add_func ("/pctdash/export/libreoffice/pdf", test_pdf);
  g_test_add_func ("/pctdash/export/libreoffice/resave", test_resave);
  status = g_test_run ();

  g_free (pack_path);
  g_free (workspace_path);
  pd_test_scratch_free (scratch);
  return status;
}
