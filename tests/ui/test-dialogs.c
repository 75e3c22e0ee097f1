/* test-dialogs.c — the window's dialogs under Xvfb: the import preview, its progress and
 * problems, Cancel; the board pack; New workspace and Open Recent
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "export/pd-pack-snapshot.h"
#include "import/pd-demo.h"
#include "pd-board-pack-dialog.h"
#include "pd-import-dialog.h"
#include "pd-test-util.h"
#include "pd-ui-test-util.h"

static PdApplication *application;
static char *scratch;

static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "5QA,Northvale PCT,commissioner,pct,North,310000\n"
  "RXX,Riverside Hospital NHS Trust,provider,acute,North,\n";
static const char spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "5QA,2009/10,Apr,acute,RXX,\"£1,234,567.89\"\n"
  "5QA,2009/10,May,community nursing,,\"£250,000.11\"\n";
static const char more_spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "5QA,2010/11,Apr,acute,RXX,\"£1,000.00\"\n"
  "5QA,2010/11,May,acute,RXX,\"£2,000.00\"\n"
  "5QA,2010/11,Jun,acute,RXX,\"£3,000.00\"\n";
/* Row 3's amount is not money; row 4's month is not a month. */
static const char bad_spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "5QA,2010/11,Jul,acute,RXX,\"£1,000.00\"\n"
  "5QA,2010/11,Aug,acute,RXX,lots\n"
  "5QA,2010/11,Smarch,acute,RXX,\"£1,000.00\"\n";

static char *
make_workspace (const char *name)
{
  g_autofree char *dir = g_build_filename (scratch, name, NULL);

  return pd_ui_test_make_workspace (dir, "north.pctdash",
                                    "organisations.csv", organisations_csv,
                                    "spend.csv", spend_csv,
                                    NULL);
}

static gint64
count_spend (PdWindow *window)
{
  return pd_test_query_int (pd_workspace_get_db (pd_window_get_workspace (window)),
                            "SELECT count(*) FROM spend");
}

static gboolean
dialog_ready_cb (gpointer data)
{
  return !pd_import_dialog_get_loading (data);
}

static void
wait_for_previews (PdImportDialog *dialog)
{
  pd_ui_test_wait_for (dialog_ready_cb, dialog, 60, "the import previews");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
}

static PdImportDialog *
preview (PdWindow   *window,
         const char *first,
         ...)
{
  GList *files = NULL;
  PdImportDialog *dialog;
  va_list args;

  va_start (args, first);
  for (const char *path = first; path != NULL; path = va_arg (args, const char *))
    files = g_list_append (files, g_file_new_for_path (path));
  va_end (args);
  dialog = pd_window_preview_import (window, files);
  g_list_free_full (files, g_object_unref);
  g_assert_nonnull (dialog);
  wait_for_previews (dialog);
  return dialog;
}

/* The text the clipboard offers, read back from its content provider. */
static char *
clipboard_text (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  return g_value_dup_string (&value);
}

/* Import Files… shows each file's detected kind and first rows; another kind reads it
 * again; Import imports it with the toast and Undo as before. */
