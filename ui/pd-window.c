/* pd-window.c — the main window: a sidebar of views beside the open workspace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"
#include "import/pd-demo.h"
#include "import/pd-importer.h"
#include "pd-benchmarks-view.h"
#include "pd-board-pack-dialog.h"
#include "pd-cquin-view.h"
#include "pd-import-dialog.h"
#include "pd-outlook-view.h"
#include "pd-overview-view.h"
#include "pd-quality-view.h"
#include "pd-spend-view.h"
#include "pd-triangulation-view.h"
#include "pd-window.h"
#include "pd-workspace-view.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkListBoxRow        *workspace_row;
  GtkListBoxRow        *overview_row;
  GtkListBoxRow        *spend_row;
  GtkListBoxRow        *quality_row;
  GtkListBoxRow        *benchmarks_row;
  GtkListBoxRow        *cquin_row;
  GtkListBoxRow        *outlook_row;
  GtkListBoxRow        *triangulation_row;
  GtkDropDown          *commissioner_dropdown;
  GtkDropDown          *year_dropdown;
  GtkWidget            *content_box;
  AdwWindowTitle       *window_title;
  GtkStack             *content_stack;
  AdwStatusPage        *busy_page;
  GtkSpinner           *busy_spinner;
  GtkProgressBar       *progress_bar;
  GtkStack             *view_stack;
  PdWorkspaceView      *workspace_view;
  PdOverviewView       *overview_view;
  PdSpendView          *spend_view;
  PdQualityView        *quality_view;
  PdBenchmarksView     *benchmarks_view;
  PdCquinView          *cquin_view;
  PdOutlookView        *outlook_view;
  PdTriangulationView  *triangulation_view;
  GMenu                *recent_menu;

  /* Owned */
  GStrv                 commissioners;   /* codes, in the dropdown's order */
  GArray               *years;           /* of int, in the year dropdown's order */
  GSettings            *settings;
  PdWorkspace          *workspace;
  GCancellable         *cancellable;     /* the open or demo build under way */
  GtkFileChooserNative *chooser;
  int                  *progress;        /* g_atomic_rc_box: permille, written by the worker */
  guint                 progress_source;
  GtkFileChooserNative *save_chooser;
  char                 *last_toast;      /* the last toast's title, for tests and a11y */
  guint                 saving;          /* save-as copies under way */
  guint                 importing;       /* imports or undos under way */
  GArray               *undo_ids;        /* of gint64: the last import, for Undo */
  GtkFileChooserNative *import_chooser;
  PdImportDialog       *import_dialog;    /* borrowed (weak): the import being previewed */
  GtkFileChooserNative *new_chooser;
  AdwToast             *toast;            /* the last toast the window showed itself */
  GtkRecentManager     *recent;           /* borrowed: the default manager */
  guint                 import_progress_source;

  guint                 opening : 1;
  guint                 busy : 1;
  guint                 filling_filters : 1;
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void remember_recent (PdWindow   *self,
                             const char *path);

/* What one open needs on its worker thread; owned by the GTask. */
typedef struct
{
  char    *path;
  gboolean demo;
  gboolean built;          /* set by the worker: the demo was (re)built */
  double   build_seconds;  /* set by the worker */
  int     *progress;       /* a reference on the window's progress box */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_atomic_rc_box_release (data->progress);
  g_free (data);
}

static void
update_busy (PdWindow *self)
{
  gboolean busy = self->opening
                 || pd_workspace_view_get_loading (self->workspace_view)
                 || pd_overview_view_get_loading (self->overview_view)
                 || pd_spend_view_get_loading (self->spend_view)
                 || pd_quality_view_get_loading (self->quality_view)
                 || pd_benchmarks_view_get_loading (self->benchmarks_view)
                 || pd_cquin_view_get_loading (self->cquin_view)
                 || pd_outlook_view_get_loading (self->outlook_view)
                 || pd_triangulation_view_get_loading (self->triangulation_view);

  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
view_loading_changed_cb (PdWindow *self)
{
  update_busy (self);
}

/* "~/Documents" rather than "/home/someone/Documents": the subtitle is read, not parsed. */
static char *
display_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  g_autofree char *shown = NULL;

  if (g_str_has_prefix (folder, home) && (folder[home_len] == '/' || folder[home_len] == '\0'))
    shown = g_strconcat ("~", folder + home_len, NULL);
  else
    shown = g_steal_pointer (&folder);
  /* File names are bytes; a title is UTF-8. */
  return g_filename_display_name (shown);
}

static GtkListBoxRow *
row_for_view (PdWindow   *self,
              const char *name)
{
  if (g_strcmp0 (name, "overview") == 0)
    return self->overview_row;
  if (g_strcmp0 (name, "spend") == 0)
    return self->spend_row;
  if (g_strcmp0 (name, "quality") == 0)
    return self->quality_row;
  if (g_strcmp0 (name, "benchmarks") == 0)
    return self->benchmarks_row;
  if (g_strcmp0 (name, "cquin") == 0)
    return self->cquin_row;
  if (g_strcmp0 (name, "outlook") == 0)
    return self->outlook_row;
  if (g_strcmp0 (name, "triangulation") == 0)
    return self->triangulation_row;
  if (g_strcmp0 (name, "workspace") == 0)
    return self->workspace_row;
  return NULL;
}

static void
show_view (PdWindow   *self,
           const char *name)
{
  GtkListBoxRow *row = row_for_view (self, name);

  if (row == NULL)
    {
      name = "overview";
      row = self->overview_row;
    }
  gtk_list_box_select_row (self->sidebar, row);
  gtk_stack_set_visible_child_name (self->view_stack, name);
  /* Each filter shows where it means something: the commissioner on the Overview, Spend,
   * Outlook, CQUIN and Triangulation (its providers), the year on Spend. */
  gtk_widget_set_visible (GTK_WIDGET (self->commissioner_dropdown),
                          (row == self->overview_row || row == self->spend_row ||
                           row == self->cquin_row || row == self->outlook_row ||
                           row == self->triangulation_row) &&
                          self->commissioners != NULL && self->commissioners[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->year_dropdown),
                          row == self->spend_row && self->years != NULL && self->years->len > 0);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "view", name);
}

