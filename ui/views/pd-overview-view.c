/* pd-overview-view.c — the home view: every indicator × provider, and where to look first
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/risk-score.md explains the "where to look first" score computed here.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "domain/pd-events.h"
#include "domain/pd-indicators.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spc-changes.h"
#include "pd-chart-view.h"
#include "pd-overview-view.h"
#include "pd-view-data.h"

/* One provider's risk score and what it is made of (docs/risk-score.md). */
typedef struct
{
  char    *code;
  char    *name;
  guint    concerns;           /* indicators in special-cause concern */
  guint    fails;              /* indicators failing their target */
  gint64   serious_incidents;  /* in the last 12 months of its events */
  gint64   never_events;
  gboolean complaints_rising;  /* monthly complaints in special-cause concern */
  int      score;
  char    *first_concern;      /* the indicator to open first, or NULL */
} ProviderRisk;

/* Every indicator judged at every provider, read once per workspace: none of it depends on
 * the commissioner, so a filter change only picks columns from it (g_atomic_rc_box,
 * shared read-only between the view and its workers). */
typedef struct
{
  GPtrArray          *indicator_codes;  /* of char * */
  GPtrArray          *indicator_names;
  guint               n_providers;
  GPtrArray          *provider_codes;   /* of char * */
  PdSpcVariationIcon *variation;        /* indicators × providers, row by row */
  PdSpcAssuranceIcon *assurance;
  gboolean           *has_series;
  char              **latest;           /* "7.97 in Mar 2012; target 95.0 %", or NULL */
  ProviderRisk       *risks;            /* one per provider, scored */
} OverviewGrid;

/* What the worker hands back; immutable once returned. */
typedef struct
{
  OverviewGrid *grid;        /* a reference */
  PdChartSpec  *matrix;
  GPtrArray    *indicators;  /* of char *: the matrix rows' codes */
  GPtrArray    *providers;   /* of char *: the matrix columns' codes */
  GArray       *risks;       /* of ProviderRisk (copies), highest score first */
  GArray       *grid_rows;   /* of guint: each matrix row's indicator in the grid */
  GArray       *grid_columns; /* of guint: each matrix column's provider in the grid */
} OverviewData;

struct _PdOverviewView
{
  GtkWidget     parent_instance;

  /* Template children */
  GtkStack     *stack;
  GtkSpinner   *spinner;
  AdwStatusPage *error_page;
  PdChartView  *matrix;
  GtkListBox   *ranking;

  /* Owned */
  PdWorkspace  *workspace;
  char         *commissioner;
  GCancellable *cancellable;
  OverviewData *data;
  OverviewGrid *grid;         /* of this workspace, once read */
  guint         grid_serial;  /* pd_view_data_changes_serial() when it was read */
  PdSpcPreset   preset;       /* the rules (GSettings spc-rule-preset) */

  guint          stale : 1;     /* asked to reload while hidden: reload when shown */
  guint         loading : 1;
};

G_DEFINE_FINAL_TYPE (PdOverviewView, pd_overview_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_COMMISSIONER,
  PROP_SPC_PRESET,
  PROP_LOADING,
  N_PROPS
};

