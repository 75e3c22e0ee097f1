/* pd-ui-test-util.c — what the window tests share
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "import/pd-importer.h"
#include "pd-test-util.h"
#include "pd-ui-test-util.h"

char *
pd_ui_test_init (int    *argc,
                 char ***argv)
{
  char *scratch = pd_test_scratch_new ();
  g_autofree char *data_home = g_build_filename (scratch, "data", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (argc, argv, NULL);
  return scratch;
}

PdApplication *
pd_ui_test_application_new (void)
{
  g_autoptr(GError) error = NULL;
  PdApplication *application;

  application = g_object_new (PD_TYPE_APPLICATION,
                              "application-id", APPLICATION_ID,
                              "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  return application;
}

void
pd_ui_test_import_text (PdWorkspace *workspace,
                        const char  *dir,
                        const char  *name,
                        const char  *text)
{
  g_autofree char *path = pd_test_write_file (dir, name, text, -1);
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = pd_import_file (workspace, path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpint (report->import_id, >, 0);
}

char *
pd_ui_test_make_workspace (const char *dir,
                           const char *name,
                           ...)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  const char *file;
  va_list args;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  va_start (args, name);
  while ((file = va_arg (args, const char *)) != NULL)
    pd_ui_test_import_text (workspace, dir, file, va_arg (args, const char *));
  va_end (args);
  return g_steal_pointer (&path);
}

void
pd_ui_test_wait_until_idle (PdWindow *window,
                            int       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (pd_window_get_busy (window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the window was still busy after %d s", seconds);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

void
pd_ui_test_wait_for (gboolean   (*condition) (gpointer data),
                     gpointer     data,
                     int          seconds,
                     const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("still waiting for %s after %d s", what, seconds);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

PdWindow *
pd_ui_test_open_window (PdApplication *application,
                        const char    *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PdWindow *window = g_object_ref (pd_window_new (application));

  gtk_window_present (GTK_WINDOW (window));
  pd_window_open (window, file);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_nonnull (pd_window_get_workspace (window));
  return window;
}

void
pd_ui_test_destroy_window (PdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (window);
}

gboolean
pd_ui_test_shows_label (GtkWidget  *widget,
                        const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (pd_ui_test_shows_label (child, text))
      return TRUE;
  return FALSE;
}

void
pd_ui_test_collect (GtkWidget *root,
                    GType      type,
                    GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    pd_ui_test_collect (child, type, found);
}

gpointer
pd_ui_test_find_one (gpointer root,
                     GType    type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  pd_ui_test_collect (GTK_WIDGET (root), type, found);
  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

PdWindow *
pd_ui_test_open_file (PdApplication *application,
                      const char    *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *window;

  g_application_open (G_APPLICATION (application), &file, 1, "");
  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_assert_true (PD_IS_WINDOW (window));
  g_object_ref (window);
  pd_ui_test_wait_until_idle (PD_WINDOW (window), 120);
  return PD_WINDOW (window);
}

void
pd_ui_test_visit (PdWindow   *window,
                  const char *name)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();
  GtkListBox *sidebar = NULL;

  pd_ui_test_collect (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, boxes);
  /* The window's sidebar, not the Quality view's list of indicators. */
  for (guint i = 0; i < boxes->len && sidebar == NULL; i++)
    {
      GtkWidget *first = gtk_widget_get_first_child (g_ptr_array_index (boxes, i));

      if (first != NULL && g_strcmp0 (gtk_widget_get_name (first), "overview") == 0)
        sidebar = g_ptr_array_index (boxes, i);
    }
  g_assert_nonnull (sidebar);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      {
        g_signal_emit_by_name (sidebar, "row-activated", row);
        pd_ui_test_wait_until_idle (window, 60);
        return;
      }
  g_error ("no sidebar row %s", name);
}

GtkWidget *
pd_ui_test_find_widget (GtkWidget *root,
                        GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pd_ui_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a stack under @widget is still crossfading or sliding between pages. */
static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

void
pd_ui_test_screenshot (GtkWidget  *widget,
                       const char *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  /* The page a user stops on, not two pages half faded into each other. */
  while (transition_running (widget))
    gtk_test_widget_wait_for_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
  paintable = gtk_widget_paintable_new (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