static void
set_commissioner (PdWindow   *self,
                  const char *commissioner)
{
  pd_overview_view_set_commissioner (self->overview_view, commissioner);
  pd_spend_view_set_commissioner (self->spend_view, commissioner);
  pd_cquin_view_set_commissioner (self->cquin_view, commissioner);
  pd_outlook_view_set_commissioner (self->outlook_view, commissioner);
  pd_triangulation_view_set_commissioner (self->triangulation_view, commissioner);
}

/* The year filter: the financial years with spend, newest first, the remembered one
 * chosen, else the newest. */
static void
fill_years (PdWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GArray) years = NULL;
  int remembered = self->settings != NULL ? g_settings_get_int (self->settings, "year") : 0;
  guint selected = 0;

  g_clear_pointer (&self->years, g_array_unref);
  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  if (self->workspace != NULL)
    years = pd_spend_years_query (self->workspace, NULL);
  for (guint i = years != NULL ? years->len : 0; i > 0; i--)
    {
      int year = g_array_index (years, int, i - 1);
      g_autofree char *label = pd_financial_year_label (year);

      gtk_string_list_append (labels, label);
      if (year == remembered)
        selected = self->years->len;
      g_array_append_val (self->years, year);
    }

  self->filling_filters = TRUE;
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->year_dropdown, selected);
  self->filling_filters = FALSE;
  /* The newest year is "the latest", so a workspace that gains a year shows it. */
  pd_spend_view_set_year (self->spend_view,
                          selected > 0 ? g_array_index (self->years, int, selected) : 0);
}

static void
year_selected_cb (PdWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_dropdown);
  int year;

  if (self->filling_filters || self->years == NULL || selected >= self->years->len)
    return;
  year = selected > 0 ? g_array_index (self->years, int, selected) : 0;
  if (self->settings != NULL)
    g_settings_set_int (self->settings, "year", year);
  pd_spend_view_set_year (self->spend_view, year);
}

/* The commissioner filter: every commissioner in the workspace, the remembered one
 * chosen, else the first. Ten rows at most in a region: read here, not on a worker. */
static void
fill_filters (PdWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) organisations = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autofree char *remembered = NULL;
  guint selected = 0;

  g_clear_pointer (&self->commissioners, g_strfreev);
  if (self->workspace != NULL)
    organisations = pd_organisations_query (self->workspace, PD_ROLE_COMMISSIONER, NULL);
  if (self->settings != NULL)
    remembered = g_settings_get_string (self->settings, "commissioner");

  for (guint i = 0; organisations != NULL && i < organisations->len; i++)
    {
      const PdOrganisation *org = g_ptr_array_index (organisations, i);

      gtk_string_list_append (names, org->name);
      g_strv_builder_add (codes, org->code);
      if (g_strcmp0 (org->code, remembered) == 0)
        selected = i;
    }
  self->commissioners = g_strv_builder_end (codes);

  self->filling_filters = TRUE;
  gtk_drop_down_set_model (self->commissioner_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->commissioner_dropdown, selected);
  self->filling_filters = FALSE;
  set_commissioner (self, self->commissioners[0] != NULL ? self->commissioners[selected] : NULL);

  fill_years (self);
}

static void
commissioner_selected_cb (PdWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->commissioner_dropdown);

  if (self->filling_filters || self->commissioners == NULL ||
      selected >= g_strv_length (self->commissioners))
    return;
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "commissioner", self->commissioners[selected]);
  set_commissioner (self, self->commissioners[selected]);
}

static void
open_indicator_cb (PdWindow   *self,
                   const char *indicator,
                   const char *provider)
{
  pd_quality_view_show (self->quality_view, indicator, provider);
  show_view (self, "quality");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
set_workspace (PdWindow    *self,
               PdWorkspace *workspace)
{
  g_assert (PD_IS_WINDOW (self));

  if (!g_set_object (&self->workspace, workspace))
    return;

  pd_workspace_view_set_workspace (self->workspace_view, workspace);
  /* The filters first, so the views' first load already asks the right question. */
  fill_filters (self);
  pd_overview_view_set_workspace (self->overview_view, workspace);
  pd_spend_view_set_workspace (self->spend_view, workspace);
  pd_quality_view_set_workspace (self->quality_view, workspace);
  pd_benchmarks_view_set_workspace (self->benchmarks_view, workspace);
  pd_cquin_view_set_workspace (self->cquin_view, workspace);
  pd_outlook_view_set_workspace (self->outlook_view, workspace);
  pd_triangulation_view_set_workspace (self->triangulation_view, workspace);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sidebar), workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pack", workspace != NULL);

  if (workspace != NULL)
    {
      const char *path = pd_workspace_get_path (workspace);
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *folder = display_folder (path);
      g_autofree char *title = g_strdup_printf ("%s — pctdash", name);

      adw_window_title_set_title (self->window_title, name);
      adw_window_title_set_subtitle (self->window_title, folder);
      gtk_window_set_title (GTK_WINDOW (self), title);
      {
        g_autofree char *view = self->settings != NULL
                                ? g_settings_get_string (self->settings, "view") : NULL;
        show_view (self, view);
      }
      gtk_stack_set_visible_child_name (self->content_stack, "views");
      /* Narrow, the leaflet shows one side: the workspace, not the list of views. */
      adw_leaflet_set_visible_child (self->leaflet, self->content_box);
    }
  else
    {
      adw_window_title_set_title (self->window_title, "pctdash");
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), "pctdash");
      gtk_stack_set_visible_child_name (self->content_stack, "start");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (self->progress) / 1000.0);
  return G_SOURCE_CONTINUE;
}

/* Called on the worker thread: only the atomic counter is touched; the main loop reads it
 * on a timer, so the worker never waits for the UI and never touches a widget. */
