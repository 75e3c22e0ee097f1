/* pd-board-pack-dialog.c — the board pack's options, then writing it with progress
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sections, commissioner, financial year, format, marking and audience; Export… asks
 * where (GtkFileChooserNative) and writes with pd_board_pack_write_async(), which works on
 * a connection of its own in a worker thread and writes a .pdf path as a PDF. The bar
 * shows the fraction the writer reports after each sheet or page; Cancel stops it at the
 * next one and leaves no file. When the pack is written the dialog emits ::saved and
 * closes; the window says so in a toast.
 *
 * Snapshots (pd-pack-snapshot.h), as pctdash-cli export --snapshot has them: save the
 * pack's settings under a new name, or regenerate a stored snapshot from its own settings
 * (picking one puts them in the controls; a control changed after that conflicts, and the
 * dialog says which, as the command line does); the snapshot the executive summary lists
 * changes since; and the narrative, the board secretary's words for that summary.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "domain/pd-domain.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"
#include "export/pd-pack-snapshot.h"
#include "pd-board-pack-dialog.h"

/* The snapshot row's first two items; the stored snapshots follow, oldest first. */
enum { SNAPSHOT_NONE, SNAPSHOT_NEW, SNAPSHOT_FIRST_STORED };

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
  AdwComboRow          *snapshot_row;
  AdwEntryRow          *snapshot_name_row;
  AdwComboRow          *previous_row;
  GtkTextView          *narrative_view;

  /* Owned */
  PdWorkspace          *workspace;
  GStrv                 commissioners;  /* codes, in the row's order */
  GArray               *years;          /* of int; [0] is 0, "the latest" */
  GCancellable         *cancellable;    /* the pack being written */
  GtkFileChooserNative *chooser;
  char                 *error;
  char                 *path;           /* the pack being written */
  GPtrArray            *snapshots;      /* of PdPackSnapshot, in the rows' order */
  char                 *snapshot;       /* the snapshot being saved or regenerated */
  gboolean              regenerated;
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

/* On the main thread, after each sheet or page: the writer never goes back. */
static void
progress_cb (double   fraction,
             gpointer user_data)
{
  PdBoardPackDialog *self = user_data;
  g_autofree char *text = NULL;

  /* Closed while writing: the task keeps the dialog alive, not its widgets. */
  if (self->progress_bar == NULL)
    return;
  text = g_strdup_printf (_("%.0f %%"), fraction * 100.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static gboolean
finish_write (PdWorkspace   *workspace,
              GAsyncResult  *result,
              gboolean      *out_regenerated,
              GError       **error)
{
  if (g_task_get_source_tag (G_TASK (result)) == pd_pack_snapshot_write_async)
    return pd_pack_snapshot_write_finish (workspace, result, out_regenerated, error);
  return pd_board_pack_write_finish (workspace, result, error);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PdBoardPackDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  /* Closed while writing: the pack was cancelled and there is nothing left to show. */
  if (self->stack == NULL)
    {
      finish_write (PD_WORKSPACE (object), result, NULL, NULL);
      return;
    }
  if (!finish_write (PD_WORKSPACE (object), result, &self->regenerated, &error))
    {
      set_writing (self, FALSE);
      set_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? _("The export was cancelled; no file was written.") : error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->path);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Where the stored snapshot @name is in self->snapshots, or -1. */
static int
snapshot_index (PdBoardPackDialog *self,
                const char        *name)
{
  for (guint i = 0; name != NULL && self->snapshots != NULL && i < self->snapshots->len; i++)
    if (g_strcmp0 (((PdPackSnapshot *) g_ptr_array_index (self->snapshots, i))->name, name) == 0)
      return (int) i;
  return -1;
}

/* The stored snapshot the row names, or NULL for "None" and "New Snapshot". */
static const PdPackSnapshot *
chosen_snapshot (PdBoardPackDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->snapshot_row);

  if (self->snapshots == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected < SNAPSHOT_FIRST_STORED || selected - SNAPSHOT_FIRST_STORED >= self->snapshots->len)
    return NULL;
  return g_ptr_array_index (self->snapshots, selected - SNAPSHOT_FIRST_STORED);
}

static guint
snapshot_mode (PdBoardPackDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->snapshot_row);

  return MIN (selected, SNAPSHOT_FIRST_STORED);
}

/* The snapshot "Changes Since" names, or NULL for "Automatic". */
static const char *
chosen_previous (PdBoardPackDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->previous_row);

  if (self->snapshots == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected - 1 >= self->snapshots->len)
    return NULL;
  return ((PdPackSnapshot *) g_ptr_array_index (self->snapshots, selected - 1))->name;
}

