/* pd-workspace-view.c — what a workspace holds: contents, periods, control totals, imports
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-format.h"
#include "pd-workspace-view.h"

struct _PdWorkspaceView
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  AdwPreferencesPage *summary_page;
  GtkLabel           *organisations_label;
  GtkLabel           *spend_label;
  GtkLabel           *allocations_label;
  GtkLabel           *cquin_schemes_label;
  GtkLabel           *cquin_achievement_label;
  GtkLabel           *indicators_label;
  GtkLabel           *indicator_values_label;
  GtkLabel           *events_label;
  GtkLabel           *months_label;
  GtkLabel           *financial_years_label;
  GtkLabel           *spend_total_label;
  GtkLabel           *allocation_total_label;
  GtkLabel           *numerator_total_label;
  GtkLabel           *denominator_total_label;
  GtkLabel           *event_total_label;
  AdwPreferencesGroup *imports_group;

  /* Owned */
  PdWorkspace        *workspace;
  GCancellable       *cancellable;
  GPtrArray          *import_rows;   /* of AdwActionRow, borrowed from imports_group */

  guint               loading : 1;
};

G_DEFINE_FINAL_TYPE (PdWorkspaceView, pd_workspace_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (PdWorkspaceView *self,
             gboolean         loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_count (GtkLabel *label,
           gint64    count)
{
  g_autofree char *text = pd_format_count (count);

  gtk_label_set_text (label, text);
  /* A kind with no rows is worth seeing, but it should not read like a figure. */
  if (count == 0)
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
}

static void
clear_import_rows (PdWorkspaceView *self)
{
  for (guint i = 0; i < self->import_rows->len; i++)
    adw_preferences_group_remove (self->imports_group, g_ptr_array_index (self->import_rows, i));
  g_ptr_array_set_size (self->import_rows, 0);
}

/* "spend · 1,234 rows" and a second line with the time and the fingerprint. */
static GtkWidget *
create_import_row (const PdImportRecord *record)
{
  g_autofree char *rows = pd_format_count (record->rows);
  g_autofree char *when = pd_format_timestamp (record->imported_at);
  g_autofree char *sha = pd_format_sha256_short (record->sha256);
  g_autofree char *kinds = pd_format_kinds (record->kinds);
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *row;
  GtkWidget *rows_label;

  row = adw_action_row_new ();
  /* File names are the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), record->file_name);
  subtitle = g_strdup_printf (_("%s · imported %s · SHA-256 %s"), kinds, when, sha);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  tooltip = g_strdup_printf (_("SHA-256 %s\n%s, %s"),
                             record->sha256 != NULL ? record->sha256 : "",
                             record->format != NULL ? record->format : "",
                             record->encoding != NULL ? record->encoding : "");
  gtk_widget_set_tooltip_text (row, tooltip);

  rows_label = gtk_label_new (NULL);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows",
                                                          (gulong) record->rows),
                                             rows);
    gtk_label_set_text (GTK_LABEL (rows_label), text);
  }
  gtk_widget_add_css_class (rows_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), rows_label);

  return row;
}

static void
show_summary (PdWorkspaceView          *self,
              const PdWorkspaceSummary *summary)
{
  g_autofree char *spend = pd_format_pence (summary->spend_pence);
  g_autofree char *allocation = pd_format_pence (summary->allocation_pence);
  g_autofree char *numerator = pd_format_amount (summary->indicator_numerator);
  g_autofree char *denominator = pd_format_amount (summary->indicator_denominator);
  g_autofree char *events = pd_format_count (summary->event_count);
  g_autofree char *first_month = pd_format_month (summary->first_period);
  g_autofree char *last_month = pd_format_month (summary->last_period);
  g_autofree char *first_year = pd_format_financial_year (summary->first_period);
  g_autofree char *last_year = pd_format_financial_year (summary->last_period);
  guint n_imports = summary->imports != NULL ? summary->imports->len : 0;

  if (n_imports == 0)
    {
      g_autofree char *description = NULL;
      g_autofree char *escaped = g_markup_escape_text (pd_workspace_get_path (self->workspace), -1);

      description = g_strdup_printf (_("Import CSV or Excel files into %s with "
                                       "<tt>pctdash-cli import</tt>."),
                                     escaped);
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  set_count (self->organisations_label, summary->n_organisations);
  set_count (self->spend_label, summary->n_spend);
  set_count (self->allocations_label, summary->n_allocations);
  set_count (self->cquin_schemes_label, summary->n_cquin_schemes);
  set_count (self->cquin_achievement_label, summary->n_cquin_achievement);
  set_count (self->indicators_label, summary->n_indicators);
  set_count (self->indicator_values_label, summary->n_indicator_values);
  set_count (self->events_label, summary->n_events);

  if (first_month == NULL || last_month == NULL)
    {
      gtk_label_set_text (self->months_label, _("No dated facts"));
      gtk_label_set_text (self->financial_years_label, "—");
    }
  else
    {
      g_autofree char *months = NULL;
      g_autofree char *years = NULL;

      months = g_strcmp0 (first_month, last_month) == 0
             ? g_strdup (first_month)
             : g_strdup_printf (_("%s to %s"), first_month, last_month);
      years = g_strcmp0 (first_year, last_year) == 0
            ? g_strdup (first_year)
            : g_strdup_printf (_("%s to %s"), first_year, last_year);
      gtk_label_set_text (self->months_label, months);
      gtk_label_set_text (self->financial_years_label, years);
    }

  gtk_label_set_text (self->spend_total_label, spend);
  gtk_label_set_text (self->allocation_total_label, allocation);
  gtk_label_set_text (self->numerator_total_label, numerator);
  gtk_label_set_text (self->denominator_total_label, denominator);
  gtk_label_set_text (self->event_total_label, events);

  clear_import_rows (self);
  for (guint i = 0; i < n_imports; i++)
    {
      const PdImportRecord *record = g_ptr_array_index (summary->imports, i);
      GtkWidget *row = create_import_row (record);

      adw_preferences_group_add (self->imports_group, row);
      g_ptr_array_add (self->import_rows, row);
    }
  {
    g_autofree char *description = NULL;

    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u file, oldest first; every fact belongs to one",
                                                "%u files, oldest first; every fact belongs to one",
                                                n_imports),
                                   n_imports);
    adw_preferences_group_set_description (self->imports_group, description);
  }

  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static void
show_error (PdWorkspaceView *self,
            const GError    *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Runs on a worker thread with a connection of its own, so a large workspace never
 * blocks the main loop and the window's connection stays free for it. */
static void
load_summary_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  PdWorkspace *workspace = task_data;
  g_autoptr(PdWorkspace) connection = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  GError *error = NULL;

  connection = pd_workspace_open_again (workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  summary = pd_workspace_query_summary (connection, &error);
  if (summary == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&summary),
                         (GDestroyNotify) pd_workspace_summary_free);
}

static void
load_summary_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PdWorkspaceView *self = PD_WORKSPACE_VIEW (object);
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer load (or dispose) replaced this one; it owns the view now. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);
  g_clear_object (&self->cancellable);

  if (summary == NULL)
    show_error (self, error);
  else
    show_summary (self, summary);
}

