/* pd-spend-view.c — where the money goes: the spend mix across peers, and a table
 *
 * The table under the chart sorts by any column and is filtered by the search above it
 * (Ctrl+F): a GtkStringFilter over the "code name" column, so no matching code of our own.
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"
#include "pd-chart-view.h"
#include "pd-format.h"
#include "pd-spend-view.h"

/* ---- one commissioner's row of the table ---------------------------------------------- */

struct _PdSpendItem
{
  GObject  parent_instance;

  char    *code;
  char    *name;
  gint64   population;       /* -1 when unknown */
  double   total;            /* pounds */
  double   per_head;         /* pounds; NaN when the population is unknown */
  double   acute_share;      /* 0–1, NaN when there is no spend */
  double   community_share;
  gboolean chosen;           /* the commissioner the filter names */
};

G_DEFINE_FINAL_TYPE (PdSpendItem, pd_spend_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_NAME,
  ITEM_PROP_POPULATION,
  ITEM_PROP_POPULATION_TEXT,
  ITEM_PROP_TOTAL,
  ITEM_PROP_TOTAL_TEXT,
  ITEM_PROP_PER_HEAD,
  ITEM_PROP_PER_HEAD_TEXT,
  ITEM_PROP_ACUTE_SHARE,
  ITEM_PROP_ACUTE_TEXT,
  ITEM_PROP_COMMUNITY_SHARE,
  ITEM_PROP_COMMUNITY_TEXT,
  ITEM_PROP_CSS_CLASSES,
  N_ITEM_PROPS
};

static GParamSpec *item_properties[N_ITEM_PROPS];

static char *
format_share (double share)
{
  if (!isfinite (share))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f %%", share * 100.0);
}

static void
pd_spend_item_finalize (GObject *object)
{
  PdSpendItem *self = PD_SPEND_ITEM (object);

  g_free (self->code);
  g_free (self->name);

  G_OBJECT_CLASS (pd_spend_item_parent_class)->finalize (object);
}