static void
test_import_preview (void)
{
  g_autofree char *path = make_workspace ("preview");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *more = pd_test_write_file (dir, "spend-2010.csv", more_spend_csv, -1);
  PdWindow *window = pd_ui_test_open_window (application, path);
  PdImportDialog *dialog;
  const PdPreview *shown;
  const PdPreviewTable *table;

  dialog = preview (window, more, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (pd_import_dialog_get_page (dialog), ==, "preview");
  shown = pd_import_dialog_get_preview (dialog, 0);
  g_assert_nonnull (shown);
  table = g_ptr_array_index (shown->tables, 0);
  g_assert_cmpint (table->kind, ==, PD_KIND_SPEND);
  g_assert_cmpuint (table->rows->len, ==, 3);
  /* What the user sees: the file, its kind and count, its header and rows. */
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "spend-2010.csv"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Spend · 3 rows ready to import"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "commissioner"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "£3,000.00"));
  g_assert_true (pd_import_dialog_get_ready (dialog));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (pd_ui_test_find_widget (GTK_WIDGET (dialog),
                                                                             GTK_TYPE_DROP_DOWN))));
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "import-preview.png");

  /* Another kind: the header does not fit it, so the file would not import as it. */
  pd_import_dialog_set_kind (dialog, 0, PD_KIND_EVENTS);
  wait_for_previews (dialog);
  shown = pd_import_dialog_get_preview (dialog, 0);
  g_assert_nonnull (shown->message);
  g_assert_nonnull (strstr (shown->message, "events"));
  g_assert_false (pd_import_dialog_get_ready (dialog));
  /* Import does nothing then. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  g_assert_cmpstr (pd_import_dialog_get_page (dialog), ==, "preview");
  g_assert_false (pd_window_get_busy (window));
  pd_import_dialog_set_kind (dialog, 0, PD_KIND_SPEND);
  wait_for_previews (dialog);
  g_assert_true (pd_import_dialog_get_ready (dialog));
  g_assert_cmpint (pd_import_dialog_get_kind (dialog, 0), ==, PD_KIND_SPEND);

  /* The dry runs left the workspace as it was. */
  g_assert_cmpint (count_spend (window), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (dialog);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Imported 3 rows from spend-2010.csv");
  g_assert_cmpint (count_spend (window), ==, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-import", NULL));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpint (count_spend (window), ==, 2);

  pd_ui_test_destroy_window (window);
}

/* A bad file: the preview lists each problem by row and column, Copy puts them all on the
 * clipboard; an import that fails lists its problems the same way. */
static void
test_import_problems (void)
{
  g_autofree char *path = make_workspace ("problems");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *bad = pd_test_write_file (dir, "spend-bad.csv", bad_spend_csv, -1);
  g_autofree char *later = pd_test_write_file (dir, "spend-later.csv", more_spend_csv, -1);
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;
  PdWindow *window = pd_ui_test_open_window (application, path);
  PdImportDialog *dialog;
  const PdPreview *shown;

  dialog = preview (window, bad, NULL);
  shown = pd_import_dialog_get_preview (dialog, 0);
  g_assert_nonnull (shown->message);
  g_assert_cmpuint (shown->check->problems->len, ==, 2);
  g_assert_false (pd_import_dialog_get_ready (dialog));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog),
                                         "spend-bad.csv, row 3, column F (amount)"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog),
                                         "spend-bad.csv, row 4, column C (month)"));
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "import-problems.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.copy-problems", "i", 0));
  copied = clipboard_text (GTK_WIDGET (dialog));
  text = pd_import_dialog_dup_problems_text (dialog, 0);
  g_assert_cmpstr (copied, ==, text);
  g_assert_true (g_str_has_prefix (copied, "spend-bad.csv: 2 problems found"));
  g_assert_nonnull (strstr (copied, "\nspend-bad.csv, row 3, column F (amount): “lots” is not an "
                                    "amount of money\n"));
  g_assert_nonnull (strstr (copied, "\nspend-bad.csv, row 4, column C (month): "));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&copied, g_free);

  /* A file changed on disk after its preview: the import itself finds the problems. */
  dialog = preview (window, later, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (pd_import_dialog_get_ready (dialog));
  g_assert_true (g_file_set_contents (later, bad_spend_csv, -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (pd_import_dialog_get_page (dialog), ==, "problems");
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Nothing Was Imported"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog),
                                         "spend-later.csv, row 3, column F (amount)"));
  /* Before Copy, whose toast would rise over the bottom of the picture. */
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "import-failed.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.copy-problems", "i", -1));
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==,
                   "spend-later.csv: 2 problems found; nothing was imported.\n"
                   "spend-later.csv, row 3, column F (amount): “lots” is not an amount of money\n"
                   "spend-later.csv, row 4, column C (month): “Smarch” is not a month (use Apr, 4, "
                   "M01 or 2009-04)\n");
  g_assert_cmpint (count_spend (window), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL));
  g_assert_null (dialog);

  pd_ui_test_destroy_window (window);
}

