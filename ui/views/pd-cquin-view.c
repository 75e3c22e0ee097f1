/* pd-cquin-view.c — one provider's CQUIN scheme: milestones, results and the money
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart comes from the core's chart query (the board pack draws the same one), for
 * the chosen commissioner's contract with the chosen provider in the latest CQUIN year.
 * Beside it, the quarter selector's panel: each indicator's progress and the money
 * earned, at risk, withheld and still pending in one quarter, or the year to date, as
 * the payment engine priced them (pd_cquin_report_query). The chart shows the scheme
 * with the largest contract when several match; the panel prices the same scheme.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-cquin.h"
#include "domain/pd-organisations.h"
#include "pd-cquin-view.h"
#include "pd-chart-view.h"

#include <math.h>

/* Index 0 is the year to date, 1 to 4 the quarters. */
#define N_SPANS 5

/* One indicator's progress and money, per span. */
typedef struct
{
  char   *name;
  double  achievement[N_SPANS];   /* 0–1; NaN: pending, or no milestone in that quarter */
  gint64  at_risk[N_SPANS];
  gint64  earned[N_SPANS];
  gint64  withheld[N_SPANS];
  gint64  pending[N_SPANS];
} IndicatorMoney;

static void
indicator_money_clear (gpointer data)
{
  g_free (((IndicatorMoney *) data)->name);
}

/* What the worker hands back; immutable once returned. */
typedef struct
{
  GPtrArray   *codes;      /* of char *: the providers with a scheme under the commissioner */
  GPtrArray   *names;
  char        *indicator;  /* the provider as resolved: the first when none was asked */
  PdChartSpec *funnel;     /* the CQUIN chart */
  int          year;
  GArray      *money;      /* of IndicatorMoney: the charted scheme's indicators */
  gint64       at_risk[N_SPANS];
  gint64       earned[N_SPANS];
  gint64       withheld[N_SPANS];
  gint64       pending[N_SPANS];
} CquinData;

struct _PdCquinView
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkDropDown    *indicator_dropdown;
  GtkDropDown    *quarter_dropdown;
  PdChartView    *funnel;
  GtkLabel       *span_title;
  GtkLabel       *earned_label;
  GtkLabel       *at_risk_label;
  GtkLabel       *withheld_label;
  GtkLabel       *pending_label;
  GtkBox         *progress_box;

  /* Owned */
  PdWorkspace    *workspace;
  char           *indicator;     /* the provider */
  char           *commissioner;
  guint           quarter;       /* 0: the year to date; 1 to 4 */
  GCancellable   *cancellable;
  CquinData *data;

  guint           loading : 1;
  guint           stale : 1;     /* asked to reload while hidden: reload when shown */
  guint           populating : 1;
};

G_DEFINE_FINAL_TYPE (PdCquinView, pd_cquin_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_PROVIDER,
  PROP_COMMISSIONER,
  PROP_QUARTER,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cquin_data_free (CquinData *data)
{
  g_clear_pointer (&data->codes, g_ptr_array_unref);
  g_clear_pointer (&data->names, g_ptr_array_unref);
  g_free (data->indicator);
  g_clear_pointer (&data->funnel, pd_chart_spec_free);
  g_clear_pointer (&data->money, g_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CquinData, cquin_data_free)

typedef struct
{
  PdWorkspace *workspace;
  gint64       started;     /* monotonic µs, for the debug log */
  char        *indicator;   /* the provider */
  char        *commissioner;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->indicator);
  g_free (request->commissioner);
  g_free (request);
}

/* The money of the scheme the chart shows (the largest contract), by indicator and span:
 * each quarter's milestones as priced, and the year to date as their sums. */
static void
price_spans (CquinData           *data,
             const PdCquinReport *report)
{
  const PdCquinSchemeItem *scheme = NULL;
  guint scheme_index = 0;
  g_autofree int *row_of = NULL;

  data->money = g_array_new (FALSE, TRUE, sizeof (IndicatorMoney));
  g_array_set_clear_func (data->money, indicator_money_clear);
  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *item = &g_array_index (report->schemes, PdCquinSchemeItem, s);

      if (scheme == NULL || item->contract_value_pence > scheme->contract_value_pence)
        {
          scheme = item;
          scheme_index = s;
        }
    }
  if (scheme == NULL)
    return;

  row_of = g_new (int, MAX (report->indicators->len, 1));
  for (guint i = 0; i < report->indicators->len; i++)
    {
      const PdCquinIndicatorItem *ind = &g_array_index (report->indicators, PdCquinIndicatorItem, i);
      IndicatorMoney money = { 0 };

      row_of[i] = -1;
      if (ind->scheme != scheme_index)
        continue;
      money.name = g_strdup (ind->name);
      for (guint k = 0; k < N_SPANS; k++)
        money.achievement[k] = NAN;
      row_of[i] = data->money->len;
      g_array_append_val (data->money, money);
    }
  for (guint m = 0; m < report->milestones->len; m++)
    {
      const PdCquinMilestoneItem *ms = &g_array_index (report->milestones, PdCquinMilestoneItem, m);
      IndicatorMoney *money;
      guint spans[2] = { 0, ms->quarter };

      if (ms->indicator >= report->indicators->len || row_of[ms->indicator] < 0 ||
          ms->quarter < 1 || ms->quarter > 4)
        continue;
      money = &g_array_index (data->money, IndicatorMoney, row_of[ms->indicator]);
      money->achievement[ms->quarter] = ms->payment.achievement;
      for (guint k = 0; k < G_N_ELEMENTS (spans); k++)
        {
          money->at_risk[spans[k]] += ms->payment.at_risk_pence;
          money->earned[spans[k]] += ms->payment.earned_pence;
          money->withheld[spans[k]] += ms->payment.withheld_pence;
          money->pending[spans[k]] += ms->payment.pending_pence;
          data->at_risk[spans[k]] += ms->payment.at_risk_pence;
          data->earned[spans[k]] += ms->payment.earned_pence;
          data->withheld[spans[k]] += ms->payment.withheld_pence;
          data->pending[spans[k]] += ms->payment.pending_pence;
        }
    }
  /* The year to date: what was earned of what has been judged so far. */
  for (guint r = 0; r < data->money->len; r++)
    {
      IndicatorMoney *money = &g_array_index (data->money, IndicatorMoney, r);
      gint64 judged = money->at_risk[0] - money->pending[0];

      money->achievement[0] = judged > 0 ? (double) money->earned[0] / judged : NAN;
    }
}