enum {
  OPEN_INDICATOR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
provider_risk_clear (ProviderRisk *risk)
{
  g_free (risk->code);
  g_free (risk->name);
  g_free (risk->first_concern);
}

static void
provider_risk_copy (const ProviderRisk *from,
                    ProviderRisk       *to)
{
  *to = *from;
  to->code = g_strdup (from->code);
  to->name = g_strdup (from->name);
  to->first_concern = g_strdup (from->first_concern);
}

static void
overview_grid_clear (OverviewGrid *grid)
{
  /* The notes first: their count comes from the indicators. */
  for (guint i = 0; grid->latest != NULL && grid->indicator_codes != NULL &&
                    i < grid->indicator_codes->len * grid->n_providers; i++)
    g_free (grid->latest[i]);
  g_free (grid->latest);
  g_clear_pointer (&grid->indicator_codes, g_ptr_array_unref);
  g_clear_pointer (&grid->indicator_names, g_ptr_array_unref);
  g_clear_pointer (&grid->provider_codes, g_ptr_array_unref);
  g_free (grid->variation);
  g_free (grid->assurance);
  g_free (grid->has_series);
  for (guint p = 0; grid->risks != NULL && p < grid->n_providers; p++)
    provider_risk_clear (&grid->risks[p]);
  g_free (grid->risks);
}

static void
overview_grid_unref (OverviewGrid *grid)
{
  g_atomic_rc_box_release_full (grid, (GDestroyNotify) overview_grid_clear);
}

static void
overview_data_free (OverviewData *data)
{
  g_clear_pointer (&data->grid, overview_grid_unref);
  g_clear_pointer (&data->matrix, pd_chart_spec_free);
  g_clear_pointer (&data->indicators, g_ptr_array_unref);
  g_clear_pointer (&data->providers, g_ptr_array_unref);
  g_clear_pointer (&data->risks, g_array_unref);
  g_clear_pointer (&data->grid_rows, g_array_unref);
  g_clear_pointer (&data->grid_columns, g_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverviewData, overview_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OverviewGrid, overview_grid_unref)

static gboolean
is_concern (PdSpcVariationIcon icon)
{
  return icon == PD_SPC_VARIATION_CONCERN_HIGH || icon == PD_SPC_VARIATION_CONCERN_LOW;
}

/* Serious incidents, never events and whether complaints are rising, over the provider's
 * last 12 months of events. */
static gboolean
read_events (PdWorkspace   *workspace,
             ProviderRisk  *risk,
             GError       **error)
{
  g_autoptr(GArray) months = pd_events_monthly_query (workspace, risk->code, NULL, NULL, error);
  g_autofree double *complaints = NULL;
  guint first;

  if (months == NULL)
    return FALSE;
  if (months->len == 0)
    return TRUE;

  first = months->len > 12 ? months->len - 12 : 0;
  for (guint i = first; i < months->len; i++)
    {
      const PdEventMonth *m = &g_array_index (months, PdEventMonth, i);

      risk->serious_incidents += m->counts[PD_EVENT_SERIOUS_INCIDENT];
      risk->never_events += m->counts[PD_EVENT_NEVER_EVENT];
    }

  /* Complaints judged like any indicator: an XmR chart where fewer is better, so a rise
   * counts only when it is a special cause, not a noisy month. */
  complaints = g_new (double, months->len);
  for (guint i = 0; i < months->len; i++)
    complaints[i] = (double) g_array_index (months, PdEventMonth, i).counts[PD_EVENT_COMPLAINT];
  {
    PdSpcOptions options;
    g_autoptr(PdSpcResult) result = NULL;

    pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
    options.improvement = PD_IMPROVEMENT_DECREASE;
    result = pd_spc_compute (complaints, months->len, NULL, &options, NULL);
    risk->complaints_rising = result != NULL && result->variation == PD_SPC_VARIATION_CONCERN_HIGH;
  }
  return TRUE;
}

static int
risk_compare (gconstpointer a,
              gconstpointer b)
{
  const ProviderRisk *ra = a, *rb = b;

  if (ra->score != rb->score)
    return rb->score - ra->score;
  return g_strcmp0 (ra->code, rb->code);
}

/* The latest value with its month, and the target: what the icons summarise. */
static char *
describe_latest (const PdIndicator       *indicator,
                 const PdIndicatorSeries *series)
{
  PdChartFormat format = pd_view_data_indicator_format (indicator);
  g_autofree char *value = NULL;
  g_autofree char *month = NULL;
  g_autofree char *target = NULL;

  for (guint i = series->points->len; i > 0; i--)
    {
      const PdIndicatorPoint *point = &g_array_index (series->points, PdIndicatorPoint, i - 1);

      if (point->present && !point->suppressed && isfinite (point->value))
        {
          value = pd_chart_format_value (format, point->value, 0);
          month = pd_view_data_month_label (point->period_start);
          break;
        }
    }
  if (isfinite (indicator->target))
    target = pd_chart_format_value (format, indicator->target, 0);

  if (value == NULL)
    return target != NULL ? g_strdup_printf (_("No latest value; target %s"), target) : NULL;
  if (target == NULL)
    return g_strdup_printf (_("Latest %s in %s; no target"), value, month);
  return g_strdup_printf (_("Latest %s in %s; target %s"), value, month, target);
}

/* The grid: an SPC chart per indicator and provider, with the user's baselines,
 * recalculations and ghosts as the Quality view applies them (read once, not per cell),
 * and each provider's events. */
static OverviewGrid *
load_grid (PdWorkspace  *workspace,
           PdSpcPreset   preset,
           GError      **error)
{
  g_autoptr(OverviewGrid) grid = g_atomic_rc_box_new0 (OverviewGrid);
  g_autoptr(GPtrArray) providers = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GHashTable) changes_of = NULL;
  g_autoptr(GHashTable) column_of = g_hash_table_new (g_str_hash, g_str_equal);
  guint np;

  if (providers == NULL)
    return NULL;
  indicators = pd_indicators_query (workspace, NULL, error);
  if (indicators == NULL)
    return NULL;
  changes = pd_spc_changes_list (workspace, NULL, NULL, error);
  if (changes == NULL)
    return NULL;
  changes_of = pd_view_data_changes_by_chart (changes);

  np = grid->n_providers = providers->len;
  grid->indicator_codes = g_ptr_array_new_with_free_func (g_free);
  grid->indicator_names = g_ptr_array_new_with_free_func (g_free);
  grid->provider_codes = g_ptr_array_new_with_free_func (g_free);
  grid->variation = g_new0 (PdSpcVariationIcon, MAX (np * indicators->len, 1));
  grid->assurance = g_new0 (PdSpcAssuranceIcon, MAX (np * indicators->len, 1));
  grid->has_series = g_new0 (gboolean, MAX (np * indicators->len, 1));
  grid->latest = g_new0 (char *, MAX (np * indicators->len, 1));
  grid->risks = g_new0 (ProviderRisk, MAX (np, 1));
  for (guint p = 0; p < np; p++)
    {
      const PdOrganisation *org = g_ptr_array_index (providers, p);

      g_ptr_array_add (grid->provider_codes, g_strdup (org->code));
      g_hash_table_insert (column_of, org->code, GUINT_TO_POINTER (p));
      grid->risks[p].code = g_strdup (org->code);
      grid->risks[p].name = g_strdup (org->name);
    }

  for (guint i = 0; i < indicators->len; i++)
    {
      const PdIndicator *ind = g_ptr_array_index (indicators, i);
      g_autoptr(GPtrArray) all = pd_indicator_all_series_query (workspace, ind->code,
                                                                PD_PERIOD_MONTH, NULL, NULL,
                                                                error);
      if (all == NULL)
        return NULL;
      g_ptr_array_add (grid->indicator_codes, g_strdup (ind->code));
      g_ptr_array_add (grid->indicator_names, g_strdup (ind->name));
      for (guint s = 0; s < all->len; s++)
        {
          const PdIndicatorSeries *series = g_ptr_array_index (all, s);
          g_autoptr(PdSpcResult) result = NULL;
          ProviderRisk *risk;
          gpointer column;
          guint p;

          if (!g_hash_table_lookup_extended (column_of, series->provider, NULL, &column))
            continue;
          result = pd_view_data_series_spc (ind, series,
                                            pd_view_data_changes_lookup (changes_of, ind->code,
                                                                         series->provider),
                                            preset, NULL);
          if (result == NULL)
            continue;
          p = GPOINTER_TO_UINT (column);
          grid->has_series[i * np + p] = TRUE;
          grid->latest[i * np + p] = describe_latest (ind, series);
          grid->variation[i * np + p] = result->variation;
          grid->assurance[i * np + p] = result->assurance;
          risk = &grid->risks[p];
          if (is_concern (result->variation))
            risk->concerns++;
          if (result->assurance == PD_SPC_ASSURANCE_FAIL)
            risk->fails++;
          if ((is_concern (result->variation) || result->assurance == PD_SPC_ASSURANCE_FAIL) &&
              risk->first_concern == NULL)
            risk->first_concern = g_strdup (ind->code);
        }
    }

  for (guint p = 0; p < np; p++)
    {
      ProviderRisk *risk = &grid->risks[p];

      if (!read_events (workspace, risk, error))
        return NULL;
      risk->score = 3 * (int) risk->concerns + 2 * (int) risk->fails
                  + (int) MIN (risk->serious_incidents + 3 * risk->never_events, 10)
                  + (risk->complaints_rising ? 3 : 0);
    }
  return g_steal_pointer (&grid);
}

/* The commissioner's columns of the grid, as a matrix and a ranking. */
static OverviewData *
load_overview (PdWorkspace   *workspace,
               OverviewGrid  *grid,
               const char    *commissioner,
               GError       **error)
{
  g_autoptr(OverviewData) data = g_new0 (OverviewData, 1);
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GPtrArray) row_names = g_ptr_array_new ();
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) variation = g_array_new (FALSE, TRUE, sizeof (PdSpcVariationIcon));
  g_autoptr(GArray) assurance = g_array_new (FALSE, TRUE, sizeof (PdSpcAssuranceIcon));
  g_autoptr(PdOrganisation) chosen = NULL;
  g_autofree char *title = NULL;
  guint np = grid->n_providers;

  providers = pd_view_data_providers_of (workspace, commissioner, error);
  if (providers == NULL)
    return NULL;

  data->grid = g_atomic_rc_box_acquire (grid);
  data->grid_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  data->providers = g_ptr_array_new_with_free_func (g_free);
  data->indicators = g_ptr_array_new_with_free_func (g_free);
  data->risks = g_array_new (FALSE, TRUE, sizeof (ProviderRisk));
  g_array_set_clear_func (data->risks, (GDestroyNotify) provider_risk_clear);
  for (guint k = 0; k < providers->len; k++)
    {
      const PdOrganisation *org = g_ptr_array_index (providers, k);

      for (guint p = 0; p < np; p++)
        if (g_strcmp0 (g_ptr_array_index (grid->provider_codes, p), org->code) == 0)
          {
            ProviderRisk copy;

            g_array_append_val (columns, p);
            g_ptr_array_add (data->providers, g_strdup (org->code));
            provider_risk_copy (&grid->risks[p], &copy);
            g_array_append_val (data->risks, copy);
          }
    }

  for (guint i = 0; i < grid->indicator_codes->len; i++)
    {
      gboolean any = FALSE;

      for (guint k = 0; k < columns->len; k++)
        any |= grid->has_series[i * np + g_array_index (columns, guint, k)];
      /* An indicator none of these providers report would be a row of empty cells. */
      if (!any)
        continue;
      g_ptr_array_add (data->indicators, g_strdup (g_ptr_array_index (grid->indicator_codes, i)));
      g_array_append_val (data->grid_rows, i);
      g_ptr_array_add (row_names, g_ptr_array_index (grid->indicator_names, i));
      for (guint k = 0; k < columns->len; k++)
        {
          guint p = g_array_index (columns, guint, k);

          g_array_append_val (variation, grid->variation[i * np + p]);
          g_array_append_val (assurance, grid->assurance[i * np + p]);
        }
    }
  g_array_sort (data->risks, risk_compare);
  data->grid_columns = g_array_ref (columns);

  data->matrix = pd_chart_spec_new_matrix ((const char * const *) row_names->pdata, row_names->len,
                                           (const char * const *) data->providers->pdata,
                                           data->providers->len,
                                           (const PdSpcVariationIcon *) variation->data,
                                           (const PdSpcAssuranceIcon *) assurance->data);
  if (commissioner != NULL)
    chosen = pd_organisation_lookup (workspace, commissioner, NULL);
  if (chosen != NULL)
    title = g_strdup_printf (_("Quality indicators of the providers %s pays"), chosen->name);
  else
    title = g_strdup (_("Quality indicators by provider"));
  pd_chart_spec_set_title (data->matrix, title);
  pd_chart_spec_set_subtitle (data->matrix, _("Latest month's SPC variation and target "
                                              "assurance, Making Data Count rules"));
  pd_chart_spec_set_source (data->matrix, _("Provider quality reports in the workspace"));

  return g_steal_pointer (&data);
}