void
pd_workspace_view_reload (PdWorkspaceView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_WORKSPACE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->workspace == NULL)
    {
      clear_import_rows (self);
      set_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_summary_cb, NULL);
  g_task_set_source_tag (task, pd_workspace_view_reload);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  set_loading (self, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_task_run_in_thread (task, load_summary_thread);
}

static void
pd_workspace_view_dispose (GObject *object)
{
  PdWorkspaceView *self = PD_WORKSPACE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  if (self->import_rows != NULL)
    g_ptr_array_set_size (self->import_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_WORKSPACE_VIEW);

  G_OBJECT_CLASS (pd_workspace_view_parent_class)->dispose (object);
}

static void
pd_workspace_view_finalize (GObject *object)
{
  PdWorkspaceView *self = PD_WORKSPACE_VIEW (object);

  g_clear_pointer (&self->import_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_workspace_view_parent_class)->finalize (object);
}

static void
pd_workspace_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PdWorkspaceView *self = PD_WORKSPACE_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_workspace_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PdWorkspaceView *self = PD_WORKSPACE_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_workspace_view_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_workspace_view_class_init (PdWorkspaceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_workspace_view_dispose;
  object_class->finalize = pd_workspace_view_finalize;
  object_class->get_property = pd_workspace_view_get_property;
  object_class->set_property = pd_workspace_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-workspace-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, summary_page);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, organisations_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, spend_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, allocations_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, cquin_schemes_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, cquin_achievement_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, indicators_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, indicator_values_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, events_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, months_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, financial_years_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, spend_total_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, allocation_total_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, numerator_total_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, denominator_total_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, event_total_label);
  gtk_widget_class_bind_template_child (widget_class, PdWorkspaceView, imports_group);
}

static void
pd_workspace_view_init (PdWorkspaceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->import_rows = g_ptr_array_new ();
}

GtkWidget *
pd_workspace_view_new (void)
{
  return g_object_new (PD_TYPE_WORKSPACE_VIEW, NULL);
}

PdWorkspace *
pd_workspace_view_get_workspace (PdWorkspaceView *self)
{
  g_return_val_if_fail (PD_IS_WORKSPACE_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace (NULL: nothing) and starts reading its summary on a worker thread. */
void
pd_workspace_view_set_workspace (PdWorkspaceView *self,
                                 PdWorkspace     *workspace)
{
  g_return_if_fail (PD_IS_WORKSPACE_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  pd_workspace_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

gboolean
pd_workspace_view_get_loading (PdWorkspaceView *self)
{
  g_return_val_if_fail (PD_IS_WORKSPACE_VIEW (self), FALSE);

  return self->loading;
}
