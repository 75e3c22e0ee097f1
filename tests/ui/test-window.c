/* test-window.c — the desktop app for real under Xvfb: open, show, fail, remember
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "import/pd-importer.h"
#include "pd-application.h"
#include "pd-format.h"
#include "pd-test-util.h"
#include "pd-ui-test-util.h"
#include "pd-window.h"

static PdApplication *application;
static char *scratch;

/* A small region, written here so each expected figure can be checked by hand. */
static const char organisations_csv[] =
  "code,name,role,type,region,population\n"
  "5QA,Northvale PCT,commissioner,pct,North,310000\n"
  "RXX,Riverside Hospital NHS Trust,provider,acute,North,\n";
static const char allocations_csv[] =
  "commissioner,year,allocation\n"
  "5QA,2009/10,\"£310,000,000.00\"\n";
/* £1,234,567.89 + £250,000.11 − £1,000.00 = £1,483,568.00 */
static const char spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "5QA,2009/10,Apr,acute,RXX,\"£1,234,567.89\"\n"
  "5QA,2009/10,May,community nursing,,\"£250,000.11\"\n"
  "5QA,2010/11,Mar,acute,RXX,\"(£1,000.00)\"\n";
/* 3 complaints and 1 serious incident: 4 events counted on 2 rows. */
static const char events_csv[] =
  "provider,date,type,count,note,source\n"
  "RXX,12/05/2009,complaint,3,,PALS\n"
  "RXX,02/01/2010,serious incident,1,Fall on ward 7,STEIS\n";

/* ---- driving the window ---------------------------------------------------------------- */

/* The window the application just made or presented, with a reference for the test. */
static PdWindow *
active_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  g_assert_true (PD_IS_WINDOW (window));
  return g_object_ref (PD_WINDOW (window));
}

/* `pctdash FILE`: the application's open path, as the command line takes it. */
static PdWindow *
open_from_command_line (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_application_open (G_APPLICATION (application), &file, 1, "");
  return active_window ();
}

/* ---- reading what a user sees ---------------------------------------------------------- */

/* The row titled @title that is on screen, or NULL. */
static GtkWidget *
find_row (PdWindow   *window,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  pd_ui_test_collect (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_preferences_row_get_title (row), title) == 0
          && gtk_widget_get_mapped (GTK_WIDGET (row)))
        return GTK_WIDGET (row);
    }
  return NULL;
}

/* Whether any label on screen under @root starts with @prefix. */
static gboolean
shows_label_starting (GtkWidget  *root,
                      const char *prefix)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  pd_ui_test_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), prefix)
          && gtk_widget_get_mapped (label))
        return TRUE;
    }
  return FALSE;
}

/* Whether a label under @root starts with @prefix, on screen yet or not. */
static gboolean
has_label_starting (GtkWidget  *root,
                    const char *prefix)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  pd_ui_test_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, i)), prefix))
      return TRUE;
  return FALSE;
}

static void
assert_row_shows (PdWindow   *window,
                  const char *title,
                  const char *value)
{
  GtkWidget *row = find_row (window, title);

  if (row == NULL)
    g_error ("no row titled “%s” on screen", title);
  if (!pd_ui_test_shows_label (row, value))
    g_error ("the row “%s” does not show “%s”", title, value);
}

/* The message dialog the window raised, or NULL. */
static AdwMessageDialog *
find_dialog (PdWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel)
          && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* ---- making workspaces ------------------------------------------------------------------ */

static char *
make_region_workspace (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "north.pctdash", NULL);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  pd_ui_test_import_text (workspace, dir, "organisations.csv", organisations_csv);
  pd_ui_test_import_text (workspace, dir, "allocations.csv", allocations_csv);
  pd_ui_test_import_text (workspace, dir, "spend.csv", spend_csv);
  pd_ui_test_import_text (workspace, dir, "events.csv", events_csv);
  return g_steal_pointer (&path);
}

/* ---- the tests ---------------------------------------------------------------------------- */

