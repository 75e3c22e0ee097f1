/* pd-board-pack-dialog.c — the board pack's options, then writing it with progress
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sections, commissioner, financial year, format, marking and audience; Export… asks
 * where (GtkFileChooserNative) and writes with pd_board_pack_write_async(), which works on
 * a connection of its own in a worker thread and writes a .pdf path as a PDF. The writer
 * reports no fraction, so the bar pulses; Cancel stops it and leaves no file. When the
 * pack is written the dialog emits ::saved and closes; the window says so in a toast.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "domain/pd-domain.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"
#include "pd-board-pack-dialog.h"

struct _PdBoardPackDialog
{
  AdwWindow             parent_instance;

  /* Template children */
  GtkStack             *stack;
  AdwPreferencesGroup  *error_group;
  GtkLabel             *error_label;
  AdwComboRow          *commissioner_row;
  AdwComboRow          *year_row;
  AdwComboRow          *format_row;
  AdwEntryRow          *marking_row;
  GtkSwitch            *public_switch;
  GtkSpinButton        *threshold_spin;
  GtkSwitch            *charts_switch;
  AdwPreferencesGroup  *sections_group;
  GtkProgressBar       *progress_bar;

  /* Owned */
  PdWorkspace          *workspace;
  GStrv                 commissioners;  /* codes, in the row's order */
  GArray               *years;          /* of int; [0] is 0, "the latest" */
  GCancellable         *cancellable;    /* the pack being written */
  GtkFileChooserNative *chooser;
  char                 *error;
  char                 *path;           /* the pack being written */
  guint                 pulse_source;
  GtkCheckButton       *section_checks[11];
};

G_DEFINE_FINAL_TYPE (PdBoardPackDialog, pd_board_pack_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct
{
  PdBoardPackSections section;
  const char         *title;
  const char         *subtitle;
} sections[] = {
  { PD_BOARD_PACK_SUMMARY, N_("Executive Summary"), N_("What needs the board’s attention") },
  { PD_BOARD_PACK_SCORECARD, N_("Scorecard"), N_("Every indicator against its target") },
  { PD_BOARD_PACK_SPEND, N_("Spend"), N_("The spend mix across peers, per head") },
  { PD_BOARD_PACK_OUTLOOK, N_("Financial Outlook"), N_("Scenarios and the savings needed") },
  { PD_BOARD_PACK_CQUIN, N_("CQUIN"), N_("Money earned, at risk and withheld") },
  { PD_BOARD_PACK_SAFETY, N_("Safety"), N_("SPC tables and charts") },
  { PD_BOARD_PACK_EFFECTIVENESS, N_("Effectiveness"), N_("SPC tables and charts") },
  { PD_BOARD_PACK_EXPERIENCE, N_("Experience"), N_("SPC tables and charts") },
  { PD_BOARD_PACK_BENCHMARKS, N_("Benchmarks"), N_("Funnel plots against peers") },
  { PD_BOARD_PACK_EXCEPTIONS, N_("Exceptions"), N_("One page for each indicator out of control") },
  { PD_BOARD_PACK_SOURCES, N_("Data Sources"), N_("Every file imported, with its checksum") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sections) == 11);

static void
set_error (PdBoardPackDialog *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), message != NULL);
}

static void
set_writing (PdBoardPackDialog *self,
             gboolean           writing)
{
  gtk_stack_set_visible_child_name (self->stack, writing ? "progress" : "options");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pack.export", !writing);
}