/* Cancel during the import: the workspace is left exactly as it was. */
static void
test_import_cancel (void)
{
  g_autofree char *path = make_workspace ("cancel");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GString) big = g_string_new ("commissioner,year,month,category,provider,amount\n");
  g_autofree char *file = NULL;
  PdWindow *window;
  PdImportDialog *dialog;

  /* More rows than the importer reads between two looks at its cancellable. */
  for (int i = 0; i < 60000; i++)
    g_string_append_printf (big, "5QA,2010/11,%s,acute %d,RXX,%d.00\n",
                            (const char *[]) { "Apr", "May", "Jun" }[i % 3], i, i + 1);
  file = pd_test_write_file (dir, "spend-big.csv", big->str, -1);
  window = pd_ui_test_open_window (application, path);

  dialog = preview (window, file, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (pd_import_dialog_get_ready (dialog));
  g_assert_cmpuint (pd_preview_count_rows (pd_import_dialog_get_preview (dialog, 0)), ==, 60000);

  /* What the progress page looks like part way. */
  pd_import_dialog_set_importing (dialog, TRUE);
  pd_import_dialog_set_progress (dialog, 0.4, "Importing “spend-big.csv”");
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Importing “spend-big.csv”"));
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "import-progress.png");
  pd_import_dialog_set_importing (dialog, FALSE);
  g_assert_cmpstr (pd_import_dialog_get_page (dialog), ==, "preview");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  g_assert_cmpstr (pd_import_dialog_get_page (dialog), ==, "progress");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (dialog);
  g_assert_cmpstr (pd_window_get_last_toast (window), ==, "Import cancelled: nothing was changed");
  g_assert_cmpint (count_spend (window), ==, 2);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (pd_window_get_workspace (window)),
                                      "SELECT count(*) FROM imports"), ==, 2);

  pd_ui_test_destroy_window (window);
}

static PdBoardPackDialog *
find_board_pack_dialog (void)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();
  PdBoardPackDialog *found = NULL;

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (PD_IS_BOARD_PACK_DIALOG (toplevel))
        found = PD_BOARD_PACK_DIALOG (toplevel);
    }
  return found;
}

static gboolean
not_writing_cb (gpointer data)
{
  PdBoardPackDialog **dialog = data;

  return *dialog == NULL || !pd_board_pack_dialog_get_writing (*dialog);
}