static void
test_shows_workspace (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = make_region_workspace (dir);
  g_autofree char *spend_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, spend_csv, -1);
  g_autofree char *spend_short = g_strndup (spend_sha, 12);
  g_autofree char *last = NULL;
  GtkWidget *row;
  PdWindow *window;

  window = open_from_command_line (path);
  g_assert_true (pd_window_get_busy (window));
  pd_ui_test_wait_until_idle (window, 60);

  g_assert_nonnull (pd_window_get_workspace (window));
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "north.pctdash — pctdash");
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "north.pctdash"));

  /* Counts per kind */
  assert_row_shows (window, "Organisations", "2");
  assert_row_shows (window, "Spend", "3");
  assert_row_shows (window, "Allocations", "1");
  assert_row_shows (window, "Events", "2");
  assert_row_shows (window, "Indicator Values", "0");
  assert_row_shows (window, "CQUIN Schemes", "0");

  /* Periods: spend runs from April 2009 to March 2011. */
  assert_row_shows (window, "Months", "April 2009 to March 2011");
  assert_row_shows (window, "Financial Years", "2009/10 to 2010/11");

  /* Control totals, to the penny and with thousands separators */
  assert_row_shows (window, "Total Spend", "£1,483,568.00");
  assert_row_shows (window, "Total Allocations", "£310,000,000.00");
  assert_row_shows (window, "Events Counted", "4");
  assert_row_shows (window, "Indicator Numerators", "0");

  /* Every import, with its rows, kind and fingerprint */
  assert_row_shows (window, "organisations.csv", "2 rows");
  assert_row_shows (window, "allocations.csv", "1 row");
  assert_row_shows (window, "events.csv", "2 rows");
  assert_row_shows (window, "spend.csv", "3 rows");
  row = find_row (window, "spend.csv");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), spend_short));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "Spend · "));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), spend_sha));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window),
                              "4 files, oldest first; every fact belongs to one"));

  /* The start page has gone, and the workspace is remembered for the next start. */
  g_assert_false (pd_ui_test_shows_label (GTK_WIDGET (window), "No Workspace Open"));
  last = g_settings_get_string (pd_application_get_settings (application), "last-workspace");
  g_assert_cmpstr (last, ==, path);
  g_assert_null (find_dialog (window));

  pd_ui_test_destroy_window (window);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* A new workspace with nothing in it says so, and how to fill it. */
static void
test_empty_workspace (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "new.pctdash", NULL);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  PdWindow *window;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&workspace);

  window = open_from_command_line (path);
  pd_ui_test_wait_until_idle (window, 60);

  g_assert_nonnull (pd_window_get_workspace (window));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "Nothing Imported Yet"));
  g_assert_true (shows_label_starting (GTK_WIDGET (window), "Import CSV or Excel files into "));
  g_assert_null (find_row (window, "Total Spend"));
  g_assert_null (find_dialog (window));

  pd_ui_test_destroy_window (window);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
own_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/* Another pctdash process holds the workspace's lock (flock(1) stands in for it, with a
 * holder line as pctdash writes one): the window opens it read-only and says so. */