static void
demo_progress_cb (double   fraction,
                  gpointer user_data)
{
  int *progress = user_data;

  g_atomic_int_set (progress, (int) (CLAMP (fraction, 0.0, 1.0) * 1000.0));
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  PdWorkspace *workspace;
  GError *error = NULL;

  if (data->demo)
    {
      g_autofree char *folder = g_path_get_dirname (data->path);
      gint64 start;

      if (g_file_test (data->path, G_FILE_TEST_EXISTS))
        {
          workspace = pd_workspace_open (data->path, PD_WORKSPACE_OPEN_DEFAULT, NULL);
          if (workspace != NULL)
            {
              g_task_return_pointer (task, workspace, g_object_unref);
              return;
            }
          /* The demo file is ours to remake: one an older build wrote, or one left damaged,
           * is simply built again from the bundled CSVs. */
        }

      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved_errno = errno;

          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   _("Could not create the folder %s: %s"),
                                   folder, g_strerror (saved_errno));
          return;
        }

      start = g_get_monotonic_time ();
      if (!pd_demo_build (NULL, data->path, demo_progress_cb, data->progress, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      data->built = TRUE;
      data->build_seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }

  workspace = pd_workspace_open (data->path, PD_WORKSPACE_OPEN_DEFAULT, &error);
  if (workspace == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, workspace, g_object_unref);
}

/* What to do next, where the workspace's own message does not already say it. */
static const char *
advise_on_open_error (const GError *error)
{
  if (g_error_matches (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_NOT_WORKSPACE))
    return _("CSV and Excel files are not opened but imported into a workspace, with "
             "pctdash-cli import.");
  if (g_error_matches (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_BUSY))
    return _("Try again when the other program has finished.");
  return NULL;
}

