/* pd-benchmarks-view.c — providers compared on one indicator: funnel plot, ranked chart
 * and a table, over every provider or one peer group
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both charts come from the core's chart queries (the board pack draws the same ones)
 * over the indicator's totals in its latest financial year, restricted to the chosen peer
 * group's members (the pooled value and the limits over them alone). The table holds the
 * same totals with the funnel's verdict, sortable by any column and filtered by the
 * search above it (Ctrl+F). A click on a provider in either chart, or Enter on a row,
 * opens its SPC chart in the Quality view. Peer groups are made, edited and deleted here
 * (PdPeerGroupDialog); the writes run on a worker thread with their own connection.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-indicators.h"
#include "domain/pd-organisations.h"
#include "stats/pd-funnel.h"
#include "stats/pd-intervals.h"
#include "pd-benchmarks-view.h"
#include "pd-chart-view.h"
#include "pd-peer-group-dialog.h"

/* ---- a row of the table ----------------------------------------------------------------- */

struct _PdBenchmarksRow
{
  GObject        parent_instance;

  char          *code;
  char          *name;
  double         numerator;
  double         denominator;
  double         value;        /* NaN when it cannot be worked out */
  double         lower;        /* 95 % interval */
  double         upper;
  PdFunnelClass  position;
  PdChartFormat  format;
};

G_DEFINE_FINAL_TYPE (PdBenchmarksRow, pd_benchmarks_row, G_TYPE_OBJECT)

static void
pd_benchmarks_row_finalize (GObject *object)
{
  PdBenchmarksRow *self = PD_BENCHMARKS_ROW (object);

  g_free (self->code);
  g_free (self->name);

  G_OBJECT_CLASS (pd_benchmarks_row_parent_class)->finalize (object);
}

static void
pd_benchmarks_row_class_init (PdBenchmarksRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_benchmarks_row_finalize;
}

static void
pd_benchmarks_row_init (PdBenchmarksRow *self)
{
}

const char *
pd_benchmarks_row_get_code (PdBenchmarksRow *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_ROW (self), NULL);

  return self->code;
}

const char *
pd_benchmarks_row_get_name (PdBenchmarksRow *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_ROW (self), NULL);

  return self->name;
}

double
pd_benchmarks_row_get_value (PdBenchmarksRow *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_ROW (self), NAN);

  return self->value;
}

/* Where the funnel puts it, in words for the table. */
static const char *
position_words (PdFunnelClass position)
{
  switch (position)
    {
    case PD_FUNNEL_BELOW_99_8:
      return _("Below 99.8 % limit");
    case PD_FUNNEL_BELOW_95:
      return _("Below 95 % limit");
    case PD_FUNNEL_WITHIN:
      return _("Within limits");
    case PD_FUNNEL_ABOVE_95:
      return _("Above 95 % limit");
    case PD_FUNNEL_ABOVE_99_8:
      return _("Above 99.8 % limit");
    case PD_FUNNEL_NOT_CLASSIFIED:
    default:
      return _("Not classified");
    }
}
/* What the worker hands back; immutable once returned. */
typedef struct
{
  GPtrArray   *codes;      /* of char *: the indicators a funnel can draw */
  GPtrArray   *names;
  char        *indicator;  /* as resolved: the first when none was asked */
  PdChartSpec *funnel;
  PdChartSpec *ranked;
  GPtrArray   *units;      /* of char *: the providers, in the charts' unit order */
  GPtrArray   *groups;     /* of PdPeerGroup: those with a provider, or made in the app */
  char        *group;      /* the peer group as resolved: NULL for every provider */
  GPtrArray   *providers;  /* of PdOrganisation: every provider, for the dialog */
  GPtrArray   *rows;       /* of PdBenchmarksRow, the table */
} BenchmarksData;