typedef struct
{
  PdWorkspace *workspace;
  gint64       started;     /* monotonic µs, for the debug log */
  char        *commissioner;
  OverviewGrid *grid;       /* a reference, or NULL: read it */
  PdSpcPreset  preset;
  guint        serial;      /* the chart changes' serial when asked */
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->commissioner);
  g_clear_pointer (&request->grid, overview_grid_unref);
  g_free (request);
}

/* A connection of its own, so the main loop never waits on SQLite. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr(PdWorkspace) connection = NULL;
  OverviewData *data;
  GError *error = NULL;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (request->grid == NULL)
    {
      request->grid = load_grid (connection, request->preset, &error);
      if (request->grid == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  data = load_overview (connection, request->grid, request->commissioner, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) overview_data_free);
}

static void
set_loading (PdOverviewView *self,
             gboolean        loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shows @risk on a ranking row from create_risk_row(). A filter change updates the rows
 * it has instead of building new ones: a new AdwActionRow costs its widgets, its style
 * and a round trip to the display for each tooltip, and an unchanged text is not
 * measured again. */
static void
update_risk_row (GtkWidget          *row,
                 const ProviderRisk *risk)
{
  g_autoptr(GString) parts = g_string_new (NULL);
  g_autofree char *score = g_strdup_printf ("%d", risk->score);
  g_autofree char *tooltip = NULL;

  g_string_append_printf (parts, g_dngettext (GETTEXT_PACKAGE, "%u concern", "%u concerns",
                                              risk->concerns), risk->concerns);
  g_string_append (parts, " · ");
  g_string_append_printf (parts, g_dngettext (GETTEXT_PACKAGE, "%u failing",
                                              "%u failing", risk->fails), risk->fails);
  g_string_append (parts, " · ");
  /* As int: xgettext cannot read G_GINT64_FORMAT, and no provider has 2³¹ incidents. */
  g_string_append_printf (parts, g_dngettext (GETTEXT_PACKAGE, "%d incident", "%d incidents",
                                              (gulong) risk->serious_incidents),
                          (int) MIN (risk->serious_incidents, G_MAXINT));
  if (risk->never_events > 0)
    {
      g_string_append (parts, " · ");
      g_string_append_printf (parts, g_dngettext (GETTEXT_PACKAGE, "%d never event",
                                                  "%d never events",
                                                  (gulong) risk->never_events),
                              (int) MIN (risk->never_events, G_MAXINT));
    }
  if (risk->complaints_rising)
    {
      g_string_append (parts, " · ");
      g_string_append (parts, _("complaints rising"));
    }

  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), risk->name) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), risk->name);
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), parts->str) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), parts->str);
  tooltip = g_strdup_printf ("%s\n%s", risk->name, parts->str);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (row), tooltip) != 0)
    gtk_widget_set_tooltip_text (row, tooltip);
  gtk_widget_set_name (row, risk->code);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "pd-score"), score);
}