static void
show_open_error (PdWindow     *self,
                 OpenData     *data,
                 const GError *error)
{
  g_autofree char *name = g_filename_display_basename (data->path);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *advice = advise_on_open_error (error);
  GtkWidget *dialog;

  if (data->demo)
    heading = g_strdup (_("Could Not Open the Demo Workspace"));
  else
    heading = g_strdup_printf (_("Could Not Open “%s”"), name);

  if (advice != NULL)
    body = g_strdup_printf ("%s\n\n%s", error->message, advice);
  else
    body = g_strdup (error->message);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
end_open (PdWindow *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_spinner_set_spinning (self->busy_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
  self->opening = FALSE;
  update_busy (self);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdWindow *self = PD_WINDOW (object);
  GTask *task = G_TASK (result);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = g_task_propagate_pointer (task, &error);

  /* Another open replaced this one, or the window went away: nothing here is ours. */
  if (self->cancellable == NULL || g_task_get_cancellable (task) != self->cancellable)
    return;

  g_clear_object (&self->cancellable);

  if (workspace == NULL)
    {
      end_open (self);
      gtk_stack_set_visible_child_name (self->content_stack,
                                        self->workspace != NULL ? "views" : "start");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          const char *text = data->demo ? _("Building the demo workspace was cancelled")
                                        : _("Opening was cancelled");

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
        }
      else
        {
          show_open_error (self, data, error);
        }
      return;
    }

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-workspace", data->path);
  if (!data->demo)
    remember_recent (self, data->path);

  if (data->built)
    {
      g_autofree char *text = g_strdup_printf (_("Demo workspace built in %.1f s"),
                                               data->build_seconds);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }

  /* The view starts loading before the open ends, so the window stays busy throughout. */
  set_workspace (self, workspace);
  end_open (self);
  gtk_stack_set_visible_child_name (self->content_stack, "views");

  /* Said after the open so that they are the last toasts shown; they stay until dismissed. */
  if (pd_workspace_get_filesystem_warning (workspace) != NULL)
    {
      AdwToast *toast = adw_toast_new (pd_workspace_get_filesystem_warning (workspace));

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  if (pd_workspace_get_lock_holder (workspace) != NULL)
    {
      const char *text = _("Opened read-only: another pctdash has this workspace open");
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 0);
      g_free (self->last_toast);
      self->last_toast = g_strdup (text);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
begin_open (PdWindow   *self,
            const char *path,
            gboolean    demo)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  OpenData *data;

  g_assert (PD_IS_WINDOW (self));
  g_assert (path != NULL);

  /* One open at a time: the newest wins. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->cancellable = g_cancellable_new ();

  g_atomic_int_set (self->progress, 0);
  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->demo = demo;
  data->progress = g_atomic_rc_box_acquire (self->progress);

  if (demo)
    {
      adw_status_page_set_title (self->busy_page, _("Opening the Demo Workspace"));
      adw_status_page_set_description (self->busy_page,
                                       _("On first use it is built from the bundled data "
                                         "through the importer, which takes a moment."));
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), FALSE);
      self->progress_source = g_timeout_add (50, progress_tick_cb, self);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Opening “%s”"), name);

      adw_status_page_set_title (self->busy_page, title);
      adw_status_page_set_description (self->busy_page, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), TRUE);
      gtk_spinner_set_spinning (self->busy_spinner, TRUE);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "busy");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", TRUE);
  self->opening = TRUE;
  update_busy (self);

  task = g_task_new (self, self->cancellable, open_cb, NULL);
  g_task_set_source_tag (task, begin_open);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/* ---- file choosers ----------------------------------------------------------------- */

/* What a chooser does with the files chosen, called before the chooser goes. */
typedef void (*ChooserDone) (PdWindow       *self,
                             GtkFileChooser *chooser);

typedef struct
{
  PdWindow              *self;
  GtkFileChooserNative **slot;   /* the window's field that holds the chooser */
  ChooserDone            done;
} ChooserCall;

static void
chooser_call_free (gpointer  data,
                   GClosure *closure)
{
  g_free (data);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     ChooserCall     *call)
{
  PdWindow *self = call->self;
  GtkFileChooserNative **slot = call->slot;
  ChooserDone done = call->done;
  g_autoptr(GtkNativeDialog) chooser = g_object_ref (dialog);

  /* The slot is cleared first: what @done starts may open another chooser. */
  if (*slot == GTK_FILE_CHOOSER_NATIVE (dialog))
    g_clear_object (slot);
  gtk_native_dialog_hide (chooser);
  if (response == GTK_RESPONSE_ACCEPT)
    done (self, GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
}

/* Shows @chooser, kept in @slot until it answers; then @done, when a file was chosen. The
 * window's dispose destroys a chooser still open, so @self outlives the call. */
static void
run_chooser (PdWindow              *self,
             GtkFileChooserNative  *chooser,
             GtkFileChooserNative **slot,
             ChooserDone            done)
{
  ChooserCall *call = g_new0 (ChooserCall, 1);

  call->self = self;
  call->slot = slot;
  call->done = done;
  *slot = chooser;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb), call,
                         chooser_call_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
destroy_chooser (GtkFileChooserNative **slot)
{
  if (*slot == NULL)
    return;
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (*slot));
  g_clear_object (slot);
}

static void
open_chosen (PdWindow       *self,
             GtkFileChooser *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  if (file != NULL)
    pd_window_open (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(GtkFileFilter) workspaces = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) everything = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Open Workspace"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));

  gtk_file_filter_set_name (workspaces, _("pctdash Workspaces"));
  gtk_file_filter_add_pattern (workspaces, "*.pctdash");
  gtk_file_filter_add_mime_type (workspaces, "application/x-pctdash-workspace");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), workspaces);
  gtk_file_filter_set_name (everything, _("All Files"));
  gtk_file_filter_add_pattern (everything, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), everything);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), workspaces);

  /* Start beside the workspace that is open: the next one is usually next to it. */
  if (self->workspace != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (pd_workspace_get_path (self->workspace));
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  run_chooser (self, chooser, &self->chooser, open_chosen);
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pd_window_open_demo (PD_WINDOW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
}

/* ---- save as ----------------------------------------------------------------------- */

enum { SIGNAL_FIND, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Shows @toast (taking it) and remembers it, with its @text, for tests and a11y. */
static void
add_toast (PdWindow   *self,
           AdwToast   *toast,
           const char *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  g_set_object (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_toast (PdWindow   *self,
            const char *text)
{
  add_toast (self, adw_toast_new (text), text);
}

static void
save_as_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PdWorkspace *workspace = source_object;
  const char *target = task_data;
  g_autoptr(PdWorkspace) own = NULL;
  g_autoptr(GError) error = NULL;

  /* Its own connection: the window's stays on the main thread. */
  own = pd_workspace_open_again (workspace, &error);
  if (own == NULL || !pd_workspace_save_as (own, target, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_as_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *target = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = g_filename_display_basename (target);
  g_autofree char *text = NULL;

  self->saving--;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    text = g_strdup_printf (_("Saved a copy as “%s”"), name);
  else
    text = g_strdup (error->message);
  show_toast (self, text);
}

/**
 * pd_window_save_as:
 * @self: a window
 * @file: where the copy goes
 *
 * Writes a complete copy of the open workspace to @file in a worker thread (atomically:
 * see pd_workspace_save_as()), then says so in a toast. The window keeps its workspace.
 */
void
pd_window_save_as (PdWindow *self,
                   GFile    *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->workspace == NULL)
    return;

  self->saving++;
  task = g_task_new (self->workspace, NULL, save_as_cb, g_object_ref (self));
  g_task_set_source_tag (task, pd_window_save_as);
  g_task_set_task_data (task, g_file_get_path (file), g_free);
  g_task_run_in_thread (task, save_as_thread);
}

static void
save_chosen (PdWindow       *self,
             GtkFileChooser *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  if (file != NULL)
    pd_window_save_as (self, file);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(GFile) current = NULL;
  g_autofree char *base = NULL;
  GtkFileChooserNative *chooser;

  if (self->workspace == NULL)
    return;
  destroy_chooser (&self->import_chooser);
  if (self->save_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Save Workspace As"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"),
                                         _("_Cancel"));

  current = g_file_new_for_path (pd_workspace_get_path (self->workspace));
  base = g_file_get_basename (current);
  {
    g_autoptr(GFile) folder = g_file_get_parent (current);
    g_autofree char *suggested = NULL;
    char *dot = strrchr (base, '.');

    if (dot != NULL)
      *dot = '\0';
    suggested = g_strdup_printf ("%s copy.pctdash", base);
    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  }

  run_chooser (self, chooser, &self->save_chooser, save_chosen);
}

/* ---- import ------------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *paths;    /* of char * */
  GArray    *kinds;    /* of PdKind, one a path: PD_KIND_UNKNOWN to detect */
  GPtrArray *reports;  /* of PdImportReport, filled by the worker */
  GArray    *ids;      /* of gint64: for an undo, the imports to remove */
  int       *progress; /* a reference on the window's progress box, or NULL */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_clear_pointer (&data->kinds, g_array_unref);
  g_clear_pointer (&data->progress, g_atomic_rc_box_release);
  g_clear_pointer (&data->reports, g_ptr_array_unref);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data);
}

/* Removes @ids newest first; stops at the first failure. */
static gboolean
remove_imports (PdWorkspace  *workspace,
                GArray       *ids,
                GError      **error)
{
  for (guint i = ids->len; i > 0; i--)
    if (!pd_workspace_remove_import (workspace, g_array_index (ids, gint64, i - 1), error))
      return FALSE;
  return TRUE;
}

/* The batch's progress: the file's own fraction within its share of the files. */
typedef struct
{
  int   *progress;
  guint  index;
  guint  n_files;
} BatchProgress;

static void
batch_progress_cb (double   fraction,
                   gpointer user_data)
{
  BatchProgress *batch = user_data;
  double done = (batch->index + CLAMP (fraction, 0.0, 1.0)) / MAX (batch->n_files, 1);

  g_atomic_int_set (batch->progress, (int) (done * 1000.0));
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(PdWorkspace) own = NULL;
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  BatchProgress batch = { data->progress, 0, data->paths->len };

  own = pd_workspace_open_again (source_object, &error);
  if (own == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < data->paths->len; i++)
    {
      PdImportOptions options = { .kind = g_array_index (data->kinds, PdKind, i) };
      PdImportReport *report;

      batch.index = i;
      report = pd_import_file (own, g_ptr_array_index (data->paths, i), &options,
                               data->progress != NULL ? batch_progress_cb : NULL, &batch,
                               cancellable, &error);

      if (report == NULL)
        break;
      g_ptr_array_add (data->reports, report);
      if (report->import_id != 0)
        g_array_append_val (done, report->import_id);
      else
        break;   /* a file with problems: the files after it wait for the user */
    }

  /* A cancelled or failed import changes nothing: the files that went in before come out
   * again. The importer's error names the file, row and column of every problem. */
  if (error != NULL)
    {
      g_autoptr(GError) undo_error = NULL;

      if (!remove_imports (own, done, &undo_error))
        g_warning ("Could not remove a cancelled import: %s", undo_error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
reload_workspace (PdWindow *self)
{
  g_autoptr(PdWorkspace) again = NULL;
  g_autoptr(GError) error = NULL;

  /* A new connection is a new workspace object: every view loads again. */
  again = pd_workspace_open_again (self->workspace, &error);
  if (again == NULL)
    show_toast (self, error->message);
  else
    set_workspace (self, again);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  ImportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 rows = 0;
  PdImportReport *bad = NULL;

  self->importing--;
  g_clear_handle_id (&self->import_progress_source, g_source_remove);
  if (g_task_get_cancellable (G_TASK (result)) == self->cancellable)
    {
      g_clear_object (&self->cancellable);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                           g_error_matches (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED);
      PdImportReport *last = data->reports->len > 0
                             ? g_ptr_array_index (data->reports, data->reports->len - 1) : NULL;

      show_toast (self, cancelled ? _("Import cancelled: nothing was changed") : error->message);
      /* The dialog lists every problem by file, row and column, to copy; a cancelled
       * import leaves nothing to show. */
      if (self->import_dialog != NULL && cancelled)
        gtk_window_destroy (GTK_WINDOW (self->import_dialog));
      else if (self->import_dialog != NULL)
        pd_import_dialog_show_problems (self->import_dialog, error->message,
                                        last != NULL && last->import_id == 0 ? last->problems
                                                                             : NULL);
      return;
    }

  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));

  g_array_set_size (self->undo_ids, 0);
  for (guint i = 0; i < data->reports->len; i++)
    {
      PdImportReport *report = g_ptr_array_index (data->reports, i);

      if (report->import_id == 0)
        {
          bad = report;
          continue;
        }
      g_array_append_val (self->undo_ids, report->import_id);
      for (guint k = 0; k < PD_N_KINDS; k++)
        rows += report->rows[k];
    }

  if (self->undo_ids->len > 0)
    reload_workspace (self);

  if (bad != NULL)
    {
      PdImportProblem *first = bad->problems->len > 0 ? g_ptr_array_index (bad->problems, 0) : NULL;

      /* The file-level summary comes first; the user needs the first cell at fault. */
      for (guint i = 0; i < bad->problems->len; i++)
        if (((PdImportProblem *) g_ptr_array_index (bad->problems, i))->row > 0)
          {
            first = g_ptr_array_index (bad->problems, i);
            break;
          }

      if (first != NULL && first->row > 0)
        text = g_strdup_printf (_("%s, row %" G_GUINT64_FORMAT ", column %s: “%s” — %s (nothing imported from it)"),
                                bad->file_name, first->row,
                                first->column_name != NULL ? first->column_name : "?",
                                first->value != NULL ? first->value : "", first->reason);
      else
        text = g_strdup_printf (_("%s: %s"), bad->file_name,
                                first != NULL ? first->reason : _("nothing imported"));
      show_toast (self, text);
      return;
    }

  if (data->reports->len == 1)
    text = g_strdup_printf (_("Imported %" G_GUINT64_FORMAT " rows from %s"), rows,
                            ((PdImportReport *) g_ptr_array_index (data->reports, 0))->file_name);
  else
    text = g_strdup_printf (_("Imported %" G_GUINT64_FORMAT " rows from %u files"), rows,
                            data->reports->len);
  {
    AdwToast *toast = adw_toast_new (text);

    adw_toast_set_button_label (toast, _("_Undo"));
    adw_toast_set_action_name (toast, "win.undo-import");
    add_toast (self, toast, text);
  }
}

static void begin_import (PdWindow   *self,
                          ImportData *data);

/**
 * pd_window_import:
 * @self: a window with a workspace
 * @files: (element-type GFile): the files, imported in order
 *
 * Imports @files into the open workspace on a worker thread with its own connection;
 * Escape (win.cancel) cancels and a cancelled import changes nothing. Then a toast says
 * how many rows came in, with Undo, or names the first problem's file, row and column.
 */
void
pd_window_import (PdWindow *self,
                  GList    *files)
{
  ImportData *data;

  g_return_if_fail (PD_IS_WINDOW (self));

  /* One background job at a time: the open or demo build owns the cancellable meanwhile. */
  if (self->workspace == NULL || files == NULL || pd_window_get_busy (self))
    return;

  data = g_new0 (ImportData, 1);
  data->paths = g_ptr_array_new_with_free_func (g_free);
  data->kinds = g_array_new (FALSE, FALSE, sizeof (PdKind));
  for (GList *l = files; l != NULL; l = l->next)
    {
      PdKind detect = PD_KIND_UNKNOWN;

      g_ptr_array_add (data->paths, g_file_get_path (l->data));
      g_array_append_val (data->kinds, detect);
    }
  begin_import (self, data);
}

static void
begin_import (PdWindow   *self,
              ImportData *data)
{
  g_autoptr(GTask) task = NULL;

  data->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_import_report_free);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", TRUE);
  self->importing++;
  task = g_task_new (self->workspace, self->cancellable, import_cb, g_object_ref (self));
  g_task_set_source_tag (task, begin_import);
  /* The worker's own answer counts: an import that committed before it saw the cancel is
   * in the workspace, and must be reported (with Undo), not called cancelled. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(PdWorkspace) own = NULL;
  g_autoptr(GError) error = NULL;

  own = pd_workspace_open_again (source_object, &error);
  if (own == NULL || !remove_imports (own, data->ids, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->importing--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_toast (self, error->message);
      return;
    }
  if (self->workspace != NULL)
    reload_workspace (self);
  show_toast (self, _("Import undone"));
}

static void
undo_import_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  if (self->workspace == NULL || self->undo_ids->len == 0)
    return;

  data = g_new0 (ImportData, 1);
  data->ids = g_array_copy (self->undo_ids);
  g_array_set_size (self->undo_ids, 0);
  self->importing++;
  task = g_task_new (self->workspace, NULL, undo_cb, g_object_ref (self));
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, undo_thread);
}

static void
import_chosen (PdWindow       *self,
               GtkFileChooser *chooser)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (chooser);
  GList *list = NULL;

  if (files == NULL)
    return;
  for (guint i = g_list_model_get_n_items (files); i > 0; i--)
    list = g_list_prepend (list, g_list_model_get_item (files, i - 1));
  pd_window_preview_import (self, list);
  g_list_free_full (list, g_object_unref);
}

static gboolean
import_progress_tick_cb (gpointer user_data)
{
  PdWindow *self = user_data;

  if (self->import_dialog != NULL)
    pd_import_dialog_set_progress (self->import_dialog,
                                   g_atomic_int_get (self->progress) / 1000.0, NULL);
  return G_SOURCE_CONTINUE;
}

/* Import in the dialog: the files with the kinds chosen there, its progress bar fed from
 * the worker's counter on a timer. */
static void
import_dialog_import_cb (PdWindow       *self,
                         PdImportDialog *dialog)
{
  guint n_files = pd_import_dialog_get_n_files (dialog);
  g_autofree char *title = NULL;
  ImportData *data;

  if (self->workspace == NULL || pd_window_get_busy (self))
    return;

  data = g_new0 (ImportData, 1);
  data->paths = g_ptr_array_new_with_free_func (g_free);
  data->kinds = g_array_new (FALSE, FALSE, sizeof (PdKind));
  for (guint i = 0; i < n_files; i++)
    {
      PdKind kind = pd_import_dialog_get_kind (dialog, i);

      g_ptr_array_add (data->paths, g_file_get_path (pd_import_dialog_get_file (dialog, i)));
      g_array_append_val (data->kinds, kind);
    }
  g_atomic_int_set (self->progress, 0);
  data->progress = g_atomic_rc_box_acquire (self->progress);

  if (n_files == 1)
    {
      g_autofree char *name = g_file_get_basename (pd_import_dialog_get_file (dialog, 0));
      g_autofree char *shown = g_filename_display_name (name);

      title = g_strdup_printf (_("Importing “%s”"), shown);
    }
  else
    title = g_strdup_printf (_("Importing %u Files"), n_files);
  pd_import_dialog_set_importing (dialog, TRUE);
  pd_import_dialog_set_progress (dialog, 0, title);
  begin_import (self, data);
  g_clear_handle_id (&self->import_progress_source, g_source_remove);
  self->import_progress_source = g_timeout_add (50, import_progress_tick_cb, self);
}

static void
import_dialog_cancel_cb (PdWindow *self)
{
  g_cancellable_cancel (self->cancellable);
}

/**
 * pd_window_preview_import:
 * @self: a window with a workspace
 * @files: (element-type GFile): the files, to be imported in order
 *
 * Shows the import dialog: each file's kind (to change), first rows and problems, read
 * with a dry run. Its Import imports them with a progress bar and Cancel; a failed import
 * lists its problems there, to copy.
 *
 * Returns: (transfer none) (nullable): the dialog, or NULL with no workspace open
 */
PdImportDialog *
pd_window_preview_import (PdWindow *self,
                          GList    *files)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  if (self->workspace == NULL || files == NULL)
    return NULL;
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));

  self->import_dialog = pd_import_dialog_new (GTK_WINDOW (self), self->workspace, files);
  g_object_add_weak_pointer (G_OBJECT (self->import_dialog), (gpointer *) &self->import_dialog);
  g_signal_connect_object (self->import_dialog, "import",
                           G_CALLBACK (import_dialog_import_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->import_dialog, "cancel-import",
                           G_CALLBACK (import_dialog_cancel_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
  return self->import_dialog;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(GtkFileFilter) tables = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->workspace == NULL)
    return;
  if (self->import_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->import_chooser));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (tables, _("CSV and Excel Files"));
  gtk_file_filter_add_pattern (tables, "*.csv");
  gtk_file_filter_add_pattern (tables, "*.CSV");
  gtk_file_filter_add_pattern (tables, "*.xlsx");
  gtk_file_filter_add_pattern (tables, "*.XLSX");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), tables);
  run_chooser (self, chooser, &self->import_chooser, import_chosen);
}