struct _PdBenchmarksView
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkDropDown    *indicator_dropdown;
  GtkDropDown    *group_dropdown;
  GtkWidget      *edit_button;
  GtkWidget      *delete_button;
  PdChartView    *funnel;
  PdChartView    *ranked;
  GtkColumnView  *table;
  GtkSearchEntry *search;
  GtkLabel       *table_caption;

  /* Owned */
  PdWorkspace    *workspace;
  char           *indicator;
  char           *peer_group;
  GListStore     *rows;
  GtkFilter      *filter;
  GtkSortListModel *sorted;
  GtkWindow      *dialog;        /* the peer group or delete dialog open, or NULL (weak) */
  guint           writes;        /* peer group writes running */
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
  PROP_PEER_GROUP,
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
  g_clear_pointer (&data->groups, g_ptr_array_unref);
  g_free (data->group);
  g_clear_pointer (&data->providers, g_ptr_array_unref);
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchmarksData, benchmarks_data_free)

typedef struct
{
  PdWorkspace *workspace;
  gint64       started;     /* monotonic µs, for the debug log */
  char        *indicator;
  char        *peer_group;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->indicator);
  g_free (request->peer_group);
  g_free (request);
}

/* The financial year the charts show: that of the latest month any provider reported. */
static int
latest_year (PdWorkspace  *workspace,
             const char   *indicator,
             GError      **error)
{
  g_autoptr(GArray) latest = pd_indicator_latest_query (workspace, indicator, NULL,
                                                        PD_PERIOD_MONTH, error);
  int y = 0, m = 0;

  if (latest == NULL)
    return -1;
  for (guint i = 0; i < latest->len; i++)
    {
      int ly, lm;

      if (sscanf (g_array_index (latest, PdIndicatorLatest, i).period_start, "%d-%d", &ly, &lm) == 2 &&
          ly * 12 + lm > y * 12 + m)
        {
          y = ly;
          m = lm;
        }
    }
  return y > 0 ? pd_financial_year_of_month (y, m) : 0;
}

/* The table: each member's totals over the year, the funnel's verdict on it (limits over
 * the members alone, as the chart) and its 95 % interval (as the ranked chart). */