static GtkWidget *
create_risk_row (const ProviderRisk *risk)
{
  GtkWidget *row, *label;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Few lines, the whole text in the tooltip: wrapped labels are measured again and
   * again in a height-for-width layout, which a filter change pays for every row. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  label = gtk_label_new (NULL);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_set_tooltip_text (label, _("Risk score"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "pd-score", label);
  update_risk_row (row, risk);
  return row;
}

static void
show_data (PdOverviewView *self)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->ranking));
  guint n_rows = self->data->indicators->len;

  /* The rows there are, updated; then new ones or the spare ones removed. */
  for (guint i = 0; i < self->data->risks->len; i++)
    {
      const ProviderRisk *risk = &g_array_index (self->data->risks, ProviderRisk, i);

      if (child != NULL)
        {
          update_risk_row (child, risk);
          child = gtk_widget_get_next_sibling (child);
        }
      else
        gtk_list_box_append (self->ranking, create_risk_row (risk));
    }
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_list_box_remove (self->ranking, child);
      child = next;
    }

  /* Each row a readable line of icons: the chart gets the height its rows need, the
   * window scrolls. */
  gtk_widget_set_size_request (GTK_WIDGET (self->matrix), -1, 140 + 30 * n_rows);
  pd_chart_view_set_spec (self->matrix, g_steal_pointer (&self->data->matrix));
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdOverviewView *self = PD_OVERVIEW_VIEW (object);
  g_autoptr(GError) error = NULL;
  OverviewData *data;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Overview read in %.1f ms",
           (g_get_monotonic_time ()
            - ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->started) / 1000.0);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->data, overview_data_free);
  if (data == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->data = data;
      if (self->grid == NULL)
        {
          self->grid = g_atomic_rc_box_acquire (data->grid);
          self->grid_serial = ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->serial;
        }
      show_data (self);
    }
  set_loading (self, FALSE);
}

