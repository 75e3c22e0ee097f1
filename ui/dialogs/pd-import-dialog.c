/* pd-import-dialog.c — files before they are imported: kind, first rows, problems; then
 * the import's progress, or the problems that stopped it
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog reads each file on a worker thread with its own connection
 * (pd_preview_file(): the first rows, and a dry run of the import), one file at a time, as
 * the dry run takes the workspace's write lock. Choosing another kind reads that file
 * again. The import itself is the window's: it calls set_importing, set_progress and, when
 * the import fails, show_problems.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-import-dialog.h"

/* Rows of each table shown under its header. */
#define PREVIEW_ROWS 5
/* Problems listed in the dialog; Copy takes every one the importer kept. */
#define PROBLEMS_SHOWN 200

typedef struct
{
  GFile              *file;
  PdKind              kind;       /* the user's choice; PD_KIND_UNKNOWN: detect */
  PdPreview          *preview;    /* NULL until read */
  gboolean            stale;      /* to be read (again) */
  AdwPreferencesGroup *group;
  GtkDropDown        *dropdown;
  GtkWidget          *body;       /* the tables and problems, replaced on each read */
} FileEntry;

struct _PdImportDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkButton       *cancel_button;
  GtkButton       *import_button;
  GtkStack        *stack;
  GtkBox          *files_box;
  AdwStatusPage   *progress_page;
  GtkProgressBar  *progress_bar;
  GtkLabel        *problems_message;
  GtkListBox      *problems_list;

  /* Owned */
  PdWorkspace     *workspace;
  GArray          *entries;       /* of FileEntry */
  GCancellable    *cancellable;   /* the preview being read */
  char            *failure;       /* the failed import's message and problems, as text */

  guint            loading : 1;
  guint            importing : 1;
  guint            filling : 1;
};

G_DEFINE_FINAL_TYPE (PdImportDialog, pd_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_IMPORT, SIGNAL_CANCEL_IMPORT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The kinds as a person says them, in PdKind order. */
static const char *
kind_label (PdKind kind)
{
  switch (kind)
    {
    case PD_KIND_ORGANISATIONS: return _("Organisations");
    case PD_KIND_SPEND: return _("Spend");
    case PD_KIND_ALLOCATIONS: return _("Allocations");
    case PD_KIND_CQUIN_SCHEMES: return _("CQUIN schemes");
    case PD_KIND_CQUIN_ACHIEVEMENT: return _("CQUIN achievement");
    case PD_KIND_INDICATORS: return _("Indicators");
    case PD_KIND_INDICATOR_VALUES: return _("Indicator values");
    case PD_KIND_EVENTS: return _("Events");
    case PD_KIND_UNKNOWN:
    case PD_N_KINDS:
    default:
      return _("Unknown");
    }
}

static FileEntry *
entry_at (PdImportDialog *self,
          guint           index)
{
  return &g_array_index (self->entries, FileEntry, index);
}

static void
file_entry_clear (FileEntry *entry)
{
  g_clear_object (&entry->file);
  g_clear_pointer (&entry->preview, pd_preview_free);
}

static void
set_loading (PdImportDialog *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Import when every file has been read and would go in. */
static void
update_actions (PdImportDialog *self)
{
  gboolean ready = pd_import_dialog_get_ready (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", ready && !self->importing);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button),
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "problems") != 0);
  gtk_button_set_label (self->cancel_button,
                        g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "problems") == 0
                        ? _("_Close") : _("_Cancel"));
}

/* ---- building the preview ---------------------------------------------------------- */

static GtkWidget *
cell_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  /* The whole value when it is cut short. */
  if (text != NULL && g_utf8_strlen (text, -1) > 22)
    gtk_widget_set_tooltip_text (label, text);
  return label;
}

/* The header and first rows in a grid, row numbers on the left as a spreadsheet has them. */
static GtkWidget *
table_widget (const PdPreviewTable *table)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  int r = 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);
  gtk_widget_set_margin_start (grid, 10);
  gtk_widget_set_margin_end (grid, 10);

  if (table->header != NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                 table->header_row > 0 ? table->header_row
                                                                       : table->row_numbers_first);

      gtk_grid_attach (GTK_GRID (grid), cell_label (number, "dim-label"), 0, r, 1, 1);
      for (guint c = 0; table->header[c] != NULL; c++)
        gtk_grid_attach (GTK_GRID (grid),
                         cell_label (table->header[c], table->header_row > 0 ? "heading" : NULL),
                         c + 1, r, 1, 1);
      r++;
    }
  for (guint i = 0; i < table->rows->len; i++, r++)
    {
      char **cells = g_ptr_array_index (table->rows, i);
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                 table->row_numbers_first + i);

      gtk_grid_attach (GTK_GRID (grid), cell_label (number, "dim-label"), 0, r, 1, 1);
      for (guint c = 0; cells[c] != NULL; c++)
        gtk_grid_attach (GTK_GRID (grid), cell_label (cells[c], NULL), c + 1, r, 1, 1);
    }

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  gtk_widget_add_css_class (frame, "view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The file’s first rows"), -1);
  return frame;
}