static gboolean
pulse_cb (gpointer user_data)
{
  PdBoardPackDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PdBoardPackDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_object (&self->cancellable);
  /* Closed while writing: the pack was cancelled and there is nothing left to show. */
  if (self->stack == NULL)
    {
      pd_board_pack_write_finish (PD_WORKSPACE (object), result, NULL);
      return;
    }
  if (!pd_board_pack_write_finish (PD_WORKSPACE (object), result, &error))
    {
      set_writing (self, FALSE);
      set_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? _("The export was cancelled; no file was written.") : error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_options (PdBoardPackDialog  *self,
              PdBoardPackOptions *options)
{
  guint commissioner = adw_combo_row_get_selected (self->commissioner_row);
  guint year = adw_combo_row_get_selected (self->year_row);

  pd_board_pack_options_init (options);
  if (self->commissioners != NULL && commissioner < g_strv_length (self->commissioners))
    options->commissioner = self->commissioners[commissioner];
  if (self->years != NULL && year < self->years->len)
    options->year = g_array_index (self->years, int, year);
  options->marking = gtk_editable_get_text (GTK_EDITABLE (self->marking_row));
  if (options->marking[0] == '\0')
    options->marking = NULL;
  options->public_pack = gtk_switch_get_active (self->public_switch);
  options->small_number = (guint) gtk_spin_button_get_value_as_int (self->threshold_spin);
  options->charts = gtk_switch_get_active (self->charts_switch);
  options->sections = pd_board_pack_dialog_get_sections (self);
}

/**
 * pd_board_pack_dialog_export_to:
 * @self: the dialog
 * @file: where the pack goes: a PDF when its name ends in .pdf, else a workbook
 *
 * What Export… does once a file is chosen: writes the pack there on a worker thread,
 * showing progress and Cancel. ::saved follows when it is written.
 */
void
pd_board_pack_dialog_export_to (PdBoardPackDialog *self,
                                GFile             *file)
{
  g_autofree char *path = NULL;
  PdBoardPackOptions options;

  g_return_if_fail (PD_IS_BOARD_PACK_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      set_error (self, _("A board pack must be saved to a file on this computer."));
      return;
    }
  if (pd_board_pack_dialog_get_sections (self) == 0)
    {
      set_error (self, _("Choose at least one section."));
      return;
    }

  set_error (self, NULL);
  fill_options (self, &options);
  self->cancellable = g_cancellable_new ();
  set_writing (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  self->pulse_source = g_timeout_add (100, pulse_cb, self);
  g_free (self->path);
  self->path = g_steal_pointer (&path);
  /* The options are copied by the call. */
  pd_board_pack_write_async (self->workspace, &options, self->path, self->cancellable, write_cb,
                             g_object_ref (self));
}

static void
chooser_response_cb (PdBoardPackDialog    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      gboolean pdf = adw_combo_row_get_selected (self->format_row) == 1;
      const char *extension = pdf ? ".pdf" : ".xlsx";

      /* The name typed without its extension gets the format's. */
      if (!g_str_has_suffix (name, extension))
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autofree char *named = g_strconcat (name, extension, NULL);
          g_autoptr(GFile) renamed = g_file_get_child (parent, named);

          pd_board_pack_dialog_export_to (self, renamed);
        }
      else
        pd_board_pack_dialog_export_to (self, file);
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdBoardPackDialog *self = PD_BOARD_PACK_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *suggested = NULL;
  gboolean pdf = adw_combo_row_get_selected (self->format_row) == 1;
  guint commissioner = adw_combo_row_get_selected (self->commissioner_row);
  guint year = adw_combo_row_get_selected (self->year_row);
  g_autofree char *year_text = NULL;

  if (self->chooser != NULL || self->cancellable != NULL)
    return;
  if (pd_board_pack_dialog_get_sections (self) == 0)
    {
      set_error (self, _("Choose at least one section."));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Save Board Pack"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, pdf ? _("PDF Documents") : _("Excel Workbooks"));
  gtk_file_filter_add_pattern (filter, pdf ? "*.pdf" : "*.xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  if (self->years != NULL && year > 0 && year < self->years->len)
    {
      int y = g_array_index (self->years, int, year);

      year_text = g_strdup_printf (" %d-%02d", y, (y + 1) % 100);
    }
  suggested = g_strdup_printf ("Board pack %s%s.%s",
                               self->commissioners != NULL && self->commissioners[0] != NULL
                               ? self->commissioners[commissioner] : "",
                               year_text != NULL ? year_text : "", pdf ? "pdf" : "xlsx");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  {
    g_autoptr(GFile) current = g_file_new_for_path (pd_workspace_get_path (self->workspace));
    g_autoptr(GFile) folder = g_file_get_parent (current);

    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PdBoardPackDialog *self = PD_BOARD_PACK_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
pd_board_pack_dialog_close_request (GtkWindow *window)
{
  PdBoardPackDialog *self = PD_BOARD_PACK_DIALOG (window);

  /* Closing while the pack is written stops it: no half-written file is left. */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (pd_board_pack_dialog_parent_class)->close_request (window);
}

static void
pd_board_pack_dialog_dispose (GObject *object)
{
  PdBoardPackDialog *self = PD_BOARD_PACK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_BOARD_PACK_DIALOG);

  G_OBJECT_CLASS (pd_board_pack_dialog_parent_class)->dispose (object);
}

static void
pd_board_pack_dialog_finalize (GObject *object)
{
  PdBoardPackDialog *self = PD_BOARD_PACK_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->commissioners, g_strfreev);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (pd_board_pack_dialog_parent_class)->finalize (object);
}

static void
pd_board_pack_dialog_class_init (PdBoardPackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pd_board_pack_dialog_dispose;
  object_class->finalize = pd_board_pack_dialog_finalize;

  window_class->close_request = pd_board_pack_dialog_close_request;

  /**
   * PdBoardPackDialog::saved:
   * @path: the file written
   *
   * The pack is written; the dialog closes next.
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-board-pack-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, commissioner_row);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, year_row);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, marking_row);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, public_switch);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, charts_switch);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, sections_group);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "pack.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "pack.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "pack.cancel", NULL);
}

static void
pd_board_pack_dialog_init (PdBoardPackDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(sections[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(sections[i].subtitle));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(sections[i].title), -1);
      adw_preferences_group_add (self->sections_group, row);
      self->section_checks[i] = GTK_CHECK_BUTTON (check);
    }
}

/**
 * pd_board_pack_dialog_new:
 * @parent: the window
 * @workspace: the workspace to report on (written from a connection of its own)
 * @commissioner: (nullable): the commissioner chosen at first, e.g. the window's filter
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
PdBoardPackDialog *
pd_board_pack_dialog_new (GtkWindow   *parent,
                          PdWorkspace *workspace,
                          const char  *commissioner)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GPtrArray) organisations = NULL;
  g_autoptr(GArray) spend_years = NULL;
  PdBoardPackDialog *self;
  guint selected = 0;
  int latest = 0;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (PD_TYPE_BOARD_PACK_DIALOG, "transient-for", parent, NULL);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  self->workspace = g_object_ref (workspace);

  /* A handful of rows each: read here, on the main thread, as the window's filters are. */
  organisations = pd_organisations_query (workspace, PD_ROLE_COMMISSIONER, NULL);
  for (guint i = 0; organisations != NULL && i < organisations->len; i++)
    {
      const PdOrganisation *org = g_ptr_array_index (organisations, i);

      gtk_string_list_append (names, org->name);
      g_strv_builder_add (codes, org->code);
      if (g_strcmp0 (org->code, commissioner) == 0)
        selected = i;
    }
  self->commissioners = g_strv_builder_end (codes);
  adw_combo_row_set_model (self->commissioner_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->commissioner_row, selected);

  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (self->years, latest);
  gtk_string_list_append (years, _("The Latest"));
  spend_years = pd_spend_years_query (workspace, NULL);
  for (guint i = spend_years != NULL ? spend_years->len : 0; i > 0; i--)
    {
      int year = g_array_index (spend_years, int, i - 1);
      g_autofree char *label = pd_financial_year_label (year);

      gtk_string_list_append (years, label);
      g_array_append_val (self->years, year);
    }
  adw_combo_row_set_model (self->year_row, G_LIST_MODEL (years));
  return self;
}

void
pd_board_pack_dialog_set_section (PdBoardPackDialog   *self,
                                  PdBoardPackSections  section,
                                  gboolean             active)
{
  g_return_if_fail (PD_IS_BOARD_PACK_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (sections[i].section == section)
      gtk_check_button_set_active (self->section_checks[i], active);
}

void
pd_board_pack_dialog_set_public (PdBoardPackDialog *self,
                                 gboolean           public_pack)
{
  g_return_if_fail (PD_IS_BOARD_PACK_DIALOG (self));

  gtk_switch_set_active (self->public_switch, public_pack);
}

/* The sections ticked; 0 when none is. */
PdBoardPackSections
pd_board_pack_dialog_get_sections (PdBoardPackDialog *self)
{
  PdBoardPackSections chosen = 0;

  g_return_val_if_fail (PD_IS_BOARD_PACK_DIALOG (self), 0);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (gtk_check_button_get_active (self->section_checks[i]))
      chosen |= sections[i].section;
  return chosen;
}

gboolean
pd_board_pack_dialog_get_writing (PdBoardPackDialog *self)
{
  g_return_val_if_fail (PD_IS_BOARD_PACK_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

/* The last error shown (cancelled, or why the pack could not be written), or NULL. */
const char *
pd_board_pack_dialog_get_error (PdBoardPackDialog *self)
{
  g_return_val_if_fail (PD_IS_BOARD_PACK_DIALOG (self), NULL);

  return self->error;
}