static CquinData *
load_cquin (PdWorkspace  *workspace,
            const char   *commissioner,
            const char   *provider,
            GError      **error)
{
  g_autoptr(CquinData) data = g_new0 (CquinData, 1);
  g_autoptr(GArray) years = pd_cquin_years_query (workspace, error);
  g_autoptr(PdCquinReport) report = NULL;
  PdChartQuery query = { 0 };
  int year;

  if (years == NULL)
    return NULL;
  data->codes = g_ptr_array_new_with_free_func (g_free);
  data->names = g_ptr_array_new_with_free_func (g_free);
  if (years->len == 0)
    return g_steal_pointer (&data);
  year = g_array_index (years, int, years->len - 1);

  report = pd_cquin_report_query (workspace, year, commissioner, NULL, error);
  if (report == NULL)
    return NULL;
  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem, s);
      g_autoptr(PdOrganisation) org = NULL;
      gboolean seen = FALSE;

      for (guint k = 0; k < data->codes->len && !seen; k++)
        seen = g_strcmp0 (g_ptr_array_index (data->codes, k), scheme->provider) == 0;
      if (seen)
        continue;
      org = pd_organisation_lookup (workspace, scheme->provider, NULL);
      g_ptr_array_add (data->codes, g_strdup (scheme->provider));
      g_ptr_array_add (data->names, g_strdup (org != NULL ? org->name : scheme->provider));
      if (g_strcmp0 (scheme->provider, provider) == 0)
        data->indicator = g_strdup (provider);
    }
  if (data->codes->len == 0)
    return g_steal_pointer (&data);
  if (data->indicator == NULL)
    data->indicator = g_strdup (g_ptr_array_index (data->codes, 0));

  query.commissioner = commissioner;
  query.provider = data->indicator;
  query.year = year;
  data->funnel = pd_chart_query_build (workspace, PD_CHART_KIND_CQUIN, &query, error);
  if (data->funnel == NULL)
    return NULL;
  data->year = year;
  g_clear_pointer (&report, pd_cquin_report_free);
  report = pd_cquin_report_query (workspace, year, commissioner, data->indicator, error);
  if (report == NULL)
    return NULL;
  price_spans (data, report);
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
  CquinData *data;
  GError *error = NULL;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = load_cquin (connection, request->commissioner, request->indicator, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) cquin_data_free);
}