/* One row a problem: where (file, sheet, row, column) above why. */
static GtkWidget *
problem_row (const PdImportProblem *problem)
{
  g_autofree char *where = pd_preview_problem_location (problem);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *location = gtk_label_new (where);
  GtkWidget *reason = gtk_label_new (problem->reason);

  gtk_label_set_xalign (GTK_LABEL (location), 0);
  gtk_label_set_wrap (GTK_LABEL (location), TRUE);
  gtk_widget_add_css_class (location, "heading");
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_selectable (GTK_LABEL (reason), TRUE);
  gtk_box_append (GTK_BOX (box), location);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return box;
}

static void
fill_problem_list (GtkListBox *list,
                   GPtrArray  *problems)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  for (guint i = 0; problems != NULL && i < MIN (problems->len, PROBLEMS_SHOWN); i++)
    gtk_list_box_append (list, problem_row (g_ptr_array_index (problems, i)));
  if (problems != NULL && problems->len > PROBLEMS_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more: Copy Problems takes them all"),
                                               problems->len - PROBLEMS_SHOWN);
      GtkWidget *label = gtk_label_new (more);

      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (list, label);
    }
}

/* "Spend · header on row 4 · 4 rows ready to import", or why the file would not go in. */
static char *
describe (const FileEntry *entry)
{
  const PdPreview *preview = entry->preview;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) kinds = g_string_new (NULL);

  if (preview == NULL)
    return g_strdup (_("Reading…"));

  for (guint i = 0; i < preview->tables->len; i++)
    {
      const PdPreviewTable *table = g_ptr_array_index (preview->tables, i);

      if (table->kind != PD_KIND_UNKNOWN && strstr (kinds->str, kind_label (table->kind)) == NULL)
        g_string_append_printf (kinds, "%s%s", kinds->len > 0 ? ", " : "", kind_label (table->kind));
    }
  g_string_append (out, kinds->len > 0 ? kinds->str : _("Kind not recognised"));
  if (preview->tables->len == 1)
    {
      const PdPreviewTable *table = g_ptr_array_index (preview->tables, 0);

      if (table->header_row > 1)
        g_string_append_printf (out, _(" · header on row %" G_GUINT64_FORMAT), table->header_row);
    }
  if (preview->message == NULL && preview->check != NULL)
    {
      guint64 rows = pd_preview_count_rows (preview);

      g_string_append (out, " · ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " row ready to import",
                                                "%" G_GUINT64_FORMAT " rows ready to import", rows),
                              rows);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
rebuild_entry (PdImportDialog *self,
               guint           index)
{
  FileEntry *entry = entry_at (self, index);
  const PdPreview *preview = entry->preview;
  g_autofree char *description = describe (entry);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  adw_preferences_group_set_description (entry->group, description);

  if (entry->body != NULL)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (entry->body)), entry->body);
  entry->body = body;

  if (preview == NULL)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_widget_set_halign (spinner, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (body), spinner);
    }
  else
    {
      for (guint i = 0; i < preview->tables->len; i++)
        {
          const PdPreviewTable *table = g_ptr_array_index (preview->tables, i);

          if (table->sheet != NULL)
            {
              g_autofree char *text = NULL;
              GtkWidget *label;

              text = table->kind != PD_KIND_UNKNOWN
                     ? g_strdup_printf (_("Sheet “%s”: %s"), table->sheet, kind_label (table->kind))
                     : g_strdup_printf (_("Sheet “%s”: not imported"), table->sheet);
              label = gtk_label_new (text);
              gtk_label_set_xalign (GTK_LABEL (label), 0);
              gtk_widget_add_css_class (label, "caption-heading");
              gtk_box_append (GTK_BOX (body), label);
            }
          if (table->header != NULL)
            gtk_box_append (GTK_BOX (body), table_widget (table));
        }

      if (preview->message != NULL)
        {
          GtkWidget *message = gtk_label_new (preview->message);
          GtkWidget *copy;

          gtk_label_set_xalign (GTK_LABEL (message), 0);
          gtk_label_set_wrap (GTK_LABEL (message), TRUE);
          gtk_label_set_selectable (GTK_LABEL (message), TRUE);
          gtk_widget_add_css_class (message, "error");
          gtk_box_append (GTK_BOX (body), message);

          if (preview->check != NULL && preview->check->problems->len > 0)
            {
              GtkWidget *list = gtk_list_box_new ();

              gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
              gtk_widget_add_css_class (list, "boxed-list");
              gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems"), -1);
              fill_problem_list (GTK_LIST_BOX (list), preview->check->problems);
              gtk_box_append (GTK_BOX (body), list);
            }

          copy = gtk_button_new_with_mnemonic (_("_Copy Problems"));
          gtk_widget_set_halign (copy, GTK_ALIGN_END);
          gtk_widget_set_tooltip_text (copy, _("Copy every problem as text, one a line"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "import.copy-problems");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "i", (int) index);
          gtk_box_append (GTK_BOX (body), copy);
        }
    }

  adw_preferences_group_add (entry->group, body);
}