static GPtrArray *
build_rows (PdWorkspace         *workspace,
            const PdIndicator   *indicator,
            int                  year,
            const char * const  *members,
            GHashTable          *names,
            GError             **error)
{
  g_autofree char *first = g_strdup_printf ("%04d-04-01", year);
  g_autofree char *last = g_strdup_printf ("%04d-03-01", year + 1);
  g_autoptr(GArray) totals = NULL;
  g_autoptr(PdFunnel) funnel = NULL;
  g_autofree double *num = NULL, *den = NULL;
  g_autofree PdInterval *intervals = NULL;
  gboolean proportion = g_strcmp0 (indicator->unit, "proportion") == 0;
  double multiplier = indicator->multiplier > 0 ? indicator->multiplier : 1;
  /* As the charts label their axes. */
  PdChartFormat format = !proportion ? PD_CHART_FORMAT_NUMBER
                         : multiplier == 100 ? PD_CHART_FORMAT_PERCENT
                         : multiplier == 1 ? PD_CHART_FORMAT_PROPORTION : PD_CHART_FORMAT_NUMBER;
  PdFunnelOptions options;
  GPtrArray *rows;

  totals = pd_indicator_totals_query (workspace, indicator->code, PD_PERIOD_MONTH, first, last,
                                      error);
  if (totals == NULL)
    return NULL;
  for (guint i = totals->len; members != NULL && i-- > 0;)
    if (!g_strv_contains (members, g_array_index (totals, PdIndicatorTotal, i).provider))
      g_array_remove_index (totals, i);

  num = g_new (double, MAX (totals->len, 1));
  den = g_new (double, MAX (totals->len, 1));
  intervals = g_new (PdInterval, MAX (totals->len, 1));
  for (guint i = 0; i < totals->len; i++)
    {
      num[i] = g_array_index (totals, PdIndicatorTotal, i).numerator;
      den[i] = g_array_index (totals, PdIndicatorTotal, i).denominator;
    }
  pd_funnel_options_init (&options, proportion ? PD_FUNNEL_PROPORTION
                                    : g_strcmp0 (indicator->unit, "ratio") == 0 ? PD_FUNNEL_RATIO
                                    : PD_FUNNEL_RATE);
  options.multiplier = multiplier;
  funnel = pd_funnel_compute (num, den, totals->len, &options);
  pd_ci_compute_array (proportion ? PD_CI_WILSON : PD_CI_POISSON, num, den, totals->len,
                       PD_LEVEL_95, multiplier, intervals);

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *t = &g_array_index (totals, PdIndicatorTotal, i);
      PdBenchmarksRow *row = g_object_new (PD_TYPE_BENCHMARKS_ROW, NULL);
      const char *name = g_hash_table_lookup (names, t->provider);

      row->code = g_strdup (t->provider);
      row->name = g_strdup (name != NULL ? name : t->provider);
      row->numerator = t->numerator;
      row->denominator = t->denominator;
      row->value = funnel->units[i].value;
      row->lower = intervals[i].lower;
      row->upper = intervals[i].upper;
      row->position = funnel->units[i].classification;
      row->format = format;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static gboolean
group_has_provider (const PdPeerGroup *group,
                    GHashTable        *names)
{
  for (guint i = 0; group->members[i] != NULL; i++)
    if (g_hash_table_contains (names, group->members[i]))
      return TRUE;
  return FALSE;
}

static BenchmarksData *
load_benchmarks (PdWorkspace  *workspace,
                 const char   *indicator,
                 const char   *peer_group,
                 GError      **error)
{
  g_autoptr(BenchmarksData) data = g_new0 (BenchmarksData, 1);
  g_autoptr(GPtrArray) indicators = pd_indicators_query (workspace, NULL, error);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdChartTable) table = NULL;
  const PdIndicator *chosen = NULL;
  const PdPeerGroup *group = NULL;
  PdChartQuery query = { 0 };
  g_autofree char *label = NULL;
  int year;

  if (indicators == NULL)
    return NULL;
  data->providers = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
  if (data->providers == NULL)
    return NULL;
  for (guint i = 0; i < data->providers->len; i++)
    {
      const PdOrganisation *org = g_ptr_array_index (data->providers, i);
      g_hash_table_insert (names, org->code, org->name);
    }
  groups = pd_peer_groups_query (workspace, error);
  if (groups == NULL)
    return NULL;
  /* The commissioners' groups of the demo compare no provider: not offered here. */
  data->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_peer_group_free);
  for (guint i = 0; i < groups->len; i++)
    {
      PdPeerGroup *g = g_ptr_array_index (groups, i);

      if (!g->user_made && !group_has_provider (g, names))
        continue;
      g_ptr_array_add (data->groups, g_ptr_array_steal_index (groups, i--));
      if (g_strcmp0 (g->name, peer_group) == 0)
        {
          group = g;
          data->group = g_strdup (g->name);
        }
    }

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
      if (g_strcmp0 (ind->code, indicator) == 0 || (chosen == NULL && indicator == NULL))
        chosen = ind;
    }
  if (data->codes->len == 0)
    return g_steal_pointer (&data);
  if (chosen == NULL)
    {
      for (guint i = 0; i < indicators->len && chosen == NULL; i++)
        if (g_strcmp0 (((PdIndicator *) g_ptr_array_index (indicators, i))->code,
                       g_ptr_array_index (data->codes, 0)) == 0)
          chosen = g_ptr_array_index (indicators, i);
    }
  data->indicator = g_strdup (chosen->code);

  year = latest_year (workspace, chosen->code, error);
  if (year < 0)
    return NULL;
  query.indicator = data->indicator;
  query.year = year;
  query.providers = group != NULL ? (const char * const *) group->members : NULL;
  label = group != NULL ? g_strdup_printf ("peer group %s", group->name) : NULL;
  query.providers_label = label;
  data->funnel = pd_chart_query_build (workspace, PD_CHART_KIND_FUNNEL, &query, error);
  if (data->funnel == NULL)
    return NULL;
  data->ranked = pd_chart_query_build (workspace, PD_CHART_KIND_RANKED, &query, error);
  if (data->ranked == NULL)
    return NULL;
  data->rows = build_rows (workspace, chosen, year, query.providers, names, error);
  if (data->rows == NULL)
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
  data = load_benchmarks (connection, request->indicator, request->peer_group, &error);
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