static void
set_loading (PdCquinView *self,
             gboolean          loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
pounds (gint64 pence)
{
  return pd_chart_format_value (PD_CHART_FORMAT_POUNDS, pence / 100.0, 0);
}

static void
set_pounds (GtkLabel *label,
            gint64    pence)
{
  g_autofree char *text = pounds (pence);

  gtk_label_set_text (label, text);
}

/* The quarter panel: the money and each indicator's progress in the chosen span. */
static void
show_money (PdCquinView *self)
{
  CquinData *data = self->data;
  guint k = MIN (self->quarter, N_SPANS - 1);
  g_autofree char *year = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->progress_box))) != NULL)
    gtk_box_remove (self->progress_box, child);
  if (data == NULL || data->money == NULL)
    return;

  year = pd_financial_year_label (data->year);
  title = k == 0 ? g_strdup_printf (_("%s, year to date"), year)
                 : g_strdup_printf (_("Q%u %s"), k, year);
  gtk_label_set_text (self->span_title, title);
  set_pounds (self->earned_label, data->earned[k]);
  set_pounds (self->at_risk_label, data->at_risk[k]);
  set_pounds (self->withheld_label, data->withheld[k]);
  set_pounds (self->pending_label, data->pending[k]);

  for (guint r = 0; r < data->money->len; r++)
    {
      const IndicatorMoney *money = &g_array_index (data->money, IndicatorMoney, r);
      GtkWidget *name = gtk_label_new (money->name);
      GtkWidget *bar = gtk_progress_bar_new ();
      GtkWidget *detail;
      g_autofree char *earned = pounds (money->earned[k]);
      g_autofree char *at_risk = pounds (money->at_risk[k]);
      g_autofree char *text = NULL;
      g_autofree char *bar_text = NULL;

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_widget_set_margin_top (name, r > 0 ? 10 : 0);
      if (money->at_risk[k] == 0)
        text = g_strdup (_("No milestone this quarter"));
      else if (isnan (money->achievement[k]))
        text = g_strdup_printf (_("Result not in yet: %s pending"), at_risk);
      else if (money->pending[k] > 0)
        {
          g_autofree char *pending = pounds (money->pending[k]);
          text = g_strdup_printf (_("%s earned of %s; %s pending"), earned, at_risk, pending);
        }
      else
        text = g_strdup_printf (_("%s earned of %s"), earned, at_risk);
      bar_text = isnan (money->achievement[k]) ? g_strdup ("–")
                 : g_strdup_printf ("%.0f %%", 100 * money->achievement[k]);
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar),
                                     isnan (money->achievement[k]) ? 0
                                     : CLAMP (money->achievement[k], 0, 1));
      gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (bar), bar_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      money->name, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
      detail = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_widget_add_css_class (detail, "dim-label");
      gtk_widget_add_css_class (detail, "caption");
      gtk_box_append (self->progress_box, name);
      gtk_box_append (self->progress_box, bar);
      gtk_box_append (self->progress_box, detail);
    }
}

static void
quarter_selected_cb (PdCquinView *self)
{
  guint selected = gtk_drop_down_get_selected (self->quarter_dropdown);

  if (selected < N_SPANS)
    pd_cquin_view_set_quarter (self, selected);
}

static void
show_data (PdCquinView *self)
{
  CquinData *data = self->data;
  g_autoptr(GtkStringList) names = NULL;
  guint selected = 0;

  if (data->codes->len == 0)
    {
      pd_chart_view_set_spec (self->funnel, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (g_strcmp0 (self->indicator, data->indicator) != 0)
    {
      g_free (self->indicator);
      self->indicator = g_strdup (data->indicator);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
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
  show_money (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdCquinView *self = PD_CQUIN_VIEW (object);
  g_autoptr(GError) error = NULL;
  CquinData *data;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("CQUIN read in %.1f ms",
           (g_get_monotonic_time ()
            - ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->started) / 1000.0);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->data, cquin_data_free);
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
reload (PdCquinView *self)
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
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->workspace = g_object_ref (self->workspace);
  request->started = g_get_monotonic_time ();
  request->indicator = g_strdup (self->indicator);
  request->commissioner = g_strdup (self->commissioner);
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
provider_selected_cb (PdCquinView *self)
{
  guint selected = gtk_drop_down_get_selected (self->indicator_dropdown);

  if (self->populating || self->data == NULL || selected >= self->data->codes->len)
    return;
  pd_cquin_view_set_provider (self, g_ptr_array_index (self->data->codes, selected));
}

static void
pd_cquin_view_map (GtkWidget *widget)
{
  PdCquinView *self = PD_CQUIN_VIEW (widget);

  GTK_WIDGET_CLASS (pd_cquin_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

static void
pd_cquin_view_dispose (GObject *object)
{
  PdCquinView *self = PD_CQUIN_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->data, cquin_data_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_CQUIN_VIEW);

  G_OBJECT_CLASS (pd_cquin_view_parent_class)->dispose (object);
}

static void
pd_cquin_view_finalize (GObject *object)
{
  PdCquinView *self = PD_CQUIN_VIEW (object);

  g_free (self->indicator);
  g_free (self->commissioner);

  G_OBJECT_CLASS (pd_cquin_view_parent_class)->finalize (object);
}

static void
pd_cquin_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdCquinView *self = PD_CQUIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, self->indicator);
      break;

    case PROP_COMMISSIONER:
      g_value_set_string (value, self->commissioner);
      break;

    case PROP_QUARTER:
      g_value_set_uint (value, self->quarter);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_cquin_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdCquinView *self = PD_CQUIN_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_cquin_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_PROVIDER:
      pd_cquin_view_set_provider (self, g_value_get_string (value));
      break;

    case PROP_COMMISSIONER:
      pd_cquin_view_set_commissioner (self, g_value_get_string (value));
      break;

    case PROP_QUARTER:
      pd_cquin_view_set_quarter (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_cquin_view_class_init (PdCquinViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_cquin_view_dispose;
  object_class->finalize = pd_cquin_view_finalize;
  object_class->get_property = pd_cquin_view_get_property;
  object_class->set_property = pd_cquin_view_set_property;

  widget_class->map = pd_cquin_view_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMMISSIONER] =
    g_param_spec_string ("commissioner", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUARTER] =
    g_param_spec_uint ("quarter", NULL, NULL,
                       0, 4, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-cquin-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, indicator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, funnel);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, quarter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, span_title);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, earned_label);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, at_risk_label);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, withheld_label);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, pending_label);
  gtk_widget_class_bind_template_child (widget_class, PdCquinView, progress_box);
}