/* ---- reading the files ------------------------------------------------------------- */

typedef struct
{
  guint   index;
  char   *path;
  PdKind  kind;
} PreviewData;

static void
preview_data_free (PreviewData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewData *data = task_data;
  g_autoptr(PdWorkspace) own = NULL;
  g_autoptr(GError) error = NULL;
  PdPreview *preview;

  /* Its own connection: the window's stays on the main thread. */
  own = pd_workspace_open_again (source_object, &error);
  if (own == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  preview = pd_preview_file (own, data->path, data->kind, PREVIEW_ROWS, cancellable, &error);
  if (preview == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, preview, (GDestroyNotify) pd_preview_free);
}

static void read_next (PdImportDialog *self);

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PdImportDialog *self;
  PreviewData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  PdPreview *preview;
  FileEntry *entry;

  preview = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the dialog went away */

  self = PD_IMPORT_DIALOG (user_data);
  g_clear_object (&self->cancellable);
  entry = entry_at (self, data->index);

  if (preview == NULL)
    {
      /* A file that cannot be read at all still gets a line saying why. */
      preview = g_new0 (PdPreview, 1);
      preview->path = g_strdup (data->path);
      preview->file_name = g_filename_display_basename (data->path);
      preview->tables = g_ptr_array_new ();
      preview->kind = data->kind;
      preview->message = g_strdup (error->message);
    }

  if (entry->kind == data->kind && !entry->stale)
    {
      g_clear_pointer (&entry->preview, pd_preview_free);
      entry->preview = preview;
      rebuild_entry (self, data->index);
    }
  else
    pd_preview_free (preview);   /* the kind changed meanwhile: read again */

  read_next (self);
}

/* One file at a time: the dry run holds the workspace's write lock while it runs. */
static void
read_next (PdImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  PreviewData *data;

  if (self->cancellable != NULL)
    return;   /* a read is under way; its callback comes back here */

  for (guint i = 0; i < self->entries->len; i++)
    {
      FileEntry *entry = entry_at (self, i);

      if (!entry->stale)
        continue;

      entry->stale = FALSE;
      data = g_new0 (PreviewData, 1);
      data->index = i;
      data->path = g_file_get_path (entry->file);
      data->kind = entry->kind;
      self->cancellable = g_cancellable_new ();
      /* The dialog outlives the task: dispose cancels it, and the callback returns early. */
      task = g_task_new (self->workspace, self->cancellable, preview_cb, self);
      g_task_set_source_tag (task, read_next);
      g_task_set_task_data (task, data, (GDestroyNotify) preview_data_free);
      g_task_run_in_thread (task, preview_thread);
      set_loading (self, TRUE);
      update_actions (self);
      return;
    }

  set_loading (self, FALSE);
  update_actions (self);
}

static void
kind_selected_cb (GtkDropDown    *dropdown,
                  GParamSpec     *pspec,
                  PdImportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->filling)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      FileEntry *entry = entry_at (self, i);
      PdKind kind = selected == 0 ? PD_KIND_UNKNOWN : (PdKind) (selected - 1);

      if (entry->dropdown != dropdown || entry->kind == kind)
        continue;
      entry->kind = kind;
      entry->stale = TRUE;
      g_clear_pointer (&entry->preview, pd_preview_free);
      rebuild_entry (self, i);
    }
  read_next (self);
}