/* ---- board pack -------------------------------------------------------------------- */

static void
board_pack_saved_cb (PdWindow   *self,
                     const char *path)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *text = g_strdup_printf (_("Board pack saved as “%s”"), name);
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-pack");
  adw_toast_set_action_target_value (toast, g_variant_new_string (path));
  add_toast (self, toast, text);
}

/* Ctrl+E: the board pack's options, for the commissioner the window shows. */
static void
export_pack_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  guint selected = gtk_drop_down_get_selected (self->commissioner_dropdown);
  const char *commissioner = NULL;
  PdBoardPackDialog *dialog;

  if (self->workspace == NULL)
    return;
  if (self->commissioners != NULL && selected < g_strv_length (self->commissioners))
    commissioner = self->commissioners[selected];
  dialog = pd_board_pack_dialog_new (GTK_WINDOW (self), self->workspace, commissioner);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (board_pack_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The toast's Open: the pack in the program the desktop opens it with. */
static void
open_pack_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
}

/* ---- new workspace, recent workspaces ---------------------------------------------- */

static void
new_workspace_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *temp = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  /* Made beside the target and renamed over it: a file the user chose to replace is left
   * as it was or replaced by a whole, empty workspace. */
  temp = g_build_filename (folder, ".pctdash-new-XXXXXX", NULL);
  fd = g_mkstemp (temp);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create a file in %s: %s"), folder,
                               g_strerror (saved_errno));
      return;
    }
  g_close (fd, NULL);
  g_unlink (temp);

  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (temp, PD_WORKSPACE_OPEN_CREATE, &error);

    if (workspace == NULL)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
  }
  if (g_rename (temp, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not create %s: %s"), path, g_strerror (saved_errno));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
new_workspace_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *path = g_task_get_task_data (G_TASK (result));

  self->saving--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_toast (self, error->message);
      return;
    }
  begin_open (self, path, FALSE);
}