/* "12 of 20 providers" under the table, or what the filter left. */
static void
update_caption (PdBenchmarksView *self)
{
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  g_autofree char *text = NULL;

  if (shown == all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u provider", "%u providers", all), all);
  else
    text = g_strdup_printf (_("%u of %u providers match"), shown, all);
  gtk_label_set_text (self->table_caption, text);
}

static gboolean
row_matches (gpointer item,
             gpointer user_data)
{
  PdBenchmarksView *self = user_data;
  PdBenchmarksRow *row = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *needle = NULL;
  g_autofree char *hay = NULL;
  g_autofree char *both = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  both = g_strconcat (row->code, " ", row->name, NULL);
  hay = g_utf8_casefold (both, -1);
  return strstr (hay, g_strstrip (needle)) != NULL;
}

static void
search_changed_cb (PdBenchmarksView *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_caption (self);
}

/* NaN sorts after every number, whichever way the column sorts. */
static int
compare_doubles (double a,
                 double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static int
compare_name (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_utf8_collate (((PdBenchmarksRow *) a)->name, ((PdBenchmarksRow *) b)->name);
}

static int
compare_numerator (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return compare_doubles (((PdBenchmarksRow *) a)->numerator, ((PdBenchmarksRow *) b)->numerator);
}

static int
compare_denominator (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return compare_doubles (((PdBenchmarksRow *) a)->denominator, ((PdBenchmarksRow *) b)->denominator);
}

static int
compare_value (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return compare_doubles (((PdBenchmarksRow *) a)->value, ((PdBenchmarksRow *) b)->value);
}

static int
compare_interval (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const PdBenchmarksRow *x = a, *y = b;
  int c = compare_doubles (x->lower, y->lower);

  return c != 0 ? c : compare_doubles (x->upper, y->upper);
}

static int
compare_position (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return (int) ((PdBenchmarksRow *) a)->position - (int) ((PdBenchmarksRow *) b)->position;
}

typedef enum
{
  COLUMN_PROVIDER,
  COLUMN_NUMERATOR,
  COLUMN_DENOMINATOR,
  COLUMN_VALUE,
  COLUMN_INTERVAL,
  COLUMN_POSITION,
  N_COLUMNS
} Column;

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_PROVIDER || column == COLUMN_POSITION ? 0 : 1);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column != COLUMN_PROVIDER && column != COLUMN_POSITION)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static char *
format_number (double value)
{
  return pd_chart_format_value (PD_CHART_FORMAT_NUMBER, value, 1);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  PdBenchmarksRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_PROVIDER:
      text = g_strdup_printf ("%s %s", row->code, row->name);
      break;
    case COLUMN_NUMERATOR:
      text = format_number (row->numerator);
      break;
    case COLUMN_DENOMINATOR:
      text = format_number (row->denominator);
      break;
    case COLUMN_VALUE:
      text = pd_chart_format_value (row->format, row->value, 0);
      break;
    case COLUMN_INTERVAL:
      {
        g_autofree char *lower = pd_chart_format_value (row->format, row->lower, 0);
        g_autofree char *upper = pd_chart_format_value (row->format, row->upper, 0);
        text = isnan (row->lower) ? g_strdup ("–") : g_strdup_printf ("%s to %s", lower, upper);
      }
      break;
    case COLUMN_POSITION:
    case N_COLUMNS:
    default:
      text = g_strdup (position_words (row->position));
      break;
    }
  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), column == COLUMN_PROVIDER ? text : NULL);
}