static void
test_opened_read_only (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "held.pctdash", NULL);
  g_autofree char *lock = g_strconcat (path, "-lock", NULL);
  g_autofree char *flock_program = g_find_program_in_path ("flock");
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { flock_program, "-n", "-o", lock, "sleep", "60", NULL };
  PdWindow *window;
  GPid holder;
  int status;

  if (flock_program == NULL)
    {
      g_test_skip ("flock(1) is missing");
      return;
    }
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&workspace);

  g_assert_true (g_file_set_contents (lock, "4242 ward-pc pctdash\n", -1, NULL));
  /* In a process group of its own, so that flock(1) and its sleep go together. */
  g_spawn_async (NULL, (char **) argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 own_process_group, NULL, &holder, &error);
  g_assert_no_error (error);
  /* Until flock(1) has it (tried with flock(2) itself: a workspace opened here would
   * take the lock and remove the file on closing). */
  for (int i = 0; ; i++)
    {
      int fd = g_open (lock, O_RDONLY, 0);
      gboolean free_ = fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) == 0;

      if (fd >= 0)
        close (fd);
      if (!free_)
        break;
      g_assert_cmpint (i, <, 1000);
      g_usleep (10000);
    }
  g_assert_null (pd_workspace_open (path, PD_WORKSPACE_OPEN_WRITABLE, NULL));

  window = open_from_command_line (path);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_nonnull (pd_window_get_workspace (window));
  g_assert_true (pd_workspace_is_read_only (pd_window_get_workspace (window)));
  g_assert_cmpstr (pd_workspace_get_lock_holder (pd_window_get_workspace (window)), ==,
                   "pctdash, process 4242 on ward-pc");
  g_assert_cmpstr (pd_window_get_last_toast (window), ==,
                   "Opened read-only: another pctdash has this workspace open");
  g_assert_null (find_dialog (window));

  if (g_getenv ("PD_SCREENSHOT_DIR") != NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *png = g_build_filename (g_getenv ("PD_SCREENSHOT_DIR"), "read-only.png",
                                               NULL);
      int width = gtk_widget_get_width (GTK_WIDGET (window));
      int height = gtk_widget_get_height (GTK_WIDGET (window));

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      g_assert_true (gdk_texture_save_to_png (texture, png));
    }

  pd_ui_test_destroy_window (window);
  kill (-holder, SIGKILL);
  g_assert_cmpint (waitpid (holder, &status, 0), ==, holder);
  g_spawn_close_pid (holder);

  /* The holder gone, the workspace opens for writing again. */
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_WRITABLE, &error);
  g_assert_no_error (error);
  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
assert_open_fails (const char *path,
                   const char *expected_heading,
                   const char *expected_in_body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AdwMessageDialog *dialog;
  PdWindow *window;

  before = g_settings_get_string (pd_application_get_settings (application), "last-workspace");

  /* What the core says about the file, which the dialog must pass on. */
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_null (workspace);
  g_assert_nonnull (error);
  g_test_message ("pd_workspace_open: %s #%d: %s", g_quark_to_string (error->domain), error->code,
                  error->message);

  window = open_from_command_line (path);
  pd_ui_test_wait_until_idle (window, 60);

  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog),
                  adw_message_dialog_get_body (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, expected_heading);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), error->message));
  if (expected_in_body != NULL)
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), expected_in_body));
  g_assert_true (adw_message_dialog_has_response (dialog, "close"));

  /* Nothing was opened: the start page stays, and the failure is not remembered. */
  g_assert_null (pd_window_get_workspace (window));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "No Workspace Open"));
  after = g_settings_get_string (pd_application_get_settings (application), "last-workspace");
  g_assert_cmpstr (after, ==, before);

  adw_message_dialog_response (dialog, "close");
  pd_ui_test_destroy_window (window);
}

