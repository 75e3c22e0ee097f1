/* test-pack-snapshot.c — board pack snapshots: saved, listed, regenerated with the same
 * cells, changes since the previous pack, and the stored SPC changes the pack applies
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test builds its own copy of the demo workspace, since snapshots write to it.
 */

#define _GNU_SOURCE
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <sqlite3.h>

#include "domain/pd-indicators.h"
#include "domain/pd-spc-changes.h"
#include "export/pd-board-pack.h"
#include "export/pd-pack-snapshot.h"
#include "import/pd-demo.h"
#include "import/pd-xlsx-reader.h"
#include "stats/pd-spc.h"
#include "pd-test-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

static char *scratch;
static char *demo_path;   /* built once; each test copies it */

/* A fresh copy of the demo workspace, writable. */
static PdWorkspace *
copy_demo (const char *name,
           char      **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scratch, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (demo_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  PdWorkspace *workspace;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return workspace;
}

/* Every part of the zip, by name. */
static GHashTable *
read_parts (const char *xlsx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (xlsx, &error);
  g_autoptr(GsfInfile) zip = NULL;
  GHashTable *parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_bytes_unref);
  GPtrArray *stack = g_ptr_array_new ();
  GPtrArray *prefixes = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  g_ptr_array_add (stack, g_object_ref (zip));
  g_ptr_array_add (prefixes, g_strdup (""));
  while (stack->len > 0)
    {
      GsfInfile *dir = g_ptr_array_steal_index (stack, stack->len - 1);
      char *prefix = g_ptr_array_steal_index (prefixes, prefixes->len - 1);

      for (int i = 0; i < gsf_infile_num_children (dir); i++)
        {
          g_autoptr(GsfInput) child = gsf_infile_child_by_index (dir, i);
          g_autofree char *name = g_strdup_printf ("%s%s", prefix,
                                                   gsf_infile_name_by_index (dir, i));

          if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
            {
              g_ptr_array_add (stack, g_object_ref (child));
              g_ptr_array_add (prefixes, g_strdup_printf ("%s/", name));
            }
          else
            {
              gsf_off_t size = gsf_input_size (child);
              guint8 *data = g_malloc (MAX (size, 1));

              g_assert_nonnull (gsf_input_read (child, size, data));
              g_hash_table_insert (parts, g_steal_pointer (&name),
                                   g_bytes_new_take (data, size));
            }
        }
      g_object_unref (dir);
      g_free (prefix);
    }
  g_ptr_array_unref (stack);
  g_ptr_array_unref (prefixes);
  return parts;
}

/* Two packs have the same parts, byte for byte, but docProps/core.xml (its dates). */
static void
assert_same_parts (const char *a,
                   const char *b)
{
  g_autoptr(GHashTable) parts_a = read_parts (a);
  g_autoptr(GHashTable) parts_b = read_parts (b);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (parts_a), ==, g_hash_table_size (parts_b));
  g_assert_cmpuint (g_hash_table_size (parts_a), >, 10);
  g_hash_table_iter_init (&iter, parts_a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GBytes *other = g_hash_table_lookup (parts_b, key);

      g_assert_nonnull (other);
      if (strcmp (key, "docProps/core.xml") == 0)
        continue;
      if (!g_bytes_equal (value, other))
        g_error ("%s differs between %s and %s", (const char *) key, a, b);
    }
}

/* Cells of one sheet: "B7" → text. */
typedef struct
{
  GHashTable *cells;
} Cells;

static gboolean
read_row_cb (const PdRow *row,
             gpointer     user_data,
             GError     **error)
{
  GHashTable *cells = user_data;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_autofree char *column = NULL;

      if (row->cells[i].type == PD_CELL_EMPTY)
        continue;
      column = pd_column_name (i + 1);
      g_hash_table_insert (cells, g_strdup_printf ("%s%" G_GUINT64_FORMAT, column, row->number),
                           g_strdup (row->cells[i].text));
    }
  return TRUE;
}