static void
pd_spend_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdSpendItem *self = PD_SPEND_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ITEM_PROP_POPULATION:
      g_value_set_int64 (value, self->population);
      break;
    case ITEM_PROP_POPULATION_TEXT:
      g_value_take_string (value, self->population >= 0 ? pd_format_count (self->population)
                                                        : g_strdup ("—"));
      break;
    case ITEM_PROP_TOTAL:
      g_value_set_double (value, self->total);
      break;
    case ITEM_PROP_TOTAL_TEXT:
      g_value_take_string (value, pd_format_pence ((gint64) llround (self->total * 100.0)));
      break;
    case ITEM_PROP_PER_HEAD:
      g_value_set_double (value, isfinite (self->per_head) ? self->per_head : -1.0);
      break;
    case ITEM_PROP_PER_HEAD_TEXT:
      g_value_take_string (value, isfinite (self->per_head)
                                  ? pd_format_pence ((gint64) llround (self->per_head * 100.0))
                                  : g_strdup ("—"));
      break;
    case ITEM_PROP_ACUTE_SHARE:
      g_value_set_double (value, isfinite (self->acute_share) ? self->acute_share : -1.0);
      break;
    case ITEM_PROP_ACUTE_TEXT:
      g_value_take_string (value, format_share (self->acute_share));
      break;
    case ITEM_PROP_COMMUNITY_SHARE:
      g_value_set_double (value, isfinite (self->community_share) ? self->community_share : -1.0);
      break;
    case ITEM_PROP_COMMUNITY_TEXT:
      g_value_take_string (value, format_share (self->community_share));
      break;
    case ITEM_PROP_CSS_CLASSES:
      {
        /* The chosen commissioner's name in bold, as the chart highlights its bar
         * (style.css; Adwaita's "heading" is also a size larger than the other rows). */
        static const char * const chosen[] = { "chosen", NULL };
        static const char * const other[] = { NULL };

        g_value_set_boxed (value, self->chosen ? chosen : other);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_spend_item_class_init (PdSpendItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pd_spend_item_finalize;
  object_class->get_property = pd_spend_item_get_property;

  /* Numbers to sort by, and the same numbers as the table prints them. */
  item_properties[ITEM_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_POPULATION] =
    g_param_spec_int64 ("population", NULL, NULL, -1, G_MAXINT64, -1, flags);
  item_properties[ITEM_PROP_POPULATION_TEXT] =
    g_param_spec_string ("population-text", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_TOTAL] =
    g_param_spec_double ("total", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  item_properties[ITEM_PROP_TOTAL_TEXT] =
    g_param_spec_string ("total-text", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_PER_HEAD] =
    g_param_spec_double ("per-head", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  item_properties[ITEM_PROP_PER_HEAD_TEXT] =
    g_param_spec_string ("per-head-text", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_ACUTE_SHARE] =
    g_param_spec_double ("acute-share", NULL, NULL, -1, 1, 0, flags);
  item_properties[ITEM_PROP_ACUTE_TEXT] =
    g_param_spec_string ("acute-text", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_COMMUNITY_SHARE] =
    g_param_spec_double ("community-share", NULL, NULL, -1, 1, 0, flags);
  item_properties[ITEM_PROP_COMMUNITY_TEXT] =
    g_param_spec_string ("community-text", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_CSS_CLASSES] =
    g_param_spec_boxed ("css-classes", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_ITEM_PROPS, item_properties);
}

static void
pd_spend_item_init (PdSpendItem *self)
{
}

const char *
pd_spend_item_get_code (PdSpendItem *self)
{
  g_return_val_if_fail (PD_IS_SPEND_ITEM (self), NULL);

  return self->code;
}

const char *
pd_spend_item_get_name (PdSpendItem *self)
{
  g_return_val_if_fail (PD_IS_SPEND_ITEM (self), NULL);

  return self->name;
}

/* In pounds. */
/* Whether this is the commissioner the filter names. */
gboolean
pd_spend_item_get_chosen (PdSpendItem *self)
{
  g_return_val_if_fail (PD_IS_SPEND_ITEM (self), FALSE);

  return self->chosen;
}

double
pd_spend_item_get_total (PdSpendItem *self)
{
  g_return_val_if_fail (PD_IS_SPEND_ITEM (self), 0);

  return self->total;
}

/* ---- the view --------------------------------------------------------------------------- */

typedef struct
{
  PdChartSpec *spec;
  GPtrArray   *items;  /* of PdSpendItem */
} SpendData;

struct _PdSpendView
{
  GtkWidget         parent_instance;

  /* Template children */
  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  PdChartView      *chart;
  GtkColumnView    *table;
  GtkSortListModel *sort_model;
  GtkFilterListModel *filter_model;
  GtkStringFilter  *filter;
  GListStore       *store;
  GtkSearchEntry   *search;
  GtkLabel         *table_caption;

  /* Owned */
  PdWorkspace      *workspace;
  char             *commissioner;
  int               year;          /* financial year by its first calendar year; 0: latest */
  GCancellable     *cancellable;
  gboolean          has_data;

  guint          stale : 1;     /* asked to reload while hidden: reload when shown */
  guint             loading : 1;
};

G_DEFINE_FINAL_TYPE (PdSpendView, pd_spend_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_COMMISSIONER,
  PROP_YEAR,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
spend_data_free (SpendData *data)
{
  g_clear_pointer (&data->spec, pd_chart_spec_free);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpendData, spend_data_free)

typedef struct
{
  PdWorkspace *workspace;
  gint64       started;     /* monotonic µs, for the debug log */
  char        *commissioner;
  int          year;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->commissioner);
  g_free (request);
}

/* The chart's question and the table's: the commissioner and its peers, in the latest
 * year. The chart comes from the core, so the board pack draws the same one. */
static SpendData *
load_spend (PdWorkspace  *workspace,
            const char   *commissioner,
            int           year,
            GError      **error)
{
  g_autoptr(SpendData) data = g_new0 (SpendData, 1);
  g_autoptr(GArray) years = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PdSpendMix) mix = NULL;
  PdChartQuery query = { 0 };

  years = pd_spend_years_query (workspace, error);
  if (years == NULL)
    return NULL;
  /* No spend is not an error: the view says what to import (data->spec stays NULL). */
  data->items = g_ptr_array_new_with_free_func (g_object_unref);
  if (years->len == 0)
    return g_steal_pointer (&data);

  query.commissioner = commissioner;
  query.year = year;
  data->spec = pd_chart_query_build (workspace, PD_CHART_KIND_SPEND_MIX, &query, error);
  if (data->spec == NULL)
    return NULL;
  if (year == 0)
    year = years->len > 0 ? g_array_index (years, int, years->len - 1) : 0;
  if (commissioner != NULL)
    {
      g_autoptr(GPtrArray) peers = pd_organisation_peers (workspace, commissioner, NULL, error);

      if (peers == NULL)
        return NULL;
      g_ptr_array_add (codes, g_strdup (commissioner));
      for (guint i = 0; i < peers->len; i++)
        g_ptr_array_add (codes, g_strdup (((PdOrganisation *) g_ptr_array_index (peers, i))->code));
      g_ptr_array_add (codes, NULL);
    }
  mix = pd_spend_mix_query (workspace, year, year,
                            commissioner != NULL ? (const char * const *) codes->pdata : NULL,
                            error);
  if (mix == NULL)
    return NULL;

  for (guint r = 0; r < mix->rows->len; r++)
    {
      const PdSpendRow *row = &g_array_index (mix->rows, PdSpendRow, r);
      g_autoptr(PdOrganisation) org = pd_organisation_lookup (workspace, row->commissioner, NULL);
      PdSpendItem *item = g_object_new (PD_TYPE_SPEND_ITEM, NULL);
      double acute = 0, community = 0;

      item->code = g_strdup (row->commissioner);
      item->chosen = g_strcmp0 (row->commissioner, commissioner) == 0;
      item->name = g_strdup_printf ("%s %s", row->commissioner, org != NULL ? org->name : "");
      item->population = row->population;
      item->total = row->total.amount_pence / 100.0;
      item->per_head = isfinite (row->total.pence_per_head) ? row->total.pence_per_head / 100.0
                                                            : NAN;
      for (guint c = 0; c < mix->categories->len; c++)
        {
          g_autofree char *lower = g_utf8_strdown (g_ptr_array_index (mix->categories, c), -1);
          const PdSpendCell *cell = pd_spend_mix_cell (mix, r, c);

          /* The seed's question: acute contracts against community nursing and health
           * visiting, the same grouping as the chart's two anchored ends. */
          if (strstr (lower, "acute") != NULL)
            acute += cell->amount_pence;
          else if (strstr (lower, "community nursing") != NULL ||
                   strstr (lower, "health visiting") != NULL)
            community += cell->amount_pence;
        }
      item->acute_share = row->total.amount_pence != 0 ? acute / row->total.amount_pence : NAN;
      item->community_share = row->total.amount_pence != 0
                              ? community / row->total.amount_pence : NAN;
      g_ptr_array_add (data->items, item);
    }
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
  SpendData *data;
  GError *error = NULL;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = load_spend (connection, request->commissioner, request->year, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) spend_data_free);
}

/* "12 commissioners" beside the filter, or how many of them it left. */
static void
update_caption (PdSpendView *self)
{
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;

  if (shown == all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u commissioner", "%u commissioners",
                                         all), all);
  else
    text = g_strdup_printf (_("%u of %u commissioners match"), shown, all);
  gtk_label_set_text (self->table_caption, text);
}