static void
add_columns (PdBenchmarksView *self)
{
  static const struct
  {
    const char        *title;
    GCompareDataFunc   compare;
    gboolean           expand;
  } columns[N_COLUMNS] = {
    [COLUMN_PROVIDER] = { N_("Provider"), compare_name, TRUE },
    [COLUMN_NUMERATOR] = { N_("Numerator"), compare_numerator, FALSE },
    [COLUMN_DENOMINATOR] = { N_("Denominator"), compare_denominator, FALSE },
    [COLUMN_VALUE] = { N_("Value"), compare_value, FALSE },
    [COLUMN_INTERVAL] = { N_("95 % interval"), compare_interval, FALSE },
    [COLUMN_POSITION] = { N_("Funnel position"), compare_position, FALSE },
  };

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (columns[c].compare, NULL, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->table, column);
      g_object_unref (column);
    }
}

static void
row_activated_cb (PdBenchmarksView *self,
                  guint             position)
{
  g_autoptr(PdBenchmarksRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (row != NULL && self->indicator != NULL)
    g_signal_emit (self, signals[OPEN_INDICATOR], 0, self->indicator, row->code);
}

static void
show_data (PdBenchmarksView *self)
{
  BenchmarksData *data = self->data;
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GtkStringList) groups = NULL;
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

  if (g_strcmp0 (self->peer_group, data->group) != 0)
    {
      g_free (self->peer_group);
      self->peer_group = g_strdup (data->group);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_GROUP]);
    }
  groups = gtk_string_list_new ((const char * const *) NULL);
  gtk_string_list_append (groups, _("All providers"));
  selected = 0;
  for (guint i = 0; i < data->groups->len; i++)
    {
      const PdPeerGroup *group = g_ptr_array_index (data->groups, i);

      gtk_string_list_append (groups, group->name);
      if (g_strcmp0 (group->name, data->group) == 0)
        selected = i + 1;
    }
  self->populating = TRUE;
  gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (groups));
  gtk_drop_down_set_selected (self->group_dropdown, selected);
  self->populating = FALSE;
  gtk_widget_set_sensitive (self->edit_button, selected > 0);
  gtk_widget_set_sensitive (self->delete_button, selected > 0);

  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       data->rows->pdata, data->rows->len);
  update_caption (self);

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
  set_loading (self, self->writes > 0);
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
  request->peer_group = g_strdup (self->peer_group);
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

static void
group_selected_cb (PdBenchmarksView *self)
{
  guint selected = gtk_drop_down_get_selected (self->group_dropdown);

  if (self->populating || self->data == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected == 0)
    pd_benchmarks_view_set_peer_group (self, NULL);
  else if (selected <= self->data->groups->len)
    pd_benchmarks_view_set_peer_group (self,
                                       ((PdPeerGroup *) g_ptr_array_index (self->data->groups,
                                                                           selected - 1))->name);
}

/* ---- peer groups: writes on a worker thread --------------------------------------------- */

typedef enum
{
  WRITE_SAVE,
  WRITE_DELETE,
} WriteKind;

typedef struct
{
  PdWorkspace *workspace;
  WriteKind    kind;
  gint64       id;            /* 0: a new group */
  char        *name;
  char        *description;
  GStrv        members;
  GtkWindow   *dialog;        /* strong: error messages go back to it */
} WriteRequest;