static void
add_entry (PdImportDialog *self,
           GFile          *file)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = g_filename_display_name (name);
  FileEntry entry = { 0 };

  entry.file = g_object_ref (file);
  entry.kind = PD_KIND_UNKNOWN;
  entry.stale = TRUE;
  entry.group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (entry.group, title);

  gtk_string_list_append (kinds, _("Detect the Kind"));
  for (int k = 0; k < PD_N_KINDS; k++)
    gtk_string_list_append (kinds, kind_label (k));
  entry.dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kinds)), NULL));
  gtk_widget_set_valign (GTK_WIDGET (entry.dropdown), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry.dropdown),
                               _("The kind of data in the file: detected from its header or "
                                 "sheet names, or the one chosen here"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry.dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of data"), -1);
  g_signal_connect_object (entry.dropdown, "notify::selected",
                           G_CALLBACK (kind_selected_cb), self, 0);
  adw_preferences_group_set_header_suffix (entry.group, GTK_WIDGET (entry.dropdown));

  gtk_box_append (self->files_box, GTK_WIDGET (entry.group));
  g_array_append_val (self->entries, entry);
  rebuild_entry (self, self->entries->len - 1);
}

/* ---- actions ----------------------------------------------------------------------- */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PdImportDialog *self = PD_IMPORT_DIALOG (widget);

  if (!pd_import_dialog_get_ready (self) || self->importing)
    return;
  g_signal_emit (self, signals[SIGNAL_IMPORT], 0);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdImportDialog *self = PD_IMPORT_DIALOG (widget);

  if (self->importing)
    g_signal_emit (self, signals[SIGNAL_CANCEL_IMPORT], 0);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
copy_problems_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PdImportDialog *self = PD_IMPORT_DIALOG (widget);
  g_autofree char *text = pd_import_dialog_dup_problems_text (self, g_variant_get_int32 (parameter));

  if (text == NULL || text[0] == '\0')
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Problems copied")));
}

static gboolean
pd_import_dialog_close_request (GtkWindow *window)
{
  PdImportDialog *self = PD_IMPORT_DIALOG (window);

  /* Closing while the import runs cancels it; the window closes the dialog when the
   * import has stopped, with the workspace as it was. */
  if (self->importing)
    {
      g_signal_emit (self, signals[SIGNAL_CANCEL_IMPORT], 0);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (pd_import_dialog_parent_class)->close_request (window);
}

static void
pd_import_dialog_dispose (GObject *object)
{
  PdImportDialog *self = PD_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (pd_import_dialog_parent_class)->dispose (object);
}

static void
pd_import_dialog_finalize (GObject *object)
{
  PdImportDialog *self = PD_IMPORT_DIALOG (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->failure, g_free);

  G_OBJECT_CLASS (pd_import_dialog_parent_class)->finalize (object);
}

static void
pd_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdImportDialog *self = PD_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_import_dialog_class_init (PdImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_import_dialog_dispose;
  object_class->finalize = pd_import_dialog_finalize;
  object_class->get_property = pd_import_dialog_get_property;

  window_class->close_request = pd_import_dialog_close_request;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdImportDialog::import:
   *
   * Import was pressed: every file was read and would go in. The window imports them
   * with the kinds chosen (pd_import_dialog_get_kind()).
   */
  signals[SIGNAL_IMPORT] = g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PdImportDialog::cancel-import:
   *
   * Cancel (or Escape, or closing the dialog) while the import runs.
   */
  signals[SIGNAL_CANCEL_IMPORT] = g_signal_new ("cancel-import", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, files_box);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, problems_message);
  gtk_widget_class_bind_template_child (widget_class, PdImportDialog, problems_list);

  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.copy-problems", "i",
                                   copy_problems_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
pd_import_dialog_init (PdImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries = g_array_new (FALSE, TRUE, sizeof (FileEntry));
  g_array_set_clear_func (self->entries, (GDestroyNotify) file_entry_clear);
}

/**
 * pd_import_dialog_new:
 * @parent: the window importing
 * @workspace: the workspace the files would go into; the dry runs use a connection of
 *   their own to it
 * @files: (element-type GFile): the files, in the order they will be imported
 *
 * Returns: (transfer none): the dialog, reading the files
 */
PdImportDialog *
pd_import_dialog_new (GtkWindow   *parent,
                      PdWorkspace *workspace,
                      GList       *files)
{
  PdImportDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (PD_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  self->workspace = g_object_ref (workspace);
  for (GList *l = files; l != NULL; l = l->next)
    add_entry (self, l->data);
  read_next (self);
  return self;
}

guint
pd_import_dialog_get_n_files (PdImportDialog *self)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), 0);

  return self->entries->len;
}

GFile *
pd_import_dialog_get_file (PdImportDialog *self,
                           guint           index)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return entry_at (self, index)->file;
}