/* Ctrl+E: the options, then the pack written on a worker; a toast with Open. */
static void
test_board_pack (void)
{
  g_autofree char *path = make_workspace ("pack");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = g_build_filename (dir, "pack.xlsx", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (target);
  PdWindow *window = pd_ui_test_open_window (application, path);
  PdBoardPackDialog *dialog;
  AdwToast *toast;
  gsize len = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL));
  dialog = find_board_pack_dialog ();
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Commissioner"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Northvale PCT"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "For Publication"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Executive Summary"));
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "board-pack.png");

  /* No section: nothing to write, and the dialog says so. */
  for (guint bit = 0; bit < 11; bit++)
    pd_board_pack_dialog_set_section (dialog, 1u << bit, FALSE);
  g_assert_cmpuint (pd_board_pack_dialog_get_sections (dialog), ==, 0);
  pd_board_pack_dialog_export_to (dialog, file);
  g_assert_cmpstr (pd_board_pack_dialog_get_error (dialog), ==, "Choose at least one section.");
  g_assert_false (pd_board_pack_dialog_get_writing (dialog));

  pd_board_pack_dialog_set_section (dialog, PD_BOARD_PACK_SCORECARD, TRUE);
  pd_board_pack_dialog_set_section (dialog, PD_BOARD_PACK_SPEND, TRUE);
  pd_board_pack_dialog_set_section (dialog, PD_BOARD_PACK_SOURCES, TRUE);
  pd_board_pack_dialog_set_public (dialog, TRUE);
  pd_board_pack_dialog_export_to (dialog, file);
  g_assert_true (pd_board_pack_dialog_get_writing (dialog));
  pd_ui_test_wait_for (not_writing_cb, &dialog, 120, "the board pack");
  if (dialog != NULL)
    g_error ("the board pack was not written: %s", pd_board_pack_dialog_get_error (dialog));

  /* An xlsx workbook is a zip file. */
  g_assert_true (g_file_get_contents (target, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 4);
  g_assert_cmpmem (bytes, 4, "PK\x03\x04", 4);
  toast = pd_window_get_toast (window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Board pack saved as “pack.xlsx”");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Open");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.open-pack");
  g_assert_cmpstr (g_variant_get_string (adw_toast_get_action_target_value (toast), NULL), ==,
                   target);

  /* Cancel while writing: no file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL));
  dialog = find_board_pack_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  {
    g_autofree char *cancelled = g_build_filename (dir, "cancelled.xlsx", NULL);
    g_autoptr(GFile) cancelled_file = g_file_new_for_path (cancelled);

    pd_board_pack_dialog_export_to (dialog, cancelled_file);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "pack.cancel", NULL));
    pd_ui_test_wait_for (not_writing_cb, &dialog, 120, "the cancelled board pack");
    g_assert_nonnull (dialog);
    g_assert_cmpstr (pd_board_pack_dialog_get_error (dialog), ==,
                     "The export was cancelled; no file was written.");
    g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  pd_ui_test_destroy_window (window);
}

/* What the progress bar showed, as it changed. */
typedef struct
{
  GArray            *fractions;
  char              *last_text;
  PdBoardPackDialog *cancel_dialog;   /* Cancel pressed once the bar reaches cancel_at */
  double             cancel_at;
} BarSeen;

static void
bar_changed_cb (GtkProgressBar *bar,
                GParamSpec     *pspec,
                BarSeen        *seen)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  g_array_append_val (seen->fractions, fraction);
  g_free (seen->last_text);
  seen->last_text = g_strdup (gtk_progress_bar_get_text (bar));
  if (seen->cancel_dialog != NULL && fraction >= seen->cancel_at)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (seen->cancel_dialog), "pack.cancel",
                                                 NULL));
      seen->cancel_dialog = NULL;
    }
}

static gboolean
bar_moved_cb (gpointer data)
{
  BarSeen *seen = data;

  return seen->fractions->len > 0 &&
         g_array_index (seen->fractions, double, seen->fractions->len - 1) > 0.2;
}

/* The bar fills as the sheets are written, says how far in words, and ends full; Cancel
 * part-way stops it with no file. The demo workspace, so there is something to wait for. */