static void
write_request_free (WriteRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->name);
  g_free (request->description);
  g_strfreev (request->members);
  g_clear_object (&request->dialog);
  g_free (request);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteRequest *request = task_data;
  g_autoptr(PdWorkspace) connection = NULL;
  g_autoptr(PdPeerGroup) group = NULL;
  GError *error = NULL;
  gint64 id = request->id;
  gboolean ok;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (request->kind == WRITE_DELETE)
    {
      if (pd_peer_group_delete (connection, id, &error))
        g_task_return_pointer (task, NULL, NULL);
      else
        g_task_return_error (task, error);
      return;
    }
  if (id == 0)
    {
      id = pd_peer_group_create (connection, request->name, request->description,
                                 (const char * const *) request->members, &error);
      ok = id > 0;
    }
  else
    {
      ok = pd_peer_group_update (connection, id, request->name, request->description, &error) &&
           pd_peer_group_set_members (connection, id, (const char * const *) request->members,
                                      &error);
    }
  if (ok)
    group = pd_peer_group_lookup (connection, id, &error);
  if (group == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (group->name), g_free);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (object);
  WriteRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  self->writes--;
  name = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      if (request->kind == WRITE_SAVE && request->dialog != NULL &&
          gtk_widget_get_visible (GTK_WIDGET (request->dialog)))
        pd_peer_group_dialog_show_error (PD_PEER_GROUP_DIALOG (request->dialog), error->message);
      else
        g_warning ("%s: %s", request->kind == WRITE_SAVE ? "Could not save the peer group"
                                                         : "Could not delete the peer group",
                   error->message);
      set_loading (self, self->cancellable != NULL);
      return;
    }
  if (request->dialog != NULL)
    gtk_window_destroy (request->dialog);
  /* Show what was saved (a rename moves the choice with it), or every provider. */
  g_free (self->peer_group);
  self->peer_group = g_steal_pointer (&name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_GROUP]);
  reload (self);
}

static void
start_write (PdBenchmarksView *self,
             WriteRequest     *request)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, write_cb, NULL);

  request->workspace = g_object_ref (self->workspace);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, request, (GDestroyNotify) write_request_free);
  self->writes++;
  set_loading (self, TRUE);
  g_task_run_in_thread (task, write_thread);
}

static void
dialog_save_cb (PdPeerGroupDialog *dialog,
                const char        *name,
                const char        *description,
                GStrv              members,
                PdBenchmarksView  *self)
{
  WriteRequest *request;

  if (self->workspace == NULL)
    return;
  request = g_new0 (WriteRequest, 1);
  request->kind = WRITE_SAVE;
  request->id = pd_peer_group_dialog_get_id (dialog);
  request->name = g_strdup (name);
  request->description = g_strdup (description);
  request->members = g_strdupv (members);
  request->dialog = GTK_WINDOW (g_object_ref (dialog));
  start_write (self, request);
}

static const PdPeerGroup *
chosen_group (PdBenchmarksView *self)
{
  for (guint i = 0; self->data != NULL && i < self->data->groups->len; i++)
    {
      const PdPeerGroup *group = g_ptr_array_index (self->data->groups, i);

      if (g_strcmp0 (group->name, self->peer_group) == 0)
        return group;
    }
  return NULL;
}

static void
open_dialog (PdBenchmarksView  *self,
             const PdPeerGroup *group)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  PdPeerGroupDialog *dialog;

  if (self->data == NULL || self->data->providers == NULL)
    return;
  dialog = pd_peer_group_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, group,
                                     self->data->providers);
  g_signal_connect_object (dialog, "save", G_CALLBACK (dialog_save_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_group_clicked_cb (PdBenchmarksView *self)
{
  open_dialog (self, NULL);
}

static void
edit_group_clicked_cb (PdBenchmarksView *self)
{
  const PdPeerGroup *group = chosen_group (self);

  if (group != NULL)
    open_dialog (self, group);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PdBenchmarksView *self)
{
  WriteRequest *request;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "group-id"));

  if (g_strcmp0 (response, "delete") != 0 || self->workspace == NULL || id == 0)
    return;
  request = g_new0 (WriteRequest, 1);
  request->kind = WRITE_DELETE;
  request->id = id;
  start_write (self, request);
}

static void
delete_group_clicked_cb (PdBenchmarksView *self)
{
  const PdPeerGroup *group = chosen_group (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (group == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), group->name);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The group goes from the workspace for everyone who opens it. "
                                    "Its organisations and their data stay."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "group-id", GSIZE_TO_POINTER ((gsize) group->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
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
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
  if (self->table != NULL)
    gtk_column_view_set_model (self->table, NULL);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_BENCHMARKS_VIEW);

  G_OBJECT_CLASS (pd_benchmarks_view_parent_class)->dispose (object);
}