/* The kind chosen for the file, or PD_KIND_UNKNOWN: detect it. */
PdKind
pd_import_dialog_get_kind (PdImportDialog *self,
                           guint           index)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), PD_KIND_UNKNOWN);
  g_return_val_if_fail (index < self->entries->len, PD_KIND_UNKNOWN);

  return entry_at (self, index)->kind;
}

/* As choosing @kind in the file's dropdown: the file is read again as that kind. */
void
pd_import_dialog_set_kind (PdImportDialog *self,
                           guint           index,
                           PdKind          kind)
{
  g_return_if_fail (PD_IS_IMPORT_DIALOG (self));
  g_return_if_fail (index < self->entries->len);
  g_return_if_fail (kind >= PD_KIND_UNKNOWN && kind < PD_N_KINDS);

  gtk_drop_down_set_selected (entry_at (self, index)->dropdown, (guint) (kind + 1));
}

/* The file's preview, or NULL while it is being read. */
const PdPreview *
pd_import_dialog_get_preview (PdImportDialog *self,
                              guint           index)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return entry_at (self, index)->preview;
}

gboolean
pd_import_dialog_get_loading (PdImportDialog *self)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), FALSE);

  return self->loading;
}

/* TRUE when every file has been read and would import without a problem. */
gboolean
pd_import_dialog_get_ready (PdImportDialog *self)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), FALSE);

  if (self->loading || self->entries->len == 0)
    return FALSE;
  for (guint i = 0; i < self->entries->len; i++)
    {
      const FileEntry *entry = entry_at (self, i);

      if (entry->stale || entry->preview == NULL || entry->preview->message != NULL)
        return FALSE;
    }
  return TRUE;
}

/* While the window imports, the dialog shows its progress and Cancel. */
void
pd_import_dialog_set_importing (PdImportDialog *self,
                                gboolean        importing)
{
  g_return_if_fail (PD_IS_IMPORT_DIALOG (self));

  self->importing = !!importing;
  if (importing)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, NULL);
      /* At once: a short import would otherwise end inside the crossfade. */
      gtk_stack_set_visible_child_full (self->stack, "progress", GTK_STACK_TRANSITION_TYPE_NONE);
    }
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "progress") == 0)
    gtk_stack_set_visible_child_name (self->stack, "preview");
  update_actions (self);
}

void
pd_import_dialog_set_progress (PdImportDialog *self,
                               double          fraction,
                               const char     *text)
{
  g_return_if_fail (PD_IS_IMPORT_DIALOG (self));

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  if (text != NULL)
    adw_status_page_set_title (self->progress_page, text);
}

/**
 * pd_import_dialog_show_problems:
 * @self: the dialog
 * @message: why nothing was imported
 * @problems: (nullable) (element-type PdImportProblem): the bad cells and rows
 *
 * The import failed: the dialog lists every problem by file, row and column, with Copy.
 */
void
pd_import_dialog_show_problems (PdImportDialog *self,
                                const char     *message,
                                GPtrArray      *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *newline;

  g_return_if_fail (PD_IS_IMPORT_DIALOG (self));
  g_return_if_fail (message != NULL);

  /* The importer's message lists the first problems too; the list below has them all. */
  newline = problems != NULL && problems->len > 0 ? strchr (message, '\n') : NULL;
  g_string_append_len (text, message, newline != NULL ? newline - message : (gssize) strlen (message));
  gtk_label_set_text (self->problems_message, text->str);
  g_string_append_c (text, '\n');
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const PdImportProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *where = pd_preview_problem_location (problem);

      g_string_append_printf (text, "%s: %s\n", where, problem->reason);
    }
  g_free (self->failure);
  self->failure = g_string_free (g_steal_pointer (&text), FALSE);

  fill_problem_list (self->problems_list, problems);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_list), problems != NULL && problems->len > 0);
  self->importing = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "problems");
  update_actions (self);
}

/**
 * pd_import_dialog_dup_problems_text:
 * @self: the dialog
 * @index: a file's index for its preview's problems, or -1 for the failed import's
 *
 * Returns: (transfer full) (nullable): what Copy Problems puts on the clipboard
 */
char *
pd_import_dialog_dup_problems_text (PdImportDialog *self,
                                    int             index)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), NULL);

  if (index < 0)
    return g_strdup (self->failure);
  if ((guint) index >= self->entries->len || entry_at (self, index)->preview == NULL)
    return NULL;
  return pd_preview_problems_text (entry_at (self, index)->preview);
}

/* "preview", "progress" or "problems". */
const char *
pd_import_dialog_get_page (PdImportDialog *self)
{
  g_return_val_if_fail (PD_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