static void
test_not_a_workspace (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = pd_test_write_file (dir, "budget.csv", spend_csv, -1);

  assert_open_fails (path, "Could Not Open “budget.csv”", "pctdash-cli import");
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_too_new (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "future.pctdash", NULL);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (pd_workspace_get_db (workspace), "PRAGMA user_version = 9999",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&workspace);

  assert_open_fails (path, "Could Not Open “future.pctdash”", "newer version of pctdash");
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_damaged (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *good = make_region_workspace (dir);
  g_autofree char *path = g_build_filename (dir, "damaged.pctdash", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  /* A real workspace with its schema page overwritten, as a bad disk or a cut copy leaves it. */
  g_file_get_contents (good, &bytes, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 4096);
  memset (bytes + 100, 0xa5, 4096 - 100);
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);

  /* The heading names the file; the body is whatever SQLite found wrong. */
  assert_open_fails (path, "Could Not Open “damaged.pctdash”", NULL);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* win.open: the file chooser offers workspaces first and opens what the user picks. */
static void
test_open_action (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = make_region_workspace (dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GListModel *toplevels = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser = NULL;
  PdWindow *window;

  window = g_object_ref (pd_window_new (application));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "No Workspace Open"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && chooser == NULL; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (toplevel)
          && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        chooser = GTK_FILE_CHOOSER (toplevel);
    }
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_file_filter_get_name (gtk_file_chooser_get_filter (chooser)), ==,
                   "pctdash Workspaces");
  g_assert_true (gtk_file_chooser_set_file (chooser, file, &error));
  g_assert_no_error (error);
  /* The chooser selects the file once it has listed the folder, in the main loop. */
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autoptr(GFile) selected = gtk_file_chooser_get_file (chooser);

        if (selected != NULL && g_file_equal (selected, file))
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  g_assert_true (pd_window_get_busy (window));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, path);
  assert_row_shows (window, "Total Spend", "£1,483,568.00");

  pd_ui_test_destroy_window (window);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

static void
test_remembers_size (void)
{
  GSettings *settings = pd_application_get_settings (application);
  PdWindow *window;

  window = g_object_ref (pd_window_new (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_finalize_object (window);

  /* The next window opens at that size. */
  window = g_object_ref (pd_window_new (application));
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }
  pd_ui_test_destroy_window (window);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type)
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

/* The menu's entries and the keyboard: shortcuts window, about window, accelerators. */
static void
test_shortcuts_and_about (void)
{
  g_auto(GStrv) open_accels = NULL;
  g_auto(GStrv) quit_actions = NULL;
  GtkWindow *shortcuts;
  GtkWindow *about;
  PdWindow *window;

  open_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), "win.open");
  g_assert_cmpstrv (open_accels, ((const char *[]) { "<Control>o", NULL }));
  quit_actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (application),
                                                        "<Control>q");
  g_assert_cmpstrv (quit_actions, ((const char *[]) { "app.quit", NULL }));

  window = g_object_ref (pd_window_new (application));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The help overlay comes from the resource bundle compiled into the executable. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (shortcuts));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (shortcuts), "Open a workspace"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (shortcuts), "Quit"));
  gtk_window_close (shortcuts);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL));
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "pctdash");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  gtk_window_destroy (about);

  pd_ui_test_destroy_window (window);
}

static char *
demo_path (void)
{
  return g_build_filename (scratch, "data", "pctdash", "demo.pctdash", NULL);
}

/* First run, but the user cancels the build: nothing is left behind. */
static void
test_demo_cancelled (void)
{
  g_autofree char *path = demo_path ();
  PdWindow *window;

  g_settings_set_string (pd_application_get_settings (application), "last-workspace", "");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_application_activate (G_APPLICATION (application));
  window = active_window ();
  g_assert_true (pd_window_get_busy (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "Opening the Demo Workspace"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  pd_ui_test_wait_until_idle (window, 120);

  g_assert_null (pd_window_get_workspace (window));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "Building the demo workspace was cancelled"));
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "No Workspace Open"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (find_dialog (window));

  pd_ui_test_destroy_window (window);
}

/* The toast that tells how long the build took is up when the workspace arrives (read
 * then, not after the summary loads, by when a slow machine may have timed it out). */
static void
record_build_toast_cb (PdWindow   *window,
                       GParamSpec *pspec,
                       gboolean   *toast_shown)
{
  if (pd_window_get_workspace (window) != NULL)
    *toast_shown = has_label_starting (GTK_WIDGET (window), "Demo workspace built in ");
}

