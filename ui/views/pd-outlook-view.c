/* pd-outlook-view.c — the financial outlook: allocation against spend, scenarios, savings
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The actual years from the workspace, then the commissioner's scenario projected by the
 * core (pd_finance_project) from the last year with both an allocation and spend: the
 * chosen real-terms cut in the middle, a band from funding that keeps pace with inflation
 * to twice the cut, and the savings the plan must phase in. Every control re-projects on
 * a worker thread; the chart and the savings follow.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "domain/pd-finance.h"
#include "domain/pd-organisations.h"
#include "pd-chart-view.h"
#include "pd-outlook-view.h"

/* What the worker hands back; immutable once returned. */
typedef struct
{
  PdChartSpec *spec;         /* NULL: no year with both an allocation and spend */
  GArray      *projection;   /* of PdFinanceProjection: the chosen scenario */
} OutlookData;

struct _PdOutlookView
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkSpinButton *inflation_spin;
  GtkSpinButton *demand_spin;
  GtkSpinButton *cut_spin;
  GtkListBox    *savings;
  PdChartView   *chart;

  /* Owned */
  PdWorkspace   *workspace;
  char          *commissioner;
  GCancellable  *cancellable;
  gboolean       has_data;

  guint          loading : 1;
  guint          stale : 1;     /* asked to reload while hidden: reload when shown */
};

G_DEFINE_FINAL_TYPE (PdOutlookView, pd_outlook_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_COMMISSIONER,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
outlook_data_free (OutlookData *data)
{
  g_clear_pointer (&data->spec, pd_chart_spec_free);
  g_clear_pointer (&data->projection, g_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutlookData, outlook_data_free)

typedef struct
{
  PdWorkspace *workspace;
  gint64       started;     /* monotonic µs, for the debug log */
  char        *commissioner;
  double       inflation;
  double       demand;
  double       cut;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->commissioner);
  g_free (request);
}

static OutlookData *
load_outlook (PdWorkspace        *workspace,
              const LoadRequest  *request,
              GError            **error)
{
  g_autoptr(OutlookData) data = g_new0 (OutlookData, 1);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) growth = NULL;
  g_autoptr(GArray) cut = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdOrganisation) org = NULL;
  g_autofree double *allocation = NULL, *spend = NULL, *forecast = NULL;
  g_autofree double *up = NULL, *down = NULL, *savings = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *commissioner = g_strdup (request->commissioner);
  PdFinanceScenario scenario = { 0 };
  const PdFinanceYear *base = NULL;
  gsize n;

  if (commissioner == NULL)
    {
      g_autoptr(GPtrArray) all = pd_organisations_query (workspace, PD_ROLE_COMMISSIONER, error);

      if (all == NULL)
        return NULL;
      if (all->len == 0)
        return g_steal_pointer (&data);
      commissioner = g_strdup (((PdOrganisation *) g_ptr_array_index (all, 0))->code);
    }
  rows = pd_finance_outlook_query (workspace, commissioner, error);
  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      const PdFinanceYear *y = &g_array_index (rows, PdFinanceYear, i);

      if (y->has_allocation && y->spend_rows > 0)
        base = y;
    }
  if (base == NULL)
    return g_steal_pointer (&data);

  scenario.base_year = base->year;
  scenario.base_allocation_pence = base->allocation_pence;
  scenario.base_spend_pence = base->spend_pence;
  scenario.growth_until_year = base->year;
  scenario.inflation_percent = request->inflation;
  scenario.demand_percent = request->demand;
  scenario.n_years = 4;
  scenario.real_cut_percent = request->cut;
  data->projection = pd_finance_project (&scenario, error);
  if (data->projection == NULL)
    return NULL;
  scenario.real_cut_percent = 0.0;
  growth = pd_finance_project (&scenario, error);
  if (growth == NULL)
    return NULL;
  scenario.real_cut_percent = 2.0 * request->cut;
  cut = pd_finance_project (&scenario, error);
  if (cut == NULL)
    return NULL;

  n = rows->len + data->projection->len;
  allocation = g_new (double, n);
  spend = g_new (double, n);
  forecast = g_new (double, n);
  up = g_new (double, n);
  down = g_new (double, n);
  savings = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    allocation[i] = spend[i] = forecast[i] = up[i] = down[i] = savings[i] = NAN;
  for (guint i = 0; i < rows->len; i++)
    {
      const PdFinanceYear *y = &g_array_index (rows, PdFinanceYear, i);

      g_ptr_array_add (labels, pd_financial_year_label (y->year));
      if (y->has_allocation)
        allocation[i] = y->allocation_pence / 100.0;
      if (y->spend_rows > 0)
        spend[i] = y->spend_pence / 100.0;
      /* The scenarios start from the base year, so the lines join. */
      if (y == base)
        {
          forecast[i] = spend[i];
          up[i] = down[i] = allocation[i];
        }
    }
  for (guint k = 0; k < data->projection->len; k++)
    {
      const PdFinanceProjection *p = &g_array_index (data->projection, PdFinanceProjection, k);
      gsize i = rows->len + k;

      g_ptr_array_add (labels, pd_financial_year_label (p->year));
      allocation[i] = p->allocation_pence / 100.0;
      forecast[i] = p->spend_pence / 100.0;
      savings[i] = p->savings_pence / 100.0;
      up[i] = g_array_index (growth, PdFinanceProjection, k).allocation_pence / 100.0;
      down[i] = g_array_index (cut, PdFinanceProjection, k).allocation_pence / 100.0;
    }
  data->spec = pd_chart_spec_new_outlook ((const char * const *) labels->pdata, labels->len,
                                          allocation, spend, forecast, up, down, savings);
  org = pd_organisation_lookup (workspace, commissioner, NULL);
  title = g_strdup_printf (_("Financial outlook: %s"), org != NULL ? org->name : commissioner);
  pd_chart_spec_set_title (data->spec, title);
  subtitle = g_strdup_printf (_("Actual years, then a %.1f %% real-terms cut with %.1f %% "
                                "inflation and %.1f %% demand growth; band: 0 to %.1f %% cut"),
                              request->cut, request->inflation, request->demand,
                              2.0 * request->cut);
  pd_chart_spec_set_subtitle (data->spec, subtitle);
  pd_chart_spec_set_source (data->spec, _("Allocations and spend in the workspace"));
  return g_steal_pointer (&data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr(PdWorkspace) connection = NULL;
  OutlookData *data;
  GError *error = NULL;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = load_outlook (connection, request, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) outlook_data_free);
}