static void
reload (PdOverviewView *self)
{
  g_autoptr(GTask) task = NULL;
  LoadRequest *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* A hidden view reads nothing: the one on screen gets both cores, and the others catch
   * up when shown. */
  self->stale = self->workspace != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    {
      set_loading (self, FALSE);
      return;
    }
  if (self->workspace == NULL)
    {
      set_loading (self, FALSE);
      pd_chart_view_set_spec (self->matrix, NULL);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->workspace = g_object_ref (self->workspace);
  request->started = g_get_monotonic_time ();
  request->preset = self->preset;
  request->serial = pd_view_data_changes_serial (self->workspace);
  /* A chart changed in the Quality view since the grid was read: judge it again. */
  if (self->grid != NULL && self->grid_serial != request->serial)
    g_clear_pointer (&self->grid, overview_grid_unref);
  if (self->grid != NULL)
    request->grid = g_atomic_rc_box_acquire (self->grid);
  request->commissioner = g_strdup (self->commissioner);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  /* The old data stays on screen until the new arrives: a filter change does not blank. */
  if (self->data == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

static void
matrix_item_activated_cb (PdOverviewView *self,
                          guint           type,
                          guint           series,
                          guint           index)
{
  if (self->data == NULL || type != PD_CHART_ITEM_CELL ||
      series >= self->data->indicators->len || index >= self->data->providers->len)
    return;
  g_signal_emit (self, signals[OPEN_INDICATOR], 0,
                 g_ptr_array_index (self->data->indicators, series),
                 g_ptr_array_index (self->data->providers, index));
}

static char *
matrix_query_item_tooltip_cb (PdOverviewView *self,
                              guint           type,
                              guint           series,
                              guint           index)
{
  OverviewData *data = self->data;
  guint i, p;

  if (data == NULL || type != PD_CHART_ITEM_CELL || series >= data->grid_rows->len ||
      index >= data->grid_columns->len)
    return NULL;
  i = g_array_index (data->grid_rows, guint, series);
  p = g_array_index (data->grid_columns, guint, index);
  return g_strdup (data->grid->latest[i * data->grid->n_providers + p]);
}

static void
ranking_row_activated_cb (PdOverviewView *self,
                          GtkListBoxRow  *row)
{
  int i = gtk_list_box_row_get_index (row);
  const ProviderRisk *risk;

  if (self->data == NULL || i < 0 || (guint) i >= self->data->risks->len)
    return;
  risk = &g_array_index (self->data->risks, ProviderRisk, i);
  g_signal_emit (self, signals[OPEN_INDICATOR], 0, risk->first_concern, risk->code);
}

static void
pd_overview_view_map (GtkWidget *widget)
{
  PdOverviewView *self = PD_OVERVIEW_VIEW (widget);

  GTK_WIDGET_CLASS (pd_overview_view_parent_class)->map (widget);

  if (self->stale ||
      (self->grid != NULL && self->workspace != NULL &&
       self->grid_serial != pd_view_data_changes_serial (self->workspace)))
    reload (self);
}

static void
pd_overview_view_dispose (GObject *object)
{
  PdOverviewView *self = PD_OVERVIEW_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->data, overview_data_free);
  g_clear_pointer (&self->grid, overview_grid_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_OVERVIEW_VIEW);

  G_OBJECT_CLASS (pd_overview_view_parent_class)->dispose (object);
}

static void
pd_overview_view_finalize (GObject *object)
{
  PdOverviewView *self = PD_OVERVIEW_VIEW (object);

  g_free (self->commissioner);

  G_OBJECT_CLASS (pd_overview_view_parent_class)->finalize (object);
}

static void
pd_overview_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdOverviewView *self = PD_OVERVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_COMMISSIONER:
      g_value_set_string (value, self->commissioner);
      break;

    case PROP_SPC_PRESET:
      g_value_set_string (value, pd_view_data_preset_to_string (self->preset));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdOverviewView *self = PD_OVERVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_overview_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_COMMISSIONER:
      pd_overview_view_set_commissioner (self, g_value_get_string (value));
      break;

    case PROP_SPC_PRESET:
      pd_overview_view_set_spc_preset (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_overview_view_class_init (PdOverviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_overview_view_dispose;

  widget_class->map = pd_overview_view_map;
  object_class->finalize = pd_overview_view_finalize;
  object_class->get_property = pd_overview_view_get_property;
  object_class->set_property = pd_overview_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMMISSIONER] =
    g_param_spec_string ("commissioner", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* "mdc", "mdc-legacy" or "ptd" (pd_spc_parse_preset); the window binds GSettings
   * spc-rule-preset to it. */
  properties[PROP_SPC_PRESET] =
    g_param_spec_string ("spc-preset", NULL, NULL,
                         "mdc",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdOverviewView::open-indicator:
   * @indicator: (nullable): the indicator's code, NULL for the provider's first
   * @provider: the provider's code
   *
   * The user asked to see the evidence: a matrix cell or a ranked provider.
   */
  signals[OPEN_INDICATOR] =
    g_signal_new ("open-indicator",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (PD_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-overview-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOverviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewView, matrix);
  gtk_widget_class_bind_template_child (widget_class, PdOverviewView, ranking);
  gtk_widget_class_bind_template_callback (widget_class, matrix_item_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ranking_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, matrix_query_item_tooltip_cb);
}

static void
pd_overview_view_init (PdOverviewView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PdWorkspace *
pd_overview_view_get_workspace (PdOverviewView *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace, read on a worker thread with a connection of its own. */
void
pd_overview_view_set_workspace (PdOverviewView *self,
                                PdWorkspace    *workspace)
{
  g_return_if_fail (PD_IS_OVERVIEW_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  g_clear_pointer (&self->data, overview_data_free);
  g_clear_pointer (&self->grid, overview_grid_unref);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
pd_overview_view_get_commissioner (PdOverviewView *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), NULL);

  return self->commissioner;
}

/* The commissioner whose providers the matrix shows; NULL or "" for every provider. */
void
pd_overview_view_set_commissioner (PdOverviewView *self,
                                   const char     *commissioner)
{
  g_return_if_fail (PD_IS_OVERVIEW_VIEW (self));

  if (commissioner != NULL && *commissioner == '\0')
    commissioner = NULL;
  if (g_strcmp0 (self->commissioner, commissioner) == 0)
    return;
  g_free (self->commissioner);
  self->commissioner = g_strdup (commissioner);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMISSIONER]);
}

const char *
pd_overview_view_get_spc_preset (PdOverviewView *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), NULL);

  return pd_view_data_preset_to_string (self->preset);
}

/* The SPC rules the matrix judges by: "mdc", "mdc-legacy" or "ptd"; anything else is
 * "mdc". A change judges every chart again. */
void
pd_overview_view_set_spc_preset (PdOverviewView *self,
                                 const char     *preset)
{
  PdSpcPreset parsed = PD_SPC_PRESET_MDC;

  g_return_if_fail (PD_IS_OVERVIEW_VIEW (self));

  if (preset == NULL || !pd_spc_parse_preset (preset, &parsed))
    parsed = PD_SPC_PRESET_MDC;
  if (parsed == self->preset)
    return;
  self->preset = parsed;
  g_clear_pointer (&self->grid, overview_grid_unref);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPC_PRESET]);
}

gboolean
pd_overview_view_get_loading (PdOverviewView *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), FALSE);

  return self->loading;
}

GtkWidget *
pd_overview_view_get_matrix (PdOverviewView *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), NULL);

  return GTK_WIDGET (self->matrix);
}

GtkListBox *
pd_overview_view_get_ranking (PdOverviewView *self)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), NULL);

  return self->ranking;
}

/* The indicator code of matrix row @row, or NULL. */
const char *
pd_overview_view_get_indicator_at (PdOverviewView *self,
                                   guint           row)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), NULL);

  if (self->data == NULL || row >= self->data->indicators->len)
    return NULL;
  return g_ptr_array_index (self->data->indicators, row);
}

/* The provider code of matrix column @column, or NULL. */
const char *
pd_overview_view_get_provider_at (PdOverviewView *self,
                                  guint           column)
{
  g_return_val_if_fail (PD_IS_OVERVIEW_VIEW (self), NULL);

  if (self->data == NULL || column >= self->data->providers->len)
    return NULL;
  return g_ptr_array_index (self->data->providers, column);
}