static void
test_board_pack_progress (void)
{
  g_autofree char *dir = g_build_filename (scratch, "progress", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.pctdash", NULL);
  g_autofree char *target = g_build_filename (dir, "demo.xlsx", NULL);
  g_autofree char *cancelled = g_build_filename (dir, "cancelled.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GFile) cancelled_file = g_file_new_for_path (cancelled);
  g_autoptr(GError) error = NULL;
  BarSeen seen = { g_array_new (FALSE, FALSE, sizeof (double)), NULL, NULL, 0 };
  PdBoardPackDialog *dialog;
  GtkProgressBar *bar;
  PdWindow *window;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  g_assert_true (pd_demo_build (NULL, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  window = pd_ui_test_open_window (application, path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL));
  dialog = find_board_pack_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  bar = pd_ui_test_find_one (dialog, GTK_TYPE_PROGRESS_BAR);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (bar_changed_cb), &seen);
  pd_board_pack_dialog_export_to (dialog, file);
  g_assert_true (pd_board_pack_dialog_get_writing (dialog));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (bar)));
  g_assert_cmpstr (gtk_progress_bar_get_text (bar), ==, "0 %");
  pd_ui_test_wait_for (bar_moved_cb, &seen, 120, "the bar to move");
  if (dialog != NULL && g_getenv ("PD_SCREENSHOT_DIR") != NULL)
    pd_ui_test_screenshot (GTK_WIDGET (dialog), "board-pack-progress.png");
  pd_ui_test_wait_for (not_writing_cb, &dialog, 120, "the board pack");
  if (dialog != NULL)
    g_error ("the board pack was not written: %s", pd_board_pack_dialog_get_error (dialog));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));

  /* Several steps, never back, ending full and saying so. */
  g_assert_cmpuint (seen.fractions->len, >=, 3);
  for (guint i = 1; i < seen.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (seen.fractions, double, i), >=,
                       g_array_index (seen.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen.fractions, double, seen.fractions->len - 1), ==, 1.0);
  g_assert_cmpstr (seen.last_text, ==, "100 %");

  /* Cancel once a third is written: back to the options, the reason shown, no file. */
  g_array_set_size (seen.fractions, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL));
  dialog = find_board_pack_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  bar = pd_ui_test_find_one (dialog, GTK_TYPE_PROGRESS_BAR);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (bar_changed_cb), &seen);
  seen.cancel_dialog = dialog;
  seen.cancel_at = 0.3;
  pd_board_pack_dialog_export_to (dialog, cancelled_file);
  pd_ui_test_wait_for (not_writing_cb, &dialog, 120, "the cancelled board pack");
  g_assert_nonnull (dialog);
  g_assert_null (seen.cancel_dialog);
  g_assert_cmpstr (pd_board_pack_dialog_get_error (dialog), ==,
                   "The export was cancelled; no file was written.");
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog),
                                         "The export was cancelled; no file was written."));
  g_assert_cmpfloat (g_array_index (seen.fractions, double, seen.fractions->len - 1), <, 1.0);
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Closed while writing: the writer stops, and its last reports find no dialog to show
   * them in (a critical here would fail the test under G_DEBUG=fatal-warnings). */
  {
    g_autofree char *closed = g_build_filename (dir, "closed.xlsx", NULL);
    g_autoptr(GFile) closed_file = g_file_new_for_path (closed);
    GWeakRef alive;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL));
    dialog = find_board_pack_dialog ();
    g_weak_ref_init (&alive, dialog);
    pd_board_pack_dialog_export_to (dialog, closed_file);
    g_assert_true (pd_board_pack_dialog_get_writing (dialog));
    gtk_window_close (GTK_WINDOW (dialog));
    dialog = NULL;
    for (gint64 until = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;; )
      {
        g_autoptr(GObject) still = g_weak_ref_get (&alive);

        if (still == NULL)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, until);
        g_main_context_iteration (NULL, TRUE);
      }
    g_weak_ref_clear (&alive);
    g_assert_false (g_file_test (closed, G_FILE_TEST_EXISTS));
  }

  g_array_unref (seen.fractions);
  g_free (seen.last_text);
  pd_ui_test_destroy_window (window);
}

/* The first AdwComboRow under @root titled @title. */
static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  pd_ui_test_collect (root, ADW_TYPE_COMBO_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  g_error ("no combo row “%s”", title);
}

/* The items a combo row offers, joined by "|". */
static char *
combo_items (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", gtk_string_object_get_string (item));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
narrative_text (PdBoardPackDialog *dialog)
{
  GtkTextView *view = pd_ui_test_find_one (dialog, GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  char     *snapshot;
  gboolean  regenerated;
} SavedSeen;

static void
saved_cb (PdBoardPackDialog *dialog,
          const char        *path,
          SavedSeen         *seen)
{
  g_free (seen->snapshot);
  seen->snapshot = g_strdup (pd_board_pack_dialog_get_snapshot (dialog, &seen->regenerated));
}

static PdBoardPackDialog *
open_pack_dialog (PdWindow  *window,
                  SavedSeen *seen)
{
  PdBoardPackDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL));
  dialog = find_board_pack_dialog ();
  g_assert_nonnull (dialog);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), seen);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static void