static void
set_loading (PdOutlookView *self,
             gboolean       loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shows @p on a savings row from create_savings_row(). A new scenario or commissioner
 * updates the rows there are, texts set only when changed: a new AdwActionRow costs its
 * widgets, its style and a round trip to the display for its tooltip. */
static void
update_savings_row (GtkWidget                 *row,
                    const PdFinanceProjection *p)
{
  /* In the chart's words: £20.7m, not £20,712,741.35 of a projection. */
  g_autofree char *year = pd_financial_year_label (p->year);
  g_autofree char *savings = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                    p->savings_pence / 100.0, 0);
  g_autofree char *cumulative = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                       p->cumulative_savings_pence / 100.0, 0);
  g_autofree char *allocation = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                       p->allocation_pence / 100.0, 0);
  g_autofree char *spend = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                  p->spend_pence / 100.0, 0);
  g_autofree char *subtitle = NULL;
  g_autofree char *total = NULL;

  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), year) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), year);
  subtitle = g_strdup_printf (_("Allocation %s · spend if nothing changes %s"), allocation, spend);
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  total = g_strdup_printf (_("%s this year, %s in all"), savings, cumulative);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (row), total) != 0)
    gtk_widget_set_tooltip_text (row, total);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "pd-savings"), savings);
}