static GHashTable *
read_sheet (const char *xlsx,
            const char *sheet)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdXlsxBook) book = pd_xlsx_book_open (xlsx, NULL, &error);
  GHashTable *cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < pd_xlsx_book_get_n_sheets (book); i++)
    if (g_strcmp0 (pd_xlsx_book_get_sheet_name (book, i), sheet) == 0)
      {
        g_assert_true (pd_xlsx_book_read_sheet (book, i, read_row_cb, cells, NULL, &error));
        g_assert_no_error (error);
        return cells;
      }
  g_error ("%s has no sheet %s", xlsx, sheet);
}

static const char *
cell (GHashTable *cells,
      const char *column,
      guint       row)
{
  g_autofree char *ref = g_strdup_printf ("%s%u", column, row);
  return g_hash_table_lookup (cells, ref);
}

/* The row holding @text in column @column, or 0. */
static guint
find_row (GHashTable *cells,
          const char *column,
          const char *text,
          guint       from)
{
  for (guint row = from; row < 2000; row++)
    if (g_strcmp0 (cell (cells, column, row), text) == 0)
      return row;
  return 0;
}

/* The scorecard row of @indicator at @provider. */
static guint
scorecard_row (GHashTable *scorecard,
               const char *provider,
               const char *indicator)
{
  for (guint row = 8; cell (scorecard, "A", row) != NULL; row++)
    if (g_strcmp0 (cell (scorecard, "A", row), provider) == 0 &&
        g_strcmp0 (cell (scorecard, "D", row), indicator) == 0)
      return row;
  return 0;
}