export_and_wait (PdBoardPackDialog **dialog,
                 const char         *target)
{
  g_autoptr(GFile) file = g_file_new_for_path (target);

  g_object_add_weak_pointer (G_OBJECT (*dialog), (gpointer *) dialog);
  pd_board_pack_dialog_export_to (*dialog, file);
  g_assert_true (pd_board_pack_dialog_get_writing (*dialog));
  pd_ui_test_wait_for (not_writing_cb, dialog, 120, "the board pack");
  if (*dialog != NULL)
    g_error ("the board pack was not written: %s", pd_board_pack_dialog_get_error (*dialog));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
}

/* The dialog does what pctdash-cli export --snapshot does: save a pack's settings under a
 * name with a narrative, list the snapshots, regenerate one from its own settings (and
 * say which control conflicts), and pick the snapshot to list changes since. */
static void
test_board_pack_snapshots (void)
{
  g_autofree char *path = make_workspace ("snapshots");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *march = g_build_filename (dir, "march.xlsx", NULL);
  g_autofree char *again = g_build_filename (dir, "march-again.xlsx", NULL);
  g_autofree char *april = g_build_filename (dir, "april.pdf", NULL);
  g_autoptr(GFile) unused = g_file_new_for_path (march);
  PdWindow *window = pd_ui_test_open_window (application, path);
  PdWorkspace *workspace = pd_window_get_workspace (window);
  SavedSeen saved = { 0 };
  PdBoardPackDialog *dialog;
  AdwComboRow *snapshot_row, *previous_row;
  g_autofree char *items = NULL;
  g_autofree char *text = NULL;
  const char *narrative = "Spend is on plan; the acute contract needs watching.";

  /* Nothing saved yet: the two choices, and what they mean. */
  dialog = open_pack_dialog (window, &saved);
  snapshot_row = find_combo_row (GTK_WIDGET (dialog), "Snapshot");
  previous_row = find_combo_row (GTK_WIDGET (dialog), "Changes Since");
  items = combo_items (snapshot_row);
  g_assert_cmpstr (items, ==, "None|New Snapshot");
  g_clear_pointer (&items, g_free);
  items = combo_items (previous_row);
  g_assert_cmpstr (items, ==, "Automatic");
  g_clear_pointer (&items, g_free);
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "The pack’s settings are not saved"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Narrative"));
  g_assert_false (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Name of the New Snapshot"));

  /* A new snapshot needs a name; the rule is the command line's. */
  pd_board_pack_dialog_save_snapshot_as (dialog, "   ");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog), "Name of the New Snapshot"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog),
                                         "None: the executive summary lists no changes"));
  pd_board_pack_dialog_export_to (dialog, unused);
  g_assert_false (pd_board_pack_dialog_get_writing (dialog));
  g_assert_cmpstr (pd_board_pack_dialog_get_error (dialog), ==,
                   "Name of the new snapshot: A snapshot's name cannot be empty.");
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (dialog),
                                         "Name of the new snapshot: A snapshot's name cannot be empty."));

  /* Saved with its narrative. */
  pd_board_pack_dialog_save_snapshot_as (dialog, "March board");
  pd_board_pack_dialog_set_narrative (dialog, narrative);
  if (g_getenv ("PD_SCREENSHOT_DIR") != NULL)
    {
      /* Let the entry row's title finish moving up. */
      gint64 until = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;

      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      pd_ui_test_screenshot (GTK_WIDGET (dialog), "board-pack-snapshot.png");
    }
  export_and_wait (&dialog, march);
  g_assert_cmpstr (saved.snapshot, ==, "March board");
  g_assert_false (saved.regenerated);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdPackSnapshot) stored = pd_pack_snapshot_load (workspace, "March board", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (stored->narrative, ==, narrative);
    g_assert_cmpstr (stored->commissioner, ==, "5QA");
  }

  /* Listed now; its name cannot be taken again. */
  dialog = open_pack_dialog (window, &saved);
  snapshot_row = find_combo_row (GTK_WIDGET (dialog), "Snapshot");
  previous_row = find_combo_row (GTK_WIDGET (dialog), "Changes Since");
  items = combo_items (snapshot_row);
  g_assert_cmpstr (items, ==, "None|New Snapshot|March board");
  g_clear_pointer (&items, g_free);
  items = combo_items (previous_row);
  g_assert_cmpstr (items, ==, "Automatic|March board");
  g_clear_pointer (&items, g_free);
  pd_board_pack_dialog_save_snapshot_as (dialog, "March board");
  pd_board_pack_dialog_export_to (dialog, unused);
  g_assert_cmpstr (pd_board_pack_dialog_get_error (dialog), ==,
                   "A snapshot called “March board” is saved already: pick it under Snapshot "
                   "to regenerate it, or give another name.");

  /* Picked: its settings fill the controls; a control changed after conflicts. */
  g_assert_true (pd_board_pack_dialog_choose_snapshot (dialog, "March board"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  {
    g_autoptr(PdPackSnapshot) stored = pd_pack_snapshot_load (workspace, "March board", NULL);
    g_autofree char *expected = g_strdup_printf ("Saved %.10s %.5s UTC by %s", stored->created_at,
                                                 stored->created_at + 11, stored->author);

    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (snapshot_row)), ==, expected);
  }
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (GTK_WIDGET (snapshot_row)),
                                   "5QA 2009/10"));
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "board-pack-regenerate.png");
  text = narrative_text (dialog);
  g_assert_cmpstr (text, ==, narrative);
  g_clear_pointer (&text, g_free);
  pd_board_pack_dialog_set_section (dialog, PD_BOARD_PACK_CQUIN, FALSE);
  pd_board_pack_dialog_export_to (dialog, unused);
  g_assert_false (pd_board_pack_dialog_get_writing (dialog));
  g_assert_cmpstr (pd_board_pack_dialog_get_error (dialog), ==,
                   "The snapshot “March board” was saved with Sections all, not summary,"
                   "scorecard,spend,outlook,safety,effectiveness,experience,benchmarks,"
                   "exceptions,sources. Set it back to regenerate the snapshot, or save a new "
                   "snapshot under another name.");
  pd_board_pack_dialog_set_section (dialog, PD_BOARD_PACK_CQUIN, TRUE);
  pd_board_pack_dialog_set_narrative (dialog, "Other words");
  pd_board_pack_dialog_export_to (dialog, unused);
  g_assert_true (g_str_has_prefix (pd_board_pack_dialog_get_error (dialog),
                                   "The snapshot “March board” was saved with Narrative its "
                                   "own words, not other words."));
  pd_board_pack_dialog_set_narrative (dialog, narrative);
  export_and_wait (&dialog, again);
  g_assert_cmpstr (saved.snapshot, ==, "March board");
  g_assert_true (saved.regenerated);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (workspace),
                                      "SELECT count(*) FROM pack_snapshots"), ==, 1);

  /* The next month's, as a PDF, listing changes since March: the newest by default,
   * and the same when picked. */
  dialog = open_pack_dialog (window, &saved);
  previous_row = find_combo_row (GTK_WIDGET (dialog), "Changes Since");
  pd_board_pack_dialog_save_snapshot_as (dialog, "April board");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (previous_row)), ==,
                   "The newest snapshot, “March board”");
  g_assert_true (pd_board_pack_dialog_set_previous_snapshot (dialog, "March board"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (previous_row)), ==,
                   "The executive summary lists what changed since this snapshot");
  adw_combo_row_set_selected (find_combo_row (GTK_WIDGET (dialog), "Format"), 1);
  {
    /* A PDF is its charts: leaving them out is the Excel pack's option only. */
    GtkSwitch *charts = NULL;
    g_autoptr(GPtrArray) switches = g_ptr_array_new ();
    g_autoptr(GFile) pdf = g_file_new_for_path (april);

    pd_ui_test_collect (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, switches);
    for (guint i = 0; i < switches->len; i++)
      if (gtk_switch_get_active (g_ptr_array_index (switches, i)))
        charts = g_ptr_array_index (switches, i);
    g_assert_nonnull (charts);
    gtk_switch_set_active (charts, FALSE);
    pd_board_pack_dialog_export_to (dialog, pdf);
    g_assert_false (pd_board_pack_dialog_get_writing (dialog));
    g_assert_cmpstr (pd_board_pack_dialog_get_error (dialog), ==,
                     "Charts can be left out of an Excel pack only: a PDF pack is its charts. "
                     "Turn Charts on, or choose the Excel format.");
    g_assert_false (g_file_test (april, G_FILE_TEST_EXISTS));
    gtk_switch_set_active (charts, TRUE);
  }
  export_and_wait (&dialog, april);
  g_assert_cmpstr (saved.snapshot, ==, "April board");
  g_assert_false (saved.regenerated);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PdPackSnapshot) stored = pd_pack_snapshot_load (workspace, "April board", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (stored->previous_snapshot, ==, "March board");
    g_assert_null (stored->narrative);
  }

  g_free (saved.snapshot);
  pd_ui_test_destroy_window (window);
}