static GtkWidget *
create_savings_row (const PdFinanceProjection *p)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  label = gtk_label_new (NULL);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "pd-savings", label);
  update_savings_row (row, p);
  return row;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdOutlookView *self = PD_OUTLOOK_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(OutlookData) data = NULL;
  GtkWidget *child;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Outlook read in %.1f ms",
           (g_get_monotonic_time ()
            - ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->started) / 1000.0);
  g_clear_object (&self->cancellable);
  if (data == NULL)
    {
      self->has_data = FALSE;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (data->spec == NULL)
    {
      self->has_data = FALSE;
      pd_chart_view_set_spec (self->chart, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      self->has_data = TRUE;
      child = gtk_widget_get_first_child (GTK_WIDGET (self->savings));
      for (guint k = 0; k < data->projection->len; k++)
        {
          const PdFinanceProjection *p = &g_array_index (data->projection,
                                                         PdFinanceProjection, k);

          if (child != NULL)
            {
              update_savings_row (child, p);
              child = gtk_widget_get_next_sibling (child);
            }
          else
            gtk_list_box_append (self->savings, create_savings_row (p));
        }
      while (child != NULL)
        {
          GtkWidget *next = gtk_widget_get_next_sibling (child);

          gtk_list_box_remove (self->savings, child);
          child = next;
        }
      pd_chart_view_set_spec (self->chart, g_steal_pointer (&data->spec));
      gtk_stack_set_visible_child_name (self->stack, "content");
    }
  set_loading (self, FALSE);
}

static void
reload (PdOutlookView *self)
{
  g_autoptr(GTask) task = NULL;
  LoadRequest *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* A hidden view reads nothing: it catches up when shown. */
  self->stale = self->workspace != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    {
      set_loading (self, FALSE);
      return;
    }
  if (self->workspace == NULL)
    {
      set_loading (self, FALSE);
      self->has_data = FALSE;
      pd_chart_view_set_spec (self->chart, NULL);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->workspace = g_object_ref (self->workspace);
  request->started = g_get_monotonic_time ();
  request->commissioner = g_strdup (self->commissioner);
  request->inflation = gtk_spin_button_get_value (self->inflation_spin);
  request->demand = gtk_spin_button_get_value (self->demand_spin);
  request->cut = gtk_spin_button_get_value (self->cut_spin);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  if (!self->has_data)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

static void
scenario_changed_cb (PdOutlookView *self)
{
  reload (self);
}

static void
pd_outlook_view_map (GtkWidget *widget)
{
  PdOutlookView *self = PD_OUTLOOK_VIEW (widget);

  GTK_WIDGET_CLASS (pd_outlook_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

static void
pd_outlook_view_dispose (GObject *object)
{
  PdOutlookView *self = PD_OUTLOOK_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_OUTLOOK_VIEW);

  G_OBJECT_CLASS (pd_outlook_view_parent_class)->dispose (object);
}

static void
pd_outlook_view_finalize (GObject *object)
{
  PdOutlookView *self = PD_OUTLOOK_VIEW (object);

  g_free (self->commissioner);

  G_OBJECT_CLASS (pd_outlook_view_parent_class)->finalize (object);
}

static void
pd_outlook_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdOutlookView *self = PD_OUTLOOK_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_COMMISSIONER:
      g_value_set_string (value, self->commissioner);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_outlook_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdOutlookView *self = PD_OUTLOOK_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_outlook_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_COMMISSIONER:
      pd_outlook_view_set_commissioner (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_outlook_view_class_init (PdOutlookViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_outlook_view_dispose;
  object_class->finalize = pd_outlook_view_finalize;
  object_class->get_property = pd_outlook_view_get_property;
  object_class->set_property = pd_outlook_view_set_property;

  widget_class->map = pd_outlook_view_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMMISSIONER] =
    g_param_spec_string ("commissioner", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-outlook-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, inflation_spin);
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, demand_spin);
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, cut_spin);
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, savings);
  gtk_widget_class_bind_template_child (widget_class, PdOutlookView, chart);
  gtk_widget_class_bind_template_callback (widget_class, scenario_changed_cb);
}

static void
pd_outlook_view_init (PdOutlookView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PdWorkspace *
pd_outlook_view_get_workspace (PdOutlookView *self)
{
  g_return_val_if_fail (PD_IS_OUTLOOK_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace, read on a worker thread with a connection of its own. */
void
pd_outlook_view_set_workspace (PdOutlookView *self,
                               PdWorkspace   *workspace)
{
  g_return_if_fail (PD_IS_OUTLOOK_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  self->has_data = FALSE;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
pd_outlook_view_get_commissioner (PdOutlookView *self)
{
  g_return_val_if_fail (PD_IS_OUTLOOK_VIEW (self), NULL);

  return self->commissioner;
}

/* The commissioner projected; NULL or "" for the first. */
void
pd_outlook_view_set_commissioner (PdOutlookView *self,
                                  const char    *commissioner)
{
  g_return_if_fail (PD_IS_OUTLOOK_VIEW (self));

  if (commissioner != NULL && *commissioner == '\0')
    commissioner = NULL;
  if (g_strcmp0 (self->commissioner, commissioner) == 0)
    return;
  g_free (self->commissioner);
  self->commissioner = g_strdup (commissioner);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMISSIONER]);
}

gboolean
pd_outlook_view_get_loading (PdOutlookView *self)
{
  g_return_val_if_fail (PD_IS_OUTLOOK_VIEW (self), FALSE);

  return self->loading;
}

GtkWidget *
pd_outlook_view_get_chart (PdOutlookView *self)
{
  g_return_val_if_fail (PD_IS_OUTLOOK_VIEW (self), NULL);

  return GTK_WIDGET (self->chart);
}

GtkListBox *
pd_outlook_view_get_savings (PdOutlookView *self)
{
  g_return_val_if_fail (PD_IS_OUTLOOK_VIEW (self), NULL);

  return self->savings;
}

/* What the three controls do, percentages a year (the controls show the new values). */
void
pd_outlook_view_set_scenario (PdOutlookView *self,
                              double         inflation_percent,
                              double         demand_percent,
                              double         real_cut_percent)
{
  g_return_if_fail (PD_IS_OUTLOOK_VIEW (self));

  g_signal_handlers_block_by_func (self->inflation_spin, scenario_changed_cb, self);
  g_signal_handlers_block_by_func (self->demand_spin, scenario_changed_cb, self);
  g_signal_handlers_block_by_func (self->cut_spin, scenario_changed_cb, self);
  gtk_spin_button_set_value (self->inflation_spin, inflation_percent);
  gtk_spin_button_set_value (self->demand_spin, demand_percent);
  gtk_spin_button_set_value (self->cut_spin, real_cut_percent);
  g_signal_handlers_unblock_by_func (self->inflation_spin, scenario_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->demand_spin, scenario_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->cut_spin, scenario_changed_cb, self);
  reload (self);
}