static int
run_cli (const char * const *args,
         char              **out_stdout,
         char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PD_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static guint
count_pages (const char *bytes,
             gsize       len)
{
  guint n = 0;

  for (const char *p = bytes; p != NULL && p < bytes + len;)
    {
      p = memmem (p, bytes + len - p, "/MediaBox", 9);
      if (p != NULL)
        {
          n++;
          p += 9;
        }
    }
  return n;
}

static void
options_for_test (PdBoardPackOptions *options)
{
  pd_board_pack_options_init (options);
  options->commissioner = "5Z1";
  options->year = 2011;
  options->charts = FALSE;
}

/* A snapshot regenerated gives the same parts, even after the workspace's stored SPC
 * changes moved on: the snapshot keeps those it was made with. */
static void
test_regenerate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = copy_demo ("regenerate.pctdash", NULL);
  g_autofree char *first = g_build_filename (scratch, "first.xlsx", NULL);
  g_autofree char *again = g_build_filename (scratch, "again.xlsx", NULL);
  g_autofree char *later = g_build_filename (scratch, "later.xlsx", NULL);
  g_autofree char *first_pdf = g_build_filename (scratch, "first.pdf", NULL);
  g_autofree char *again_pdf = g_build_filename (scratch, "again.pdf", NULL);
  g_autoptr(PdPackSnapshot) snapshot = NULL;
  g_autoptr(GHashTable) sources = NULL;
  g_autofree char *first_bytes = NULL;
  g_autofree char *again_bytes = NULL;
  PdBoardPackOptions options;
  gboolean regenerated = TRUE;
  gsize first_len = 0, again_len = 0;

  g_assert_cmpint (pd_spc_changes_add (workspace, "FALLS", "R9A", PD_SPC_CHANGE_ANNOTATION,
                                       "2011-06-01", "New falls policy", &error), >, 0);
  g_assert_no_error (error);
  options_for_test (&options);
  options.narrative = "Falls are under review.";
  g_assert_true (pd_pack_snapshot_write (workspace, "November", &options, first, &regenerated,
                                         NULL, &error));
  g_assert_no_error (error);
  g_assert_false (regenerated);

  /* The stored parameters, read back. */
  snapshot = pd_pack_snapshot_load (workspace, "November", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (snapshot->commissioner, ==, "5Z1");
  g_assert_cmpint (snapshot->year, ==, 2011);
  g_assert_cmpstr (snapshot->provider, ==, "R9A");
  g_assert_cmpstr (snapshot->marking, ==, "OFFICIAL");
  g_assert_cmpstr (snapshot->narrative, ==, "Falls are under review.");
  g_assert_false (snapshot->charts);
  g_assert_cmpuint (snapshot->spc_changes->len, ==, 1);
  g_assert_cmpstr (((PdSpcChange *) g_ptr_array_index (snapshot->spc_changes, 0))->reason, ==,
                   "New falls policy");
  g_assert_nonnull (snapshot->scorecard);
  g_assert_nonnull (strstr (snapshot->scorecard, "\"indicator\":\"FALLS\""));
  g_assert_cmpuint (strlen (snapshot->workspace_sha256), ==, 64);

  /* The method notes list the change in force, with who recorded it and why. */
  sources = read_sheet (first, "Data sources and notes");
  {
    guint row = find_row (sources, "E", "New falls policy", 1);
    g_assert_cmpuint (row, >, 0);
    g_assert_cmpstr (cell (sources, "A", row), ==, "FALLS");
    g_assert_cmpstr (cell (sources, "B", row), ==, "R9A");
    g_assert_cmpstr (cell (sources, "C", row), ==, "Annotation");
    g_assert_cmpstr (cell (sources, "F", row), ==, g_get_user_name ());
  }

  g_assert_true (pd_pack_snapshot_write (workspace, "November", NULL, again, &regenerated,
                                         NULL, &error));
  g_assert_no_error (error);
  g_assert_true (regenerated);
  assert_same_parts (first, again);

  /* A change recorded since is not in the snapshot's pack. */
  g_assert_cmpint (pd_spc_changes_add (workspace, "FALLS", "R9A", PD_SPC_CHANGE_GHOST,
                                       "2011-07-01", "Miscoded month", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (pd_pack_snapshot_write (workspace, "November", NULL, later, &regenerated,
                                         NULL, &error));
  g_assert_no_error (error);
  assert_same_parts (first, later);

  /* A PDF snapshot regenerates to the same bytes: its time is the stored one. */
  options_for_test (&options);
  g_assert_true (pd_pack_snapshot_write (workspace, "November PDF", &options, first_pdf,
                                         &regenerated, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pd_pack_snapshot_write (workspace, "November PDF", NULL, again_pdf,
                                         &regenerated, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (regenerated);
  g_assert_true (g_file_get_contents (first_pdf, &first_bytes, &first_len, NULL));
  g_assert_true (g_file_get_contents (again_pdf, &again_bytes, &again_len, NULL));
  g_assert_cmpmem (first_bytes, first_len, again_bytes, again_len);
}

/* A value altered between two packs is listed in the second's "changes since". */
static void
test_changes_since (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PdWorkspace) workspace = copy_demo ("since.pctdash", &path);
  g_autofree char *before = g_build_filename (scratch, "before.xlsx", NULL);
  g_autofree char *after = g_build_filename (scratch, "after.xlsx", NULL);
  g_autofree char *same = g_build_filename (scratch, "same.xlsx", NULL);
  g_autoptr(GHashTable) summary = NULL;
  g_autoptr(GHashTable) scorecard = NULL;
  g_autoptr(GHashTable) before_scorecard = NULL;
  PdBoardPackOptions options;
  sqlite3 *db = pd_workspace_get_db (workspace);
  char *message = NULL;
  guint row, heading, n_rows = 0;
  double old_value, new_value;

  options_for_test (&options);
  g_assert_true (pd_pack_snapshot_write (workspace, "October", &options, before, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  before_scorecard = read_sheet (before, "Scorecard");
  row = scorecard_row (before_scorecard, "R9A", "FALLS");
  g_assert_cmpuint (row, >, 0);
  old_value = g_ascii_strtod (cell (before_scorecard, "G", row), NULL);

  /* The provider revises its latest falls rate. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE indicator_values SET value = value + 1.25 "
                                 "WHERE indicator = 'FALLS' AND provider = 'R9A' AND "
                                 "period_kind = 'month' AND period_start = '2012-03-01'",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);

  options_for_test (&options);
  g_assert_true (pd_pack_snapshot_write (workspace, "November", &options, after, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  scorecard = read_sheet (after, "Scorecard");
  new_value = g_ascii_strtod (cell (scorecard, "G", scorecard_row (scorecard, "R9A", "FALLS")),
                              NULL);
  g_assert_cmpfloat_with_epsilon (new_value, old_value + 1.25, 1e-9);

  summary = read_sheet (after, "Executive summary");
  heading = find_row (summary, "A", "Changes since the previous pack (snapshot “October” of "
                      "2026-12-04)", 1);
  if (heading == 0)
    {
      /* The date is today's: find the heading by its start. */
      for (guint r = 1; r < 200 && heading == 0; r++)
        if (g_str_has_prefix (cell (summary, "A", r) != NULL ? cell (summary, "A", r) : "",
                              "Changes since the previous pack (snapshot “October”"))
          heading = r;
    }
  g_assert_cmpuint (heading, >, 0);
  g_assert_cmpstr (cell (summary, "A", heading + 1), ==, "Provider");
  row = 0;
  for (guint r = heading + 2; cell (summary, "A", r) != NULL; r++)
    {
      n_rows++;
      if (g_strcmp0 (cell (summary, "A", r), "R9A") == 0 &&
          g_strcmp0 (cell (summary, "B", r), "FALLS") == 0)
        row = r;
    }
  g_assert_cmpuint (row, >, 0);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell (summary, "E", row), NULL), old_value,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell (summary, "I", row), NULL), new_value,
                                  1e-9);
  /* Only what changed: not every indicator. */
  g_assert_cmpuint (n_rows, <, 10);

  /* Against itself (by name), nothing changed. */
  options_for_test (&options);
  options.previous_snapshot = "November";
  g_assert_true (pd_board_pack_write (workspace, &options, same, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&summary, g_hash_table_unref);
  summary = read_sheet (same, "Executive summary");
  g_assert_cmpuint (find_row (summary, "A", "No indicator's variation, assurance or latest "
                              "value changed.", 1), >, 0);

  /* The PDF lists the changes on a page of their own, after the summary: one page more
   * against October than against itself. */
  {
    g_autofree char *against_october = g_build_filename (scratch, "october.pdf", NULL);
    g_autofree char *against_itself = g_build_filename (scratch, "itself.pdf", NULL);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    gsize a_len = 0, b_len = 0;

    options_for_test (&options);
    options.sections = PD_BOARD_PACK_SUMMARY;
    options.previous_snapshot = "October";
    g_assert_true (pd_board_pack_write_pdf (workspace, &options, against_october, NULL,
                                            &error));
    g_assert_no_error (error);
    options.previous_snapshot = "November";
    g_assert_true (pd_board_pack_write_pdf (workspace, &options, against_itself, NULL,
                                            &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (against_october, &a, &a_len, NULL));
    g_assert_true (g_file_get_contents (against_itself, &b, &b_len, NULL));
    g_assert_cmpuint (count_pages (a, a_len), ==, 4);
    g_assert_cmpuint (count_pages (b, b_len), ==, 3);
  }

  /* An unknown previous snapshot is an error that names it. */
  options.previous_snapshot = "No such";
  g_assert_false (pd_board_pack_write (workspace, &options, same, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "“No such”"));
}

/* The pack's SPC applies the stored baseline and ghosts, as the Quality view does. */
static void
test_stored_spc_changes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = copy_demo ("changes.pctdash", NULL);
  g_autofree char *plain = g_build_filename (scratch, "plain.xlsx", NULL);
  g_autofree char *changed = g_build_filename (scratch, "changed.xlsx", NULL);
  g_autoptr(GHashTable) plain_cells = NULL;
  g_autoptr(GHashTable) changed_cells = NULL;
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(PdIndicator) indicator = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PdSpcResult) expected = NULL;
  g_autofree PdSpcPointInput *inputs = NULL;
  g_autofree double *values = NULL;
  PdBoardPackOptions options;
  PdSpcOptions spc;
  guint row, plain_row;
  gsize n;

  options_for_test (&options);
  g_assert_true (pd_board_pack_write (workspace, &options, plain, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_spc_changes_add (workspace, "FALLS", "R9A", PD_SPC_CHANGE_BASELINE,
                                       "2008-03-01", "First year as baseline", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (pd_spc_changes_add (workspace, "FALLS", "R9A", PD_SPC_CHANGE_GHOST,
                                       "2009-01-01", "Data error", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (pd_board_pack_write (workspace, &options, changed, NULL, &error));
  g_assert_no_error (error);

  /* What the Quality view computes for the same chart. */
  indicator = pd_indicator_lookup (workspace, "FALLS", &error);
  g_assert_no_error (error);
  series = pd_indicator_series_query (workspace, "FALLS", "R9A", PD_PERIOD_MONTH, NULL,
                                      "2012-03-01", &error);
  g_assert_no_error (error);
  changes = pd_spc_changes_list (workspace, "FALLS", "R9A", &error);
  g_assert_no_error (error);
  n = series->points->len;
  values = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
  pd_spc_options_init_preset (&spc, PD_SPC_PRESET_MDC);
  spc.improvement = g_strcmp0 (indicator->polarity, "higher") == 0 ? PD_IMPROVEMENT_INCREASE
                  : g_strcmp0 (indicator->polarity, "lower") == 0 ? PD_IMPROVEMENT_DECREASE
                  : PD_IMPROVEMENT_NEUTRAL;
  spc.target = indicator->target;
  inputs = pd_spc_changes_point_inputs (changes, series, &spc, NULL);
  g_assert_true (inputs[11].baseline_end);
  g_assert_true (inputs[21].ghost);
  expected = pd_spc_compute (values, n, inputs, &spc, &error);
  g_assert_no_error (error);

  /* The scorecard's mean and limits are the baseline's, not those of every point. */
  changed_cells = read_sheet (changed, "Scorecard");
  plain_cells = read_sheet (plain, "Scorecard");
  row = scorecard_row (changed_cells, "R9A", "FALLS");
  plain_row = scorecard_row (plain_cells, "R9A", "FALLS");
  g_assert_cmpuint (row, >, 0);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell (changed_cells, "I", row), NULL),
                                  expected->points[n - 1].mean, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell (changed_cells, "K", row), NULL),
                                  expected->points[n - 1].upl, 1e-9);
  g_assert_cmpfloat (fabs (g_ascii_strtod (cell (plain_cells, "I", plain_row), NULL) -
                           expected->points[n - 1].mean), >, 1e-6);

  /* The Safety sheet's FALLS table marks January 2009 as left out and uses the limits. */
  {
    g_autoptr(GHashTable) safety = read_sheet (changed, "Safety");
    guint heading = 0, first;

    for (guint r = 1; r < 400 && heading == 0; r++)
      if (g_str_has_prefix (cell (safety, "A", r) != NULL ? cell (safety, "A", r) : "",
                            indicator->name))
        heading = r;
    g_assert_cmpuint (heading, >, 0);
    g_assert_nonnull (strstr (cell (safety, "A", heading + 1), "2 stored changes"));
    first = heading + 3;
    for (gsize i = 0; i < n; i++)
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cell (safety, "C", first + i), NULL),
                                      expected->points[i].mean, 1e-9);
  }
}

/* Listing, and names that are refused, through the API and the command line. */
static void
test_list_and_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PdWorkspace) workspace = copy_demo ("list.pctdash", &path);
  g_autofree char *pack = g_build_filename (scratch, "list.xlsx", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PdPackSnapshot) missing = NULL;
  PdBoardPackOptions options;

  g_assert_false (pd_pack_snapshot_check_name ("", &error));
  g_clear_error (&error);
  g_assert_false (pd_pack_snapshot_check_name ("   ", &error));
  g_clear_error (&error);
  g_assert_false (pd_pack_snapshot_check_name ("two\nlines", &error));
  g_clear_error (&error);
  g_assert_true (pd_pack_snapshot_check_name ("March 2012 — final", &error));
  missing = pd_pack_snapshot_load (workspace, "Nothing", &error);
  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pd_pack_snapshot_delete (workspace, "Nothing", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  options_for_test (&options);
  g_assert_true (pd_pack_snapshot_write (workspace, "First", &options, pack, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  options.public_pack = TRUE;
  g_assert_true (pd_pack_snapshot_write (workspace, "Second", &options, pack, NULL, NULL,
                                         &error));
  g_assert_no_error (error);
  list = pd_pack_snapshot_list (workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PdPackSnapshot *) list->pdata[0])->name, ==, "First");
  g_assert_cmpstr (((PdPackSnapshot *) list->pdata[1])->name, ==, "Second");
  g_assert_cmpstr (((PdPackSnapshot *) list->pdata[1])->previous_snapshot, ==, "First");
  {
    g_autofree char *describe = pd_pack_snapshot_describe (list->pdata[1]);
    g_assert_cmpstr (describe, ==, "5Z1 2011/12, provider R9A, OFFICIAL, public (<5), "
                                   "no charts, all sections, 0 SPC changes, against “First”");
  }
  g_clear_object (&workspace);

  /* The command line: list, regenerate, conflicts and bad names. */
  {
    const char *list_args[] = { "export", "-w", path, "--list-snapshots", NULL };
    const char *regenerate[] = { "export", "-w", path, "--pack", pack, "--snapshot", "First",
                                 NULL };
    const char *conflict[] = { "export", "-w", path, "--pack", pack, "--snapshot", "First",
                               "--period", "2010/11", NULL };
    const char *same_option[] = { "export", "-w", path, "--pack", pack, "--snapshot", "First",
                                  "--commissioner", "5Z1", NULL };
    const char *empty[] = { "export", "-w", path, "--pack", pack, "--snapshot", "", NULL };
    const char *unknown_previous[] = { "export", "-w", path, "--pack", pack,
                                       "--previous-snapshot", "Nope", NULL };
    const char *new_one[] = { "export", "-w", path, "--pack", pack, "--snapshot", "Third",
                              "--commissioner", "5Z1", "--period", "2011/12", "--no-charts",
                              "--previous-snapshot", "First", NULL };
    const char *delete[] = { "export", "-w", path, "--delete-snapshot", "Third", NULL };
    const char *delete_again[] = { "export", "-w", path, "--delete-snapshot", "Third", NULL };

    g_assert_cmpint (run_cli (list_args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "First"));
    g_assert_nonnull (strstr (out, "Second"));
    g_assert_nonnull (strstr (out, "public (<5)"));
    g_assert_nonnull (strstr (out, g_get_user_name ()));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (run_cli (regenerate, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Regenerated"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (same_option, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (conflict, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--period"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (empty, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "cannot be empty"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (unknown_previous, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "“Nope”"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (new_one, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Wrote"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (delete, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (delete_again, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "no snapshot “Third”"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  scratch = pd_test_scratch_new ();
  demo_path = g_build_filename (scratch, "demo.pctdash", NULL);
  demo_dir = pd_test_demo_path (".", NULL);
  if (!pd_demo_build (demo_dir, demo_path, NULL, NULL, NULL, &error))
    g_error ("could not build the demo workspace: %s", error->message);

  g_test_add_func ("/pctdash/export/snapshot/regenerate", test_regenerate);
  g_test_add_func ("/pctdash/export/snapshot/changes-since", test_changes_since);
  g_test_add_func ("/pctdash/export/snapshot/stored-spc-changes", test_stored_spc_changes);
  g_test_add_func ("/pctdash/export/snapshot/list-and-names", test_list_and_names);
  status = g_test_run ();
  pd_test_scratch_free (scratch);
  g_free (demo_path);
  return status;
}