static void
search_changed_cb (PdSpendView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *needle = g_strstrip (g_strdup (text));

  gtk_string_filter_set_search (self->filter, needle[0] != '\0' ? needle : NULL);
  update_caption (self);
}

static void
set_loading (PdSpendView *self,
             gboolean     loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdSpendView *self = PD_SPEND_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpendData) data = NULL;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Spend read in %.1f ms",
           (g_get_monotonic_time ()
            - ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->started) / 1000.0);

  g_clear_object (&self->cancellable);
  if (data == NULL)
    {
      self->has_data = FALSE;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->has_data = TRUE;
      g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                           data->items->pdata, data->items->len);
      update_caption (self);
      gtk_stack_set_visible_child_name (self->stack, data->spec != NULL ? "content" : "empty");
      pd_chart_view_set_spec (self->chart, g_steal_pointer (&data->spec));
    }
  set_loading (self, FALSE);
}

static void
reload (PdSpendView *self)
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
      self->has_data = FALSE;
      g_list_store_remove_all (self->store);
      update_caption (self);
      pd_chart_view_set_spec (self->chart, NULL);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->workspace = g_object_ref (self->workspace);
  request->started = g_get_monotonic_time ();
  request->commissioner = g_strdup (self->commissioner);
  request->year = self->year;
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
pd_spend_view_map (GtkWidget *widget)
{
  PdSpendView *self = PD_SPEND_VIEW (widget);

  GTK_WIDGET_CLASS (pd_spend_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

static void
pd_spend_view_dispose (GObject *object)
{
  PdSpendView *self = PD_SPEND_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_SPEND_VIEW);

  G_OBJECT_CLASS (pd_spend_view_parent_class)->dispose (object);
}

static void
pd_spend_view_finalize (GObject *object)
{
  PdSpendView *self = PD_SPEND_VIEW (object);

  g_free (self->commissioner);

  G_OBJECT_CLASS (pd_spend_view_parent_class)->finalize (object);
}

static void
pd_spend_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdSpendView *self = PD_SPEND_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_COMMISSIONER:
      g_value_set_string (value, self->commissioner);
      break;

    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_spend_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PdSpendView *self = PD_SPEND_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_spend_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_COMMISSIONER:
      pd_spend_view_set_commissioner (self, g_value_get_string (value));
      break;

    case PROP_YEAR:
      pd_spend_view_set_year (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_spend_view_class_init (PdSpendViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_spend_view_dispose;

  widget_class->map = pd_spend_view_map;
  object_class->finalize = pd_spend_view_finalize;
  object_class->get_property = pd_spend_view_get_property;
  object_class->set_property = pd_spend_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMMISSIONER] =
    g_param_spec_string ("commissioner", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_CHART_VIEW);
  g_type_ensure (PD_TYPE_SPEND_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-spend-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, chart);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, table);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, filter);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, store);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, search);
  gtk_widget_class_bind_template_child (widget_class, PdSpendView, table_caption);

  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