static gboolean
recent_lists_cb (gpointer data)
{
  PdWindow *window = data;
  GMenuModel *menu = pd_window_get_recent_menu (window);
  const char *path = pd_workspace_get_path (pd_window_get_workspace (window));

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, "target",
                                                                          G_VARIANT_TYPE_STRING);

      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), path) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Ctrl+N: an empty workspace, valid and open; Open Recent lists it. */
static void
test_new_and_recent (void)
{
  g_autofree char *dir = g_build_filename (scratch, "new", NULL);
  g_autofree char *path = g_build_filename (dir, "fresh", NULL);
  g_autofree char *created = g_build_filename (dir, "fresh.pctdash", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PdWorkspace) check = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  PdWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  window = g_object_ref (pd_window_new (application));
  gtk_window_present (GTK_WINDOW (window));
  /* Nothing open: the board pack has nothing to report on. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pack", NULL);
  g_assert_null (find_board_pack_dialog ());

  pd_window_new_workspace (window, file);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_nonnull (pd_window_get_workspace (window));
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, created);

  check = pd_workspace_open (created, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  summary = pd_workspace_query_summary (check, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->imports->len, ==, 0);
  g_assert_cmpint (summary->n_organisations, ==, 0);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (check), "PRAGMA application_id"), ==,
                   0x50435444);

  pd_ui_test_wait_for (recent_lists_cb, window, 30, "the workspace in Open Recent");
  /* Open Recent opens it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s",
                                             created));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, created);

  pd_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  scratch = pd_ui_test_init (&argc, &argv);
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_settings_set_string (settings, "view", "workspace");
  }
  application = pd_ui_test_application_new ();

  g_test_add_func ("/pctdash/ui/dialogs/import-preview", test_import_preview);
  g_test_add_func ("/pctdash/ui/dialogs/import-problems", test_import_problems);
  g_test_add_func ("/pctdash/ui/dialogs/import-cancel", test_import_cancel);
  g_test_add_func ("/pctdash/ui/dialogs/board-pack", test_board_pack);
  g_test_add_func ("/pctdash/ui/dialogs/board-pack-progress", test_board_pack_progress);
  g_test_add_func ("/pctdash/ui/dialogs/board-pack-snapshots", test_board_pack_snapshots);
  g_test_add_func ("/pctdash/ui/dialogs/new-and-recent", test_new_and_recent);

  status = g_test_run ();

  g_clear_object (&application);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