/* First run: the demo is built through the importer, with progress, and shown. */
static void
test_demo_first_run (void)
{
  g_autofree char *path = demo_path ();
  g_autoptr(PdWorkspace) demo = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spend = NULL;
  g_autofree char *allocation = NULL;
  g_autofree char *values = NULL;
  g_autofree char *events = NULL;
  g_autofree char *last = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean toast_shown = FALSE;
  PdWindow *window;

  g_settings_set_string (pd_application_get_settings (application), "last-workspace", "");

  g_application_activate (G_APPLICATION (application));
  window = active_window ();
  g_signal_connect (window, "notify::workspace", G_CALLBACK (record_build_toast_cb), &toast_shown);
  g_assert_true (pd_window_get_busy (window));
  pd_ui_test_wait_until_idle (window, 600);
  g_signal_handlers_disconnect_by_func (window, record_build_toast_cb, &toast_shown);
  g_test_message ("demo built and shown in %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  g_assert_null (find_dialog (window));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, path);
  g_assert_true (toast_shown);
  last = g_settings_get_string (pd_application_get_settings (application), "last-workspace");
  g_assert_cmpstr (last, ==, path);

  /* The window shows what the workspace itself reports. */
  demo = pd_workspace_open (path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  summary = pd_workspace_query_summary (demo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->n_spend, >, 0);
  g_assert_cmpint (summary->n_indicator_values, >, 0);
  spend = pd_format_count (summary->n_spend);
  values = pd_format_count (summary->n_indicator_values);
  events = pd_format_count (summary->n_events);
  allocation = pd_format_pence (summary->allocation_pence);
  assert_row_shows (window, "Spend", spend);
  assert_row_shows (window, "Indicator Values", values);
  assert_row_shows (window, "Events", events);
  assert_row_shows (window, "Total Allocations", allocation);
  g_clear_pointer (&spend, g_free);
  spend = pd_format_pence (summary->spend_pence);
  assert_row_shows (window, "Total Spend", spend);
  g_assert_cmpuint (summary->imports->len, >=, 8);
  for (guint i = 0; i < summary->imports->len; i++)
    {
      const PdImportRecord *record = g_ptr_array_index (summary->imports, i);

      g_assert_nonnull (find_row (window, record->file_name));
    }

  pd_ui_test_destroy_window (window);

  /* The next start opens the same file again without building it. */
  window = NULL;
  g_application_activate (G_APPLICATION (application));
  window = active_window ();
  pd_ui_test_wait_until_idle (window, 120);
  g_assert_cmpstr (pd_workspace_get_path (pd_window_get_workspace (window)), ==, path);
  g_assert_false (has_label_starting (GTK_WIDGET (window), "Demo workspace built in "));
  assert_row_shows (window, "Total Spend", spend);
  pd_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything asks GLib for the user's folders: the demo goes into scratch. */
  scratch = pd_test_scratch_new ();
  data_home = g_build_filename (scratch, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  /* These tests read the Workspace view; the Overview, home on first run, has its own
   * tests (test-views). The memory backend is shared by every GSettings in the process. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_settings_set_string (settings, "view", "workspace");
  }

  application = g_object_new (PD_TYPE_APPLICATION,
                              "application-id", APPLICATION_ID,
                              "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/pctdash/ui/window/shows-workspace", test_shows_workspace);
  g_test_add_func ("/pctdash/ui/window/empty-workspace", test_empty_workspace);
  g_test_add_func ("/pctdash/ui/window/not-a-workspace", test_not_a_workspace);
  g_test_add_func ("/pctdash/ui/window/too-new", test_too_new);
  g_test_add_func ("/pctdash/ui/window/damaged", test_damaged);
  g_test_add_func ("/pctdash/ui/window/opened-read-only", test_opened_read_only);
  g_test_add_func ("/pctdash/ui/window/open-action", test_open_action);
  g_test_add_func ("/pctdash/ui/window/remembers-size", test_remembers_size);
  g_test_add_func ("/pctdash/ui/window/shortcuts-and-about", test_shortcuts_and_about);
  g_test_add_func ("/pctdash/ui/window/demo-cancelled", test_demo_cancelled);
  g_test_add_func ("/pctdash/ui/window/demo-first-run", test_demo_first_run);

  status = g_test_run ();

  g_clear_object (&application);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