static void
pd_benchmarks_view_finalize (GObject *object)
{
  PdBenchmarksView *self = PD_BENCHMARKS_VIEW (object);

  g_free (self->indicator);
  g_free (self->peer_group);

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

    case PROP_PEER_GROUP:
      g_value_set_string (value, self->peer_group);
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

    case PROP_PEER_GROUP:
      pd_benchmarks_view_set_peer_group (self, g_value_get_string (value));
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
  properties[PROP_PEER_GROUP] =
    g_param_spec_string ("peer-group", NULL, NULL,
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
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, table);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, search);
  gtk_widget_class_bind_template_child (widget_class, PdBenchmarksView, table_caption);
  gtk_widget_class_bind_template_callback (widget_class, item_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_group_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_group_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_group_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
pd_benchmarks_view_init (PdBenchmarksView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->indicator_dropdown, "notify::selected",
                           G_CALLBACK (indicator_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group_dropdown, "notify::selected",
                           G_CALLBACK (group_selected_cb), self, G_CONNECT_SWAPPED);

  /* rows → filter (the search) → sort (the column clicked) → the table. */
  self->rows = g_list_store_new (PD_TYPE_BENCHMARKS_ROW);
  self->filter = GTK_FILTER (gtk_custom_filter_new (row_matches, self, NULL));
  self->sorted = gtk_sort_list_model_new (
    G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                             g_object_ref (self->filter))),
    g_object_ref (gtk_column_view_get_sorter (self->table)));
  add_columns (self);
  {
    /* A row is selected by the keyboard or a click, none before. */
    GtkSingleSelection *selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_single_selection_set_can_unselect (selection, TRUE);
    gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
    gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
    g_object_unref (selection);
  }
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

const char *
pd_benchmarks_view_get_peer_group (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return self->peer_group;
}

/* The peer group compared, by name; NULL or "" for every provider. A name the workspace
 * does not know shows every provider. */
void
pd_benchmarks_view_set_peer_group (PdBenchmarksView *self,
                                   const char       *peer_group)
{
  g_return_if_fail (PD_IS_BENCHMARKS_VIEW (self));

  if (peer_group != NULL && *peer_group == '\0')
    peer_group = NULL;
  if (g_strcmp0 (self->peer_group, peer_group) == 0)
    return;
  g_free (self->peer_group);
  self->peer_group = g_strdup (peer_group);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_GROUP]);
}

GtkDropDown *
pd_benchmarks_view_get_group_dropdown (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return self->group_dropdown;
}

/* What New…, Edit… and Delete… would do when clicked. */
void
pd_benchmarks_view_new_group (PdBenchmarksView *self)
{
  g_return_if_fail (PD_IS_BENCHMARKS_VIEW (self));

  new_group_clicked_cb (self);
}

void
pd_benchmarks_view_edit_group (PdBenchmarksView *self)
{
  g_return_if_fail (PD_IS_BENCHMARKS_VIEW (self));

  edit_group_clicked_cb (self);
}

void
pd_benchmarks_view_delete_group (PdBenchmarksView *self)
{
  g_return_if_fail (PD_IS_BENCHMARKS_VIEW (self));

  delete_group_clicked_cb (self);
}

/* The peer group dialog or the delete confirmation on screen, or NULL. */
GtkWindow *
pd_benchmarks_view_get_dialog (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return self->dialog;
}

GtkColumnView *
pd_benchmarks_view_get_table (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return self->table;
}

/* The rows as the table shows them: filtered, then sorted. */
GListModel *
pd_benchmarks_view_get_rows (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

GtkEditable *
pd_benchmarks_view_get_search (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return GTK_EDITABLE (self->search);
}

/* Ctrl+F: the table's filter. */
void
pd_benchmarks_view_focus_search (PdBenchmarksView *self)
{
  g_return_if_fail (PD_IS_BENCHMARKS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

GtkWidget *
pd_benchmarks_view_get_ranked (PdBenchmarksView *self)
{
  g_return_val_if_fail (PD_IS_BENCHMARKS_VIEW (self), NULL);

  return GTK_WIDGET (self->ranked);
}