/**
 * pd_window_new_workspace:
 * @self: a window
 * @file: the workspace file to create (one already there is replaced)
 *
 * Creates an empty workspace at @file on a worker thread, then opens it.
 */
void
pd_window_new_workspace (PdWindow *self,
                         GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_toast (self, _("A workspace must be a file on this computer"));
      return;
    }
  if (self->workspace != NULL && g_strcmp0 (path, pd_workspace_get_path (self->workspace)) == 0)
    {
      show_toast (self, _("That workspace is open: choose another name"));
      return;
    }
  if (!g_str_has_suffix (path, ".pctdash"))
    {
      char *named = g_strconcat (path, ".pctdash", NULL);

      g_free (path);
      path = named;
    }

  self->saving++;
  task = g_task_new (self, NULL, new_workspace_cb, g_object_ref (self));
  g_task_set_source_tag (task, pd_window_new_workspace);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, new_workspace_thread);
}

static void
new_chosen (PdWindow       *self,
            GtkFileChooser *chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  if (file != NULL)
    pd_window_new_workspace (self, file);
}

/* Ctrl+N: a name for the new workspace, beside the open one. */
static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  g_autoptr(GtkFileFilter) workspaces = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->new_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->new_chooser));
      return;
    }
  chooser = gtk_file_chooser_native_new (_("New Workspace"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (workspaces, _("pctdash Workspaces"));
  gtk_file_filter_add_pattern (workspaces, "*.pctdash");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), workspaces);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Untitled.pctdash"));
  if (self->workspace != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (pd_workspace_get_path (self->workspace));
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  run_chooser (self, chooser, &self->new_chooser, new_chosen);
}