pd_spend_view_init (PdSpendView *self)
{
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) total = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The shares are of all spend: acute contracts, and community nursing and health
   * visiting together, the chart's two anchored ends. The column headers drive the sort;
   * the largest spender first until the user clicks. */
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->table));
  columns = gtk_column_view_get_columns (self->table);
  total = g_list_model_get_item (columns, 2);
  gtk_column_view_sort_by_column (self->table, total, GTK_SORT_DESCENDING);
}

PdWorkspace *
pd_spend_view_get_workspace (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace, read on a worker thread with a connection of its own. */
void
pd_spend_view_set_workspace (PdSpendView *self,
                             PdWorkspace *workspace)
{
  g_return_if_fail (PD_IS_SPEND_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  self->has_data = FALSE;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
pd_spend_view_get_commissioner (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), NULL);

  return self->commissioner;
}

/* The commissioner highlighted and compared with its peers; NULL or "" for all. */
void
pd_spend_view_set_commissioner (PdSpendView *self,
                                const char  *commissioner)
{
  g_return_if_fail (PD_IS_SPEND_VIEW (self));

  if (commissioner != NULL && *commissioner == '\0')
    commissioner = NULL;
  if (g_strcmp0 (self->commissioner, commissioner) == 0)
    return;
  g_free (self->commissioner);
  self->commissioner = g_strdup (commissioner);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMISSIONER]);
}

int
pd_spend_view_get_year (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), 0);

  return self->year;
}

/* The financial year shown, by its first calendar year (2009 for 2009/10); 0: the latest. */
void
pd_spend_view_set_year (PdSpendView *self,
                        int          year)
{
  g_return_if_fail (PD_IS_SPEND_VIEW (self));
  g_return_if_fail (year >= 0);

  if (self->year == year)
    return;
  self->year = year;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

gboolean
pd_spend_view_get_loading (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), FALSE);

  return self->loading;
}

GtkWidget *
pd_spend_view_get_chart (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), NULL);

  return GTK_WIDGET (self->chart);
}

GtkColumnView *
pd_spend_view_get_table (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), NULL);

  return self->table;
}

/* The search over the table: its text filters the rows by commissioner name or code. */
GtkEditable *
pd_spend_view_get_search (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), NULL);

  return GTK_EDITABLE (self->search);
}

/* What the table caption says: "3 commissioners", "1 of 3 commissioners match". */
const char *
pd_spend_view_get_table_caption (PdSpendView *self)
{
  g_return_val_if_fail (PD_IS_SPEND_VIEW (self), NULL);

  return gtk_label_get_text (self->table_caption);
}

/* Ctrl+F: the table's filter. */
void
pd_spend_view_focus_search (PdSpendView *self)
{
  g_return_if_fail (PD_IS_SPEND_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}
