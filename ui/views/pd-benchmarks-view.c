/* pd-benchmarks-view.c — providers compared on one indicator: funnel plot and ranked chart
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both charts come from the core's chart queries (the board pack draws the same ones)
 * over the indicator's totals in its latest financial year. A click on a provider in
 * either opens its SPC chart in the Quality view.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-indicators.h"
#include "pd-benchmarks-view.h"
#include "pd-chart-view.h"

/* What the worker hands back; immutable once returned. */
typedef struct
{
  GPtrArray   *codes;      /* of char *: the indicators a funnel can draw */
  GPtrArray   *names;
  char        *indicator;  /* as resolved: the first when none was asked */
  PdChartSpec *funnel;
  PdChartSpec *ranked;
  GPtrArray   *units;      /* of char *: the providers, in the charts' unit order */
} BenchmarksData;

struct _PdBenchmarksView
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkDropDown    *indicator_dropdown;
  PdChartView    *funnel;
  PdChartView    *ranked;

  /* Owned */
  PdWorkspace    *workspace;
  char           *indicator;
  GCancellable   *cancellable;
  BenchmarksData *data;

  guint           loading : 1;
  guint           stale : 1;     /* asked to reload while hidden: reload when shown */
  guint           populating : 1;
};

G_DEFINE_FINAL_TYPE (PdBenchmarksView, pd_benchmarks_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_INDICATOR,
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
benchmarks_data_free (BenchmarksData *data)
{
  g_clear_pointer (&data->codes, g_ptr_array_unref);
  g_clear_pointer (&data->names, g_ptr_array_unref);
  g_free (data->indicator);
  g_clear_pointer (&data->funnel, pd_chart_spec_free);
  g_clear_pointer (&data->ranked, pd_chart_spec_free);
  g_clear_pointer (&data->units, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchmarksData, benchmarks_data_free)

typedef struct
{
  PdWorkspace *workspace;
  gint64       started;     /* monotonic µs, for the debug log */
  char        *indicator;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->indicator);
  g_free (request);
}

static BenchmarksData *
load_benchmarks (PdWorkspace  *workspace,
                 const char   *indicator,
                 GError      **error)
{
  g_autoptr(BenchmarksData) data = g_new0 (BenchmarksData, 1);
  g_autoptr(GPtrArray) indicators = pd_indicators_query (workspace, NULL, error);
  g_autoptr(PdChartTable) table = NULL;
  PdChartQuery query = { 0 };

  if (indicators == NULL)
    return NULL;
  data->codes = g_ptr_array_new_with_free_func (g_free);
  data->names = g_ptr_array_new_with_free_func (g_free);
  data->units = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < indicators->len; i++)
    {
      const PdIndicator *ind = g_ptr_array_index (indicators, i);

      /* A funnel needs a numerator and a denominator: counts and means have none. */
      if (g_strcmp0 (ind->unit, "proportion") != 0 && g_strcmp0 (ind->unit, "rate") != 0 &&
          g_strcmp0 (ind->unit, "ratio") != 0)
        continue;
      g_ptr_array_add (data->codes, g_strdup (ind->code));
      g_ptr_array_add (data->names, g_strdup (ind->name));
      if (g_strcmp0 (ind->code, indicator) == 0)
        data->indicator = g_strdup (ind->code);
    }
  if (data->codes->len == 0)
    return g_steal_pointer (&data);
  if (data->indicator == NULL)
    data->indicator = g_strdup (g_ptr_array_index (data->codes, 0));

  query.indicator = data->indicator;
  data->funnel = pd_chart_query_build (workspace, PD_CHART_KIND_FUNNEL, &query, error);
  if (data->funnel == NULL)
    return NULL;
  data->ranked = pd_chart_query_build (workspace, PD_CHART_KIND_RANKED, &query, error);
  if (data->ranked == NULL)
    return NULL;

  /* The funnel's table lists the units in the order both charts were given them. */
  table = pd_chart_spec_to_table (data->funnel);
  for (guint r = 0; r < table->rows->len; r++)
    g_ptr_array_add (data->units, g_strdup (((char **) g_ptr_array_index (table->rows, r))[0]));

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
  BenchmarksData *data;
  GError *error = NULL;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = load_benchmarks (connection, request->indicator, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) benchmarks_data_free);
}

static void
set_loading (PdBenchmarksView *self,
             gboolean          loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_data (PdBenchmarksView *self)
{
  BenchmarksData *data = self->data;
  g_autoptr(GtkStringList) names = NULL;
  guint selected = 0;

  if (data->codes->len == 0)
    {
      pd_chart_view_set_spec (self->funnel, NULL);
      pd_chart_view_set_spec (self->ranked, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (g_strcmp0 (self->indicator, data->indicator) != 0)
    {
      g_free (self->indicator);
      self->indicator = g_strdup (data->indicator);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR]);
    }

  names = gtk_string_list_new ((const char * const *) NULL);
  for (guint i = 0; i < data->codes->len; i++)
    {
      gtk_string_list_append (names, g_ptr_array_index (data->names, i));
      if (g_strcmp0 (g_ptr_array_index (data->codes, i), data->indicator) == 0)
        selected = i;
    }
  self->populating = TRUE;
  gtk_drop_down_set_model (self->indicator_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->indicator_dropdown, selected);
  self->populating = FALSE;

  pd_chart_view_set_spec (self->funnel, g_steal_pointer (&data->funnel));
  pd_chart_view_set_spec (self->ranked, g_steal_pointer (&data->ranked));
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (object);
  g_autoptr(GError) error = NULL;
  BenchmarksData *data;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Benchmarks read in %.1f ms",
           (g_get_monotonic_time ()
            - ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->started) / 1000.0);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->data, benchmarks_data_free);
  if (data == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->data = data;
      show_data (self);
    }
  set_loading (self, FALSE);
}