#define WORKSPACE_MIME_TYPE "application/x-pctdash-workspace"
#define RECENT_SHOWN 8

/* The Open Recent menu: the workspaces the recent-files list has, newest first. */
static void
fill_recent (PdWindow *self)
{
  GList *items = gtk_recent_manager_get_items (self->recent);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_recent_info_get_mime_type (l->data), WORKSPACE_MIME_TYPE) == 0 &&
        gtk_recent_info_is_local (l->data) && gtk_recent_info_exists (l->data))
      g_ptr_array_add (found, l->data);

  /* Newest first: sorting by the time each was last used. */
  for (guint i = 0; i < found->len; i++)
    for (guint j = i + 1; j < found->len; j++)
      if (g_date_time_compare (gtk_recent_info_get_modified (g_ptr_array_index (found, j)),
                               gtk_recent_info_get_modified (g_ptr_array_index (found, i))) > 0)
        {
          gpointer swap = found->pdata[i];

          found->pdata[i] = found->pdata[j];
          found->pdata[j] = swap;
        }

  for (guint i = 0; i < MIN (found->len, RECENT_SHOWN); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (found, i);
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GMenuItem) item = NULL;

      if (path == NULL)
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (path));
      g_menu_append_item (self->recent_menu, item);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->recent_menu)) == 0)
    g_menu_append (self->recent_menu, _("No Recent Workspaces"), "win.no-recent");

  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
remember_recent (PdWindow   *self,
                 const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .mime_type = (char *) WORKSPACE_MIME_TYPE,
    .app_name = (char *) "pctdash",
    .app_exec = (char *) "pctdash %f",
  };

  gtk_recent_manager_add_full (self->recent, uri, &data);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  pd_window_open (PD_WINDOW (widget), file);
}

/* Ctrl+F: the visible view focuses its filter or search, if it has one. Views connect to
 * PdWindow::find and return TRUE when they handled it. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);
  GtkWidget *view = gtk_stack_get_visible_child (self->view_stack);
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SIGNAL_FIND], 0, view, &handled);
}

/* The Quality view's indicator search answers Ctrl+F. */
static gboolean
quality_find_cb (PdWindow  *self,
                 GtkWidget *view)
{
  if (view != GTK_WIDGET (self->quality_view))
    return FALSE;
  pd_quality_view_focus_search (self->quality_view);
  return TRUE;
}

/* The Benchmarks view's table filter answers Ctrl+F. */
static gboolean
benchmarks_find_cb (PdWindow  *self,
                    GtkWidget *view)
{
  if (view != GTK_WIDGET (self->benchmarks_view))
    return FALSE;
  pd_benchmarks_view_focus_search (self->benchmarks_view);
  return TRUE;
}

/* The Spend view's table filter answers Ctrl+F. */
static gboolean
spend_find_cb (PdWindow  *self,
               GtkWidget *view)
{
  if (view != GTK_WIDGET (self->spend_view))
    return FALSE;
  pd_spend_view_focus_search (self->spend_view);
  return TRUE;
}