/* The narrative as typed; NULL when there is none but spaces. */
static char *
get_narrative (PdBoardPackDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->narrative_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  stripped = g_strstrip (g_strdup (text));
  return stripped[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The name of the newest stored snapshot, or NULL. */
static const char *
newest_snapshot (PdBoardPackDialog *self)
{
  const PdPackSnapshot *newest = NULL;

  for (guint i = 0; self->snapshots != NULL && i < self->snapshots->len; i++)
    {
      const PdPackSnapshot *snapshot = g_ptr_array_index (self->snapshots, i);

      if (newest == NULL || g_strcmp0 (snapshot->created_at, newest->created_at) >= 0)
        newest = snapshot;
    }
  return newest != NULL ? newest->name : NULL;
}

/* What each row means, said under it. */
static void
update_snapshot_subtitles (PdBoardPackDialog *self)
{
  const PdPackSnapshot *stored = chosen_snapshot (self);
  guint mode = snapshot_mode (self);
  g_autofree char *subtitle = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *describe = NULL;

  /* Short, so the row keeps room for the name; the settings are in the controls, and the
   * command line's one-line description is the tooltip. */
  if (stored != NULL)
    {
      g_autofree char *created = g_strndup (stored->created_at, 16);

      if (strlen (created) > 10)
        created[10] = ' ';
      subtitle = g_strdup_printf (_("Saved %s UTC by %s"),
                                  created, stored->author);
      describe = pd_pack_snapshot_describe (stored);
    }
  else if (mode == SNAPSHOT_NEW)
    subtitle = g_strdup (_("Saved under the name below"));
  else
    subtitle = g_strdup (_("The pack’s settings are not saved"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->snapshot_row), subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->snapshot_row), describe);
  gtk_widget_set_visible (GTK_WIDGET (self->snapshot_name_row), mode == SNAPSHOT_NEW);

  if (chosen_previous (self) != NULL)
    previous = g_strdup (_("The executive summary lists what changed since this snapshot"));
  else if (mode == SNAPSHOT_NEW && newest_snapshot (self) != NULL)
    previous = g_strdup_printf (_("The newest snapshot, “%s”"), newest_snapshot (self));
  else
    previous = g_strdup (_("None: the executive summary lists no changes"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->previous_row), previous);
}

static guint
commissioner_index (PdBoardPackDialog *self,
                    const char        *code)
{
  for (guint i = 0; self->commissioners != NULL && self->commissioners[i] != NULL; i++)
    if (g_strcmp0 (self->commissioners[i], code) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* A stored snapshot picked: its settings go into the controls, as it will be made. */
static void
show_stored_settings (PdBoardPackDialog    *self,
                      const PdPackSnapshot *stored)
{
  PdBoardPackSections wanted = stored->sections != 0 ? stored->sections : (1u << 11) - 1;
  guint commissioner = commissioner_index (self, stored->commissioner);

  if (commissioner != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->commissioner_row, commissioner);
  for (guint i = 0; self->years != NULL && i < self->years->len; i++)
    if (g_array_index (self->years, int, i) == stored->year)
      adw_combo_row_set_selected (self->year_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->marking_row),
                         stored->marking != NULL ? stored->marking : "OFFICIAL");
  gtk_switch_set_active (self->public_switch, stored->public_pack);
  if (stored->small_number >= 2)
    gtk_spin_button_set_value (self->threshold_spin, stored->small_number);
  gtk_switch_set_active (self->charts_switch, stored->charts);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_check_button_set_active (self->section_checks[i], (wanted & sections[i].section) != 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->narrative_view),
                            stored->narrative != NULL ? stored->narrative : "", -1);
  /* Gone since (deleted with the command line): "Automatic", which conflicts with nothing. */
  adw_combo_row_set_selected (self->previous_row,
                              snapshot_index (self, stored->previous_snapshot) + 1);
}

static void
snapshot_selected_cb (PdBoardPackDialog *self)
{
  const PdPackSnapshot *stored = chosen_snapshot (self);

  /* What was wrong with the snapshot asked for before no longer holds. */
  set_error (self, NULL);
  if (stored != NULL)
    show_stored_settings (self, stored);
  update_snapshot_subtitles (self);
}

static void
snapshot_name_changed_cb (PdBoardPackDialog *self)
{
  set_error (self, NULL);
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
  options->previous_snapshot = chosen_previous (self);
  options->progress = progress_cb;
  options->progress_data = self;
}

/* The first control that differs from the stored snapshot's settings, said as the
 * command line says it; NULL when none does. */
static char *
snapshot_conflict (PdBoardPackDialog        *self,
                   const PdPackSnapshot     *stored,
                   const PdBoardPackOptions *options)
{
  PdBoardPackSections all = (1u << 11) - 1;
  PdBoardPackSections stored_sections = stored->sections != 0 ? stored->sections : all;
  const char *setting = NULL;
  g_autofree char *was = NULL;
  g_autofree char *now = NULL;

  if (g_strcmp0 (options->commissioner, stored->commissioner) != 0)
    {
      GListModel *names = adw_combo_row_get_model (self->commissioner_row);
      guint index = commissioner_index (self, stored->commissioner);

      setting = _("Commissioner");
      was = index != GTK_INVALID_LIST_POSITION
            ? g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (names), index))
            : g_strdup (stored->commissioner);
      now = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (names),
                                                  adw_combo_row_get_selected (self->commissioner_row)));
    }
  else if (options->year != 0 && options->year != stored->year)
    {
      setting = _("Financial Year");
      was = pd_financial_year_label (stored->year);
      now = pd_financial_year_label (options->year);
    }
  else if (g_strcmp0 (options->marking != NULL ? options->marking : "OFFICIAL",
                      stored->marking != NULL ? stored->marking : "OFFICIAL") != 0)
    {
      setting = _("Protective Marking");
      was = g_strdup (stored->marking != NULL ? stored->marking : "OFFICIAL");
      now = g_strdup (options->marking != NULL ? options->marking : "OFFICIAL");
    }
  else if ((options->sections != 0 ? options->sections : all) != stored_sections)
    {
      setting = _("Sections");
      was = pd_board_pack_sections_to_string (stored_sections == all ? 0 : stored_sections);
      now = pd_board_pack_sections_to_string (options->sections == all ? 0 : options->sections);
      if (was == NULL)
        was = g_strdup (_("all"));
      if (now == NULL)
        now = g_strdup (_("all"));
    }
  else if (options->public_pack != stored->public_pack)
    {
      setting = _("For Publication");
      was = g_strdup (stored->public_pack ? _("on") : _("off"));
      now = g_strdup (options->public_pack ? _("on") : _("off"));
    }
  else if (options->public_pack && options->small_number != stored->small_number)
    {
      setting = _("Small-Number Threshold");
      was = g_strdup_printf ("%u", stored->small_number);
      now = g_strdup_printf ("%u", options->small_number);
    }
  else if (options->charts != stored->charts)
    {
      setting = _("Charts");
      was = g_strdup (stored->charts ? _("on") : _("off"));
      now = g_strdup (options->charts ? _("on") : _("off"));
    }
  else if (g_strcmp0 (options->narrative, stored->narrative) != 0)
    {
      setting = _("Narrative");
      was = g_strdup (stored->narrative != NULL ? _("its own words") : _("none"));
      now = g_strdup (options->narrative != NULL ? _("other words") : _("none"));
    }
  else if (options->previous_snapshot != NULL &&
           g_strcmp0 (options->previous_snapshot, stored->previous_snapshot) != 0)
    {
      setting = _("Changes Since");
      was = g_strdup (stored->previous_snapshot != NULL ? stored->previous_snapshot : _("none"));
      now = g_strdup (options->previous_snapshot);
    }
  if (setting == NULL)
    return NULL;
  return g_strdup_printf (_("The snapshot “%s” was saved with %s %s, not %s. Set it back to "
                            "regenerate the snapshot, or save a new snapshot under another "
                            "name."), stored->name, setting, was, now);
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
  g_autofree char *narrative = NULL;
  g_autofree char *new_name = NULL;
  const PdPackSnapshot *stored = chosen_snapshot (self);
  guint mode = snapshot_mode (self);
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

  fill_options (self, &options);
  narrative = get_narrative (self);
  options.narrative = narrative;
  /* The command line's rules for --snapshot, said in the dialog's words. */
  if (mode != SNAPSHOT_NONE && pd_workspace_is_read_only (self->workspace))
    {
      set_error (self, _("The workspace is open read-only, so no snapshot can be saved or "
                         "regenerated here. Choose “None” under Snapshot to write the pack."));
      return;
    }
  if (mode == SNAPSHOT_NEW)
    {
      g_autoptr(GError) error = NULL;

      new_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->snapshot_name_row))));
      if (!pd_pack_snapshot_check_name (new_name, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Name of the new snapshot: %s."),
                                                      error->message);
          set_error (self, message);
          return;
        }
      if (snapshot_index (self, new_name) >= 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("A snapshot called “%s” is saved already: pick it under "
                               "Snapshot to regenerate it, or give another name."), new_name);
          set_error (self, message);
          return;
        }
    }
  /* As pctdash-cli refuses --no-charts for a .pdf; a stored snapshot's own setting is
   * not the user's choice, and the PDF writer draws its charts either way. */
  if (stored == NULL && !options.charts && g_str_has_suffix (path, ".pdf"))
    {
      set_error (self, _("Charts can be left out of an Excel pack only: a PDF pack is its "
                         "charts. Turn Charts on, or choose the Excel format."));
      return;
    }
  if (stored != NULL)
    {
      g_autofree char *conflict = snapshot_conflict (self, stored, &options);

      if (conflict != NULL)
        {
          set_error (self, conflict);
          return;
        }
    }

  set_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_writing (self, TRUE);
  progress_cb (0.0, self);
  g_free (self->path);
  self->path = g_steal_pointer (&path);
  g_free (self->snapshot);
  self->snapshot = g_strdup (stored != NULL ? stored->name : new_name);
  self->regenerated = FALSE;
  /* The options are copied by the calls. */
  if (self->snapshot != NULL)
    pd_pack_snapshot_write_async (self->workspace, self->snapshot, &options, self->path,
                                  self->cancellable, write_cb, g_object_ref (self));
  else
    pd_board_pack_write_async (self->workspace, &options, self->path, self->cancellable,
                               write_cb, g_object_ref (self));
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
  g_clear_pointer (&self->snapshots, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, snapshot_row);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, snapshot_name_row);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, previous_row);
  gtk_widget_class_bind_template_child (widget_class, PdBoardPackDialog, narrative_view);

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
  g_signal_connect_object (self->snapshot_row, "notify::selected",
                           G_CALLBACK (snapshot_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->snapshot_name_row, "changed",
                           G_CALLBACK (snapshot_name_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->previous_row, "notify::selected",
                           G_CALLBACK (update_snapshot_subtitles), self, G_CONNECT_SWAPPED);
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

  /* The stored snapshots: a few rows, read here like the rest. */
  {
    g_autoptr(GtkStringList) snapshot_names = gtk_string_list_new (NULL);
    g_autoptr(GtkStringList) previous_names = gtk_string_list_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *message = NULL;

    gtk_string_list_append (snapshot_names, _("None"));
    gtk_string_list_append (snapshot_names, _("New Snapshot"));
    gtk_string_list_append (previous_names, _("Automatic"));
    self->snapshots = pd_pack_snapshot_list (workspace, &error);
    if (self->snapshots == NULL)
      {
        message = g_strdup_printf (_("Could not read the saved snapshots: %s"), error->message);
        self->snapshots = g_ptr_array_new ();
      }
    for (guint i = 0; i < self->snapshots->len; i++)
      {
        const PdPackSnapshot *snapshot = g_ptr_array_index (self->snapshots, i);

        gtk_string_list_append (snapshot_names, snapshot->name);
        gtk_string_list_append (previous_names, snapshot->name);
      }
    adw_combo_row_set_model (self->snapshot_row, G_LIST_MODEL (snapshot_names));
    adw_combo_row_set_model (self->previous_row, G_LIST_MODEL (previous_names));
    adw_combo_row_set_selected (self->snapshot_row, SNAPSHOT_NONE);
    adw_combo_row_set_selected (self->previous_row, 0);
    update_snapshot_subtitles (self);
    set_error (self, message);
  }
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

/* Picks "New Snapshot" and types @name as its name. */
void
pd_board_pack_dialog_save_snapshot_as (PdBoardPackDialog *self,
                                       const char        *name)
{
  g_return_if_fail (PD_IS_BOARD_PACK_DIALOG (self));
  g_return_if_fail (name != NULL);

  adw_combo_row_set_selected (self->snapshot_row, SNAPSHOT_NEW);
  gtk_editable_set_text (GTK_EDITABLE (self->snapshot_name_row), name);
}

/* Picks the stored snapshot @name, NULL for none; FALSE when the dialog lists no such one. */
gboolean
pd_board_pack_dialog_choose_snapshot (PdBoardPackDialog *self,
                                      const char        *name)
{
  g_return_val_if_fail (PD_IS_BOARD_PACK_DIALOG (self), FALSE);

  if (name == NULL)
    adw_combo_row_set_selected (self->snapshot_row, SNAPSHOT_NONE);
  else if (snapshot_index (self, name) >= 0)
    adw_combo_row_set_selected (self->snapshot_row,
                                SNAPSHOT_FIRST_STORED + snapshot_index (self, name));
  else
    return FALSE;
  return TRUE;
}

/* Picks the snapshot "Changes Since" names, NULL for "Automatic"; FALSE when not listed. */
gboolean
pd_board_pack_dialog_set_previous_snapshot (PdBoardPackDialog *self,
                                            const char        *name)
{
  g_return_val_if_fail (PD_IS_BOARD_PACK_DIALOG (self), FALSE);

  if (name != NULL && snapshot_index (self, name) < 0)
    return FALSE;
  adw_combo_row_set_selected (self->previous_row, snapshot_index (self, name) + 1);
  return TRUE;
}

/* Types @text as the narrative, replacing what was there. */
void
pd_board_pack_dialog_set_narrative (PdBoardPackDialog *self,
                                    const char        *text)
{
  g_return_if_fail (PD_IS_BOARD_PACK_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->narrative_view),
                            text != NULL ? text : "", -1);
}

/* The snapshot the last export saved or regenerated (NULL: none), and which it did. */
const char *
pd_board_pack_dialog_get_snapshot (PdBoardPackDialog *self,
                                   gboolean          *out_regenerated)
{
  g_return_val_if_fail (PD_IS_BOARD_PACK_DIALOG (self), NULL);

  if (out_regenerated != NULL)
    *out_regenerated = self->regenerated;
  return self->snapshot;
}