static void
reload (PdBenchmarksView *self)
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
      pd_chart_view_set_spec (self->funnel, NULL);
      pd_chart_view_set_spec (self->ranked, NULL);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->workspace = g_object_ref (self->workspace);
  request->started = g_get_monotonic_time ();
  request->indicator = g_strdup (self->indicator);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  if (self->data == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

static void
indicator_selected_cb (PdBenchmarksView *self)
{
  guint selected = gtk_drop_down_get_selected (self->indicator_dropdown);

  if (self->populating || self->data == NULL || selected >= self->data->codes->len)
    return;
  pd_benchmarks_view_set_indicator (self, g_ptr_array_index (self->data->codes, selected));
}

/* A funnel's point or a ranked interval: the provider behind it, on its SPC chart. */
static void
item_activated_cb (PdBenchmarksView *self,
                   guint             type,
                   guint             series,
                   guint             index)
{
  if (self->data == NULL || index >= self->data->units->len ||
      (type != PD_CHART_ITEM_POINT && type != PD_CHART_ITEM_INTERVAL))
    return;
  g_signal_emit (self, signals[OPEN_INDICATOR], 0, self->indicator,
                 g_ptr_array_index (self->data->units, index));
}

static void
pd_benchmarks_view_map (GtkWidget *widget)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (widget);

  GTK_WIDGET_CLASS (pd_benchmarks_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

static void
pd_benchmarks_view_dispose (GObject *object)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->data, benchmarks_data_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_BENCHMARKS_VIEW);

  G_OBJECT_CLASS (pd_benchmarks_view_parent_class)->dispose (object);
}

static void
pd_benchmarks_view_finalize (GObject *object)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (object);

  g_free (self->indicator);

  G_OBJECT_CLASS (pd_benchmarks_view_parent_class)->finalize (object);
}

static void
pd_benchmarks_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_INDICATOR:
      g_value_set_string (value, self->indicator);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_benchmarks_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_benchmarks_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_INDICATOR:
      pd_benchmarks_view_set_indicator (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_benchmarks_view_class_init (PdBenchmarksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_benchmarks_view_dispose;
  object_class->finalize = pd_benchmarks_view_finalize;
  object_class->get_property = pd_benchmarks_view_get_property;
  object_class->set_property = pd_benchmarks_view_set_property;

  widget_class->map = pd_benchmarks_view_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INDICATOR] =
    g_param_spec_string ("indicator", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdBenchmarksView::open-indicator:
   * @indicator: the indicator's code
   * @provider: the provider's code
   *
   * A provider was clicked on a chart: its SPC chart is the evidence.
   */
  signals[OPEN_INDICATOR] =
    g_signal_new ("open-indicator",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (PD_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-benchmarks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, indicator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, funnel);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, ranked);
  gtk_widget_class_bind_template_callback (widget_class, item_activated_cb);
}

static void
pd_benchmarks_view_init (PdBenchmarksView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->indicator_dropdown, "notify::selected",
                           G_CALLBACK (indicator_selected_cb), self, G_CONNECT_SWAPPED);
}

PdWorkspace *
pd_benchmarks_view_get_workspace (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace, read on a worker thread with a connection of its own. */
void
pd_benchmarks_view_set_workspace (PdBenchmarksView *self,
                                  PdWorkspace      *workspace)
{
  g_return_if_fail (PD_IS_BENCHMARKS_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  g_clear_pointer (&self->data, benchmarks_data_free);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
pd_benchmarks_view_get_indicator (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return self->indicator;
}

/* The indicator compared; NULL or "" for the first a funnel can draw. */
void
pd_benchmarks_view_set_indicator (PdBenchmarksView *self,
                                  const char       *indicator)
{
  g_return_if_fail (PD_IS_BENCHMARKS_VIEW (self));

  if (indicator != NULL && *indicator == '\0')
    indicator = NULL;
  if (g_strcmp0 (self->indicator, indicator) == 0)
    return;
  g_free (self->indicator);
  self->indicator = g_strdup (indicator);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR]);
}

gboolean
pd_benchmarks_view_get_loading (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), FALSE);

  return self->loading;
}

GtkWidget *
pd_benchmarks_view_get_funnel (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return GTK_WIDGET (self->funnel);
}

GtkWidget *
pd_benchmarks_view_get_ranked (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return GTK_WIDGET (self->ranked);
}