static void
pd_cquin_view_init (PdCquinView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->indicator_dropdown, "notify::selected",
                           G_CALLBACK (provider_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->quarter_dropdown, "notify::selected",
                           G_CALLBACK (quarter_selected_cb), self, G_CONNECT_SWAPPED);
}

PdWorkspace *
pd_cquin_view_get_workspace (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace, read on a worker thread with a connection of its own. */
void
pd_cquin_view_set_workspace (PdCquinView *self,
                                  PdWorkspace      *workspace)
{
  g_return_if_fail (PD_IS_CQUIN_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  g_clear_pointer (&self->data, cquin_data_free);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
pd_cquin_view_get_provider (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  return self->indicator;
}

/* The provider whose scheme is shown; NULL or "" for the commissioner's first. */
void
pd_cquin_view_set_provider (PdCquinView *self,
                            const char  *provider)
{
  g_return_if_fail (PD_IS_CQUIN_VIEW (self));

  if (provider != NULL && *provider == '\0')
    provider = NULL;
  if (g_strcmp0 (self->indicator, provider) == 0)
    return;
  g_free (self->indicator);
  self->indicator = g_strdup (provider);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

const char *
pd_cquin_view_get_commissioner (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  return self->commissioner;
}

/* The commissioner whose contracts are shown; NULL or "" for all. */
void
pd_cquin_view_set_commissioner (PdCquinView *self,
                                const char  *commissioner)
{
  g_return_if_fail (PD_IS_CQUIN_VIEW (self));

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
pd_cquin_view_get_loading (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), FALSE);

  return self->loading;
}

GtkWidget *
pd_cquin_view_get_chart (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  return GTK_WIDGET (self->funnel);
}

guint
pd_cquin_view_get_quarter (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), 0);

  return self->quarter;
}

/* The span the panel prices: 1 to 4 for a quarter of the year, 0 for the year to date.
 * The data is in hand: no reading. */
void
pd_cquin_view_set_quarter (PdCquinView *self,
                           guint        quarter)
{
  g_return_if_fail (PD_IS_CQUIN_VIEW (self));
  g_return_if_fail (quarter <= 4);

  if (self->quarter == quarter)
    return;
  self->quarter = quarter;
  gtk_drop_down_set_selected (self->quarter_dropdown, quarter);
  show_money (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUARTER]);
}

GtkDropDown *
pd_cquin_view_get_quarter_dropdown (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  return self->quarter_dropdown;
}

/* The panel's figures as shown: "earned", "at-risk", "withheld" or "pending". */
const char *
pd_cquin_view_get_money_text (PdCquinView *self,
                              const char  *what)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  if (g_strcmp0 (what, "earned") == 0)
    return gtk_label_get_text (self->earned_label);
  if (g_strcmp0 (what, "at-risk") == 0)
    return gtk_label_get_text (self->at_risk_label);
  if (g_strcmp0 (what, "withheld") == 0)
    return gtk_label_get_text (self->withheld_label);
  if (g_strcmp0 (what, "pending") == 0)
    return gtk_label_get_text (self->pending_label);
  g_return_val_if_reached (NULL);
}

GtkWidget *
pd_cquin_view_get_progress_box (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  return GTK_WIDGET (self->progress_box);
}

GtkDropDown *
pd_cquin_view_get_provider_dropdown (PdCquinView *self)
{
  g_return_val_if_fail (PD_IS_CQUIN_VIEW (self), NULL);

  return self->indicator_dropdown;
}