static void
sidebar_row_activated_cb (PdWindow      *self,
                          GtkListBoxRow *row)
{
  show_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (PdWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static gboolean
pd_window_close_request (GtkWindow *window)
{
  PdWindow *self = PD_WINDOW (window);

  if (self->settings != NULL)
    {
      gboolean maximized = gtk_window_is_maximized (window);
      int width, height;

      /* The default size is the unmaximized size, the one worth restoring. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (pd_window_parent_class)->close_request (window);
}

/* A code property that may be NULL ("the first with data") kept as a string setting. */
static GVariant *
code_to_setting (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  const char *code = g_value_get_string (value);

  return g_variant_new_string (code != NULL ? code : "");
}

/* GObject sets "application" after constructed(), so the settings are picked up here. */
static void
application_changed_cb (PdWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->settings != NULL || !PD_IS_APPLICATION (application))
    return;

  self->settings = g_object_ref (pd_application_get_settings (PD_APPLICATION (application)));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  /* The indicator last looked at comes back with the window. */
  g_settings_bind_with_mapping (self->settings, "quality-provider",
                                self->quality_view, "provider", G_SETTINGS_BIND_DEFAULT,
                                NULL, code_to_setting, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "quality-indicator",
                                self->quality_view, "indicator", G_SETTINGS_BIND_DEFAULT,
                                NULL, code_to_setting, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "benchmarks-indicator",
                                self->benchmarks_view, "indicator", G_SETTINGS_BIND_DEFAULT,
                                NULL, code_to_setting, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "benchmarks-peer-group",
                                self->benchmarks_view, "peer-group", G_SETTINGS_BIND_DEFAULT,
                                NULL, code_to_setting, NULL, NULL);
  g_settings_bind (self->settings, "cquin-quarter",
                   self->cquin_view, "quarter", G_SETTINGS_BIND_DEFAULT);
  /* The rule preset: chosen in the Quality view, applied to the Overview's matrix too. */
  g_settings_bind (self->settings, "spc-rule-preset",
                   self->quality_view, "spc-preset", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "spc-rule-preset",
                   self->overview_view, "spc-preset", G_SETTINGS_BIND_GET);
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_handle_id (&self->import_progress_source, g_source_remove);
  if (self->import_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->import_dialog),
                                    (gpointer *) &self->import_dialog);
      gtk_window_destroy (GTK_WINDOW (self->import_dialog));
      self->import_dialog = NULL;
    }
  destroy_chooser (&self->chooser);
  destroy_chooser (&self->save_chooser);
  destroy_chooser (&self->import_chooser);
  destroy_chooser (&self->new_chooser);
  if (self->recent != NULL)
    g_signal_handlers_disconnect_by_func (self->recent, fill_recent, self);
  self->recent = NULL;
  g_clear_object (&self->toast);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->commissioners, g_strfreev);
  g_clear_pointer (&self->years, g_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WINDOW);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

static void
pd_window_finalize (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_clear_pointer (&self->progress, g_atomic_rc_box_release);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->undo_ids, g_array_unref);

  G_OBJECT_CLASS (pd_window_parent_class)->finalize (object);
}

static void
pd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdWindow *self = PD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_window_dispose;
  object_class->finalize = pd_window_finalize;
  object_class->get_property = pd_window_get_property;

  window_class->close_request = pd_window_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_WORKSPACE_VIEW);
  g_type_ensure (PD_TYPE_OVERVIEW_VIEW);
  g_type_ensure (PD_TYPE_SPEND_VIEW);
  g_type_ensure (PD_TYPE_QUALITY_VIEW);
  g_type_ensure (PD_TYPE_BENCHMARKS_VIEW);
  g_type_ensure (PD_TYPE_CQUIN_VIEW);
  g_type_ensure (PD_TYPE_OUTLOOK_VIEW);
  g_type_ensure (PD_TYPE_TRIANGULATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, workspace_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, overview_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, spend_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, quality_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, benchmarks_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, cquin_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, outlook_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, triangulation_row);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, commissioner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, workspace_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, overview_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, spend_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, quality_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, benchmarks_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, cquin_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, outlook_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, triangulation_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, recent_menu);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_loading_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_indicator_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.undo-import", NULL, undo_import_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.no-recent", NULL, NULL);
  gtk_widget_class_install_action (widget_class, "win.export-pack", NULL, export_pack_action);
  gtk_widget_class_install_action (widget_class, "win.open-pack", "s", open_pack_action);

  /**
   * PdWindow::find:
   * @view: the visible view
   *
   * Ctrl+F. A view with a filter or search connects, checks @view is itself, focuses its
   * entry and returns TRUE.
   */
  signals[SIGNAL_FIND] = g_signal_new ("find", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, g_signal_accumulator_true_handled, NULL, NULL,
                                       G_TYPE_BOOLEAN, 1, GTK_TYPE_WIDGET);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
}

static void
pd_window_init (PdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->progress = g_atomic_rc_box_new0 (int);
  self->undo_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pack", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.no-recent", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sidebar), FALSE);
  self->recent = gtk_recent_manager_get_default ();
  g_signal_connect_object (self->recent, "changed", G_CALLBACK (fill_recent), self,
                           G_CONNECT_SWAPPED);
  fill_recent (self);
  gtk_stack_set_visible_child_name (self->content_stack, "start");
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  g_signal_connect (self, "find", G_CALLBACK (quality_find_cb), NULL);
  g_signal_connect (self, "find", G_CALLBACK (benchmarks_find_cb), NULL);
  g_signal_connect (self, "find", G_CALLBACK (spend_find_cb), NULL);
  g_signal_connect_object (self->commissioner_dropdown, "notify::selected",
                           G_CALLBACK (commissioner_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->year_dropdown, "notify::selected",
                           G_CALLBACK (year_selected_cb), self, G_CONNECT_SWAPPED);
}

/**
 * pd_window_new:
 * @application: the application the window belongs to; its settings keep the window's
 *   size and the last workspace
 *
 * Returns: (transfer floating): a new window showing the start page
 */
PdWindow *
pd_window_new (PdApplication *application)
{
  g_return_val_if_fail (PD_IS_APPLICATION (application), NULL);

  return g_object_new (PD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* Opens @file on a worker thread; the window shows it when it is ready, or a dialog that
 * names the file when it cannot be opened. */
void
pd_window_open (PdWindow *self,
                GFile    *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), uri);
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                       _("A workspace must be a file on this computer."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  begin_open (self, path, FALSE);
}

/* Opens the demo workspace, building it first (with progress) when it is missing. */
void
pd_window_open_demo (PdWindow *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PD_IS_WINDOW (self));

  path = pd_application_dup_demo_path ();
  begin_open (self, path, TRUE);
}

PdWorkspace *
pd_window_get_workspace (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->workspace;
}

/* TRUE while a workspace is being opened or built, or its summary read. */
gboolean
pd_window_get_busy (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), FALSE);

  return self->busy || self->saving > 0 || self->importing > 0;
}

/* The last toast the window showed itself, or NULL. */
AdwToast *
pd_window_get_toast (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->toast;
}

/* The Open Recent menu's model. */
GMenuModel *
pd_window_get_recent_menu (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return G_MENU_MODEL (self->recent_menu);
}

/* The title of the last toast the window showed itself, or NULL. */
const char *
pd_window_get_last_toast (PdWindow *self)
{
  g_return_val_if_fail (PD_IS_WINDOW (self), NULL);

  return self->last_toast;
}

void
pd_window_add_toast (PdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (PD_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
