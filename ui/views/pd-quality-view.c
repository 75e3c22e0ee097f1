/* pd-quality-view.c — one provider's indicators by domain, and the SPC chart of one
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "domain/pd-organisations.h"
#include "domain/pd-spc-changes.h"
#include "pd-chart-view.h"
#include "pd-quality-view.h"
#include "pd-view-data.h"

/* The seed's three domains first, then the use of resources. */
static const char * const domain_order[] = { "safety", "effectiveness", "experience", "resources" };

typedef struct
{
  char *code;
  char *name;
  char *domain;
  char *latest;   /* "4.2 in Mar 2010", or NULL */
} IndicatorRow;

/* What the worker hands back; immutable once returned. */
typedef struct
{
  char        *provider;    /* as resolved: the first with data when none was asked */
  char        *indicator;
  GPtrArray   *providers;   /* of PdOrganisation: every provider */
  GArray      *rows;        /* of IndicatorRow, by domain */
  PdSpcResult *result;      /* the chart's SPC, for explaining a point */
  GStrv        labels;      /* the points' months */
  PdChartSpec *spec;
} QualityData;

struct _PdQualityView
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkDropDown   *provider_dropdown;
  GtkSearchEntry *indicator_search;
  GtkListBox    *indicator_list;
  PdChartView   *chart;
  GtkLabel      *explanation_label;

  /* Owned */
  PdWorkspace   *workspace;
  char          *provider;
  char          *indicator;
  GCancellable  *cancellable;
  QualityData   *data;

  guint          stale : 1;     /* asked to reload while hidden: reload when shown */
  guint          loading : 1;
  guint          populating : 1;
};

G_DEFINE_FINAL_TYPE (PdQualityView, pd_quality_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_PROVIDER,
  PROP_INDICATOR,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (PdQualityView *self);

static void
indicator_row_clear (IndicatorRow *row)
{
  g_free (row->code);
  g_free (row->name);
  g_free (row->domain);
  g_free (row->latest);
}

static void
quality_data_free (QualityData *data)
{
  g_free (data->provider);
  g_free (data->indicator);
  g_clear_pointer (&data->providers, g_ptr_array_unref);
  g_clear_pointer (&data->rows, g_array_unref);
  g_clear_pointer (&data->result, pd_spc_result_free);
  g_strfreev (data->labels);
  g_clear_pointer (&data->spec, pd_chart_spec_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QualityData, quality_data_free)

static guint
domain_rank (const char *domain)
{
  for (guint i = 0; i < G_N_ELEMENTS (domain_order); i++)
    if (g_strcmp0 (domain, domain_order[i]) == 0)
      return i;
  return G_N_ELEMENTS (domain_order);
}

static int
row_compare (gconstpointer a,
             gconstpointer b)
{
  const IndicatorRow *ra = a, *rb = b;
  guint da = domain_rank (ra->domain), db = domain_rank (rb->domain);

  if (da != db)
    return da < db ? -1 : 1;
  return 0;
}

typedef struct
{
  PdWorkspace *workspace;
  gint64       started;     /* monotonic µs, for the debug log */
  char        *provider;
  char        *indicator;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->provider);
  g_free (request->indicator);
  g_free (request);
}

static QualityData *
load_quality (PdWorkspace  *workspace,
              const char   *provider,
              const char   *indicator,
              GError      **error)
{
  g_autoptr(QualityData) data = g_new0 (QualityData, 1);
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(GArray) latest = NULL;
  g_autoptr(GHashTable) latest_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PdOrganisation) org = NULL;
  const PdIndicator *chosen = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gsize n;

  data->providers = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
  if (data->providers == NULL)
    return NULL;
  indicators = pd_indicators_query (workspace, NULL, error);
  if (indicators == NULL)
    return NULL;
  /* One remembered from another workspace counts as none. */
  if (provider != NULL)
    {
      gboolean known = FALSE;

      for (guint p = 0; p < data->providers->len && !known; p++)
        known = g_strcmp0 (((PdOrganisation *) g_ptr_array_index (data->providers, p))->code,
                           provider) == 0;
      if (!known)
        provider = NULL;
    }
  if (provider == NULL)
    {
      /* The first provider that reports anything. */
      for (guint p = 0; p < data->providers->len && provider == NULL; p++)
        {
          const PdOrganisation *o = g_ptr_array_index (data->providers, p);
          g_autoptr(GArray) any = pd_indicator_latest_query (workspace, NULL, o->code,
                                                             PD_PERIOD_MONTH, error);
          if (any == NULL)
            return NULL;
          if (any->len > 0)
            provider = o->code;
        }
      /* Nothing to show is not an error: the view says what to import. */
      if (provider == NULL)
        {
          data->rows = g_array_new (FALSE, TRUE, sizeof (IndicatorRow));
          return g_steal_pointer (&data);
        }
    }
  data->provider = g_strdup (provider);

  latest = pd_indicator_latest_query (workspace, NULL, provider, PD_PERIOD_MONTH, error);
  if (latest == NULL)
    return NULL;
  for (guint i = 0; i < latest->len; i++)
    {
      PdIndicatorLatest *l = &g_array_index (latest, PdIndicatorLatest, i);
      g_hash_table_insert (latest_of, l->indicator, l);
    }

  data->rows = g_array_new (FALSE, TRUE, sizeof (IndicatorRow));
  g_array_set_clear_func (data->rows, (GDestroyNotify) indicator_row_clear);
  for (guint i = 0; i < indicators->len; i++)
    {
      const PdIndicator *ind = g_ptr_array_index (indicators, i);
      const PdIndicatorLatest *l = g_hash_table_lookup (latest_of, ind->code);
      IndicatorRow row = { 0 };

      if (l == NULL)
        continue;
      row.code = g_strdup (ind->code);
      row.name = g_strdup (ind->name);
      row.domain = g_strdup (ind->domain);
      if (l->suppressed)
        row.latest = g_strdup (_("suppressed"));
      else
        {
          g_autofree char *value = pd_chart_format_value (pd_view_data_indicator_format (ind), l->value, 0);
          g_autofree char *month = pd_view_data_month_label (l->period_start);
          row.latest = g_strdup_printf (_("%s in %s"), value, month);
        }
      g_array_append_val (data->rows, row);
    }
  /* Stable: within a domain the workspace's own order stays. */
  g_array_sort (data->rows, row_compare);
  /* A provider that reports nothing still gets the view, so another can be chosen. */
  if (data->rows->len == 0)
    return g_steal_pointer (&data);

  for (guint i = 0; indicator != NULL && i < data->rows->len; i++)
    if (g_strcmp0 (g_array_index (data->rows, IndicatorRow, i).code, indicator) == 0)
      data->indicator = g_strdup (indicator);
  if (data->indicator == NULL)
    data->indicator = g_strdup (g_array_index (data->rows, IndicatorRow, 0).code);
  for (guint i = 0; i < indicators->len; i++)
    if (g_strcmp0 (((PdIndicator *) g_ptr_array_index (indicators, i))->code, data->indicator) == 0)
      chosen = g_ptr_array_index (indicators, i);
  g_assert (chosen != NULL);

  series = pd_indicator_series_query (workspace, chosen->code, provider, PD_PERIOD_MONTH,
                                      NULL, NULL, error);
  if (series == NULL)
    return NULL;
  changes = pd_spc_changes_list (workspace, chosen->code, provider, error);
  if (changes == NULL)
    return NULL;
  data->result = pd_view_data_series_spc (chosen, series, changes, error);
  if (data->result == NULL)
    return NULL;
  n = series->points->len;
  data->labels = g_new0 (char *, n + 1);
  for (gsize i = 0; i < n; i++)
    data->labels[i] = pd_view_data_month_label (g_array_index (series->points, PdIndicatorPoint,
                                                               i).period_start);
  data->spec = pd_chart_spec_new_spc (data->result, (const char * const *) data->labels,
                                      pd_view_data_indicator_format (chosen));
  org = pd_organisation_lookup (workspace, provider, NULL);
  title = g_strdup_printf ("%s — %s", chosen->name, org != NULL ? org->name : provider);
  pd_chart_spec_set_title (data->spec, title);
  if (n > 0)
    {
      subtitle = g_strdup_printf (_("%s to %s, monthly; Making Data Count XmR chart"),
                                  data->labels[0], data->labels[n - 1]);
      pd_chart_spec_set_subtitle (data->spec, subtitle);
    }
  pd_chart_spec_set_source (data->spec, chosen->source != NULL ? chosen->source : _("Workspace"));
  pd_chart_spec_set_value_label (data->spec, chosen->name);
  /* The user's annotations, at their periods. */
  for (guint c = 0; c < changes->len; c++)
    {
      const PdSpcChange *change = g_ptr_array_index (changes, c);

      if (change->kind != PD_SPC_CHANGE_ANNOTATION)
        continue;
      for (gsize i = 0; i < n; i++)
        if (strcmp (g_array_index (series->points, PdIndicatorPoint, i).period_start,
                    change->period) == 0)
          pd_chart_spec_spc_annotate (data->spec, i, change->reason);
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
  QualityData *data;
  GError *error = NULL;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = load_quality (connection, request->provider, request->indicator, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) quality_data_free);
}

static void
set_loading (PdQualityView *self,
             gboolean       loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static const char *
domain_title (const char *domain)
{
  if (g_strcmp0 (domain, "safety") == 0)
    return _("Safety");
  if (g_strcmp0 (domain, "effectiveness") == 0)
    return _("Effectiveness");
  if (g_strcmp0 (domain, "experience") == 0)
    return _("Experience");
  if (g_strcmp0 (domain, "resources") == 0)
    return _("Use of Resources");
  return domain;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *domain = g_object_get_data (G_OBJECT (row), "domain");
  const char *previous = before != NULL ? g_object_get_data (G_OBJECT (before), "domain") : NULL;
  GtkWidget *header;

  if (before != NULL && g_strcmp0 (domain, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (domain_title (domain));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_list_box_row_set_header (row, header);
}

/* The search keeps rows whose name or code contains each of its words, ignoring case and
 * accents (g_str_match_string), so "falls" and "FALLS" both find inpatient falls. */
static gboolean
indicator_filter_func (GtkListBoxRow *row,
                       gpointer       user_data)
{
  PdQualityView *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->indicator_search));
  const char *name = g_object_get_data (G_OBJECT (row), "indicator-name");

  if (text == NULL || *text == '\0')
    return TRUE;
  return (name != NULL && g_str_match_string (text, name, TRUE)) ||
         g_str_match_string (text, gtk_widget_get_name (GTK_WIDGET (row)), TRUE);
}

static void
indicator_search_changed_cb (PdQualityView *self)
{
  gtk_list_box_invalidate_filter (self->indicator_list);
  gtk_list_box_invalidate_headers (self->indicator_list);
}

/**
 * pd_quality_view_focus_search:
 * @self: a quality view
 *
 * Moves the keyboard focus to the indicator search (Ctrl+F in the window).
 */
void
pd_quality_view_focus_search (PdQualityView *self)
{
  g_return_if_fail (PD_IS_QUALITY_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->indicator_search));
}

/**
 * pd_quality_view_get_search:
 * @self: a quality view
 *
 * Returns: (transfer none): the indicator search entry
 */
GtkEditable *
pd_quality_view_get_search (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return GTK_EDITABLE (self->indicator_search);
}

static GtkWidget *
create_indicator_row (const IndicatorRow *indicator)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (indicator->name);
  GtkWidget *latest = gtk_label_new (indicator->latest);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_xalign (GTK_LABEL (latest), 0);
  gtk_widget_add_css_class (latest, "dim-label");
  gtk_widget_add_css_class (latest, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), latest);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, indicator->code);
  g_object_set_data_full (G_OBJECT (row), "domain", g_strdup (indicator->domain), g_free);
  g_object_set_data_full (G_OBJECT (row), "indicator-name", g_strdup (indicator->name), g_free);
  return row;
}

static void
show_data (PdQualityView *self)
{
  QualityData *data = self->data;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (data->provider == NULL)
    {
      pd_chart_view_set_spec (self->chart, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  guint selected = GTK_INVALID_LIST_POSITION;
  GtkWidget *child;

  /* The resolved choice becomes the view's: "the first with data" is now a name. */
  if (g_strcmp0 (self->provider, data->provider) != 0)
    {
      g_free (self->provider);
      self->provider = g_strdup (data->provider);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
    }
  if (g_strcmp0 (self->indicator, data->indicator) != 0)
    {
      g_free (self->indicator);
      self->indicator = g_strdup (data->indicator);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR]);
    }

  self->populating = TRUE;
  for (guint p = 0; p < data->providers->len; p++)
    {
      const PdOrganisation *org = g_ptr_array_index (data->providers, p);
      g_autofree char *text = g_strdup_printf ("%s %s", org->code, org->name);

      gtk_string_list_append (names, text);
      if (g_strcmp0 (org->code, data->provider) == 0)
        selected = p;
    }
  gtk_drop_down_set_model (self->provider_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->provider_dropdown, selected);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->indicator_list))) != NULL)
    gtk_list_box_remove (self->indicator_list, child);
  for (guint i = 0; i < data->rows->len; i++)
    {
      const IndicatorRow *row = &g_array_index (data->rows, IndicatorRow, i);
      GtkWidget *widget = create_indicator_row (row);

      gtk_list_box_append (self->indicator_list, widget);
      if (g_strcmp0 (row->code, data->indicator) == 0)
        gtk_list_box_select_row (self->indicator_list, GTK_LIST_BOX_ROW (widget));
    }
  self->populating = FALSE;

  if (data->spec != NULL)
    gtk_label_set_text (self->explanation_label, _("Click a point to see why it is flagged."));
  else
    {
      g_autofree char *text = NULL;
      const char *name = data->provider;

      for (guint p = 0; p < data->providers->len; p++)
        if (g_strcmp0 (((PdOrganisation *) g_ptr_array_index (data->providers, p))->code,
                       data->provider) == 0)
          name = ((PdOrganisation *) g_ptr_array_index (data->providers, p))->name;
      text = g_strdup_printf (_("%s reports no quality indicator in this workspace."), name);
      gtk_label_set_text (self->explanation_label, text);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->explanation_label), "dim-label");
  pd_chart_view_set_spec (self->chart, g_steal_pointer (&data->spec));
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdQualityView *self = PD_QUALITY_VIEW (object);
  g_autoptr(GError) error = NULL;
  QualityData *data;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Quality read in %.1f ms",
           (g_get_monotonic_time ()
            - ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->started) / 1000.0);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->data, quality_data_free);
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
reload (PdQualityView *self)
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
      pd_chart_view_set_spec (self->chart, NULL);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->workspace = g_object_ref (self->workspace);
  request->started = g_get_monotonic_time ();
  request->provider = g_strdup (self->provider);
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
indicator_row_activated_cb (PdQualityView *self,
                            GtkListBoxRow *row)
{
  if (self->populating)
    return;
  pd_quality_view_show (self, gtk_widget_get_name (GTK_WIDGET (row)), self->provider);
}

static void
provider_selected_cb (PdQualityView *self)
{
  guint selected = gtk_drop_down_get_selected (self->provider_dropdown);
  const PdOrganisation *org;

  if (self->populating || self->data == NULL || selected >= self->data->providers->len)
    return;
  org = g_ptr_array_index (self->data->providers, selected);
  pd_quality_view_show (self, self->indicator, org->code);
}

static void
chart_item_activated_cb (PdQualityView *self,
                         guint          type,
                         guint          series,
                         guint          index)
{
  g_autofree char *explanation = NULL;
  g_autofree char *text = NULL;

  if (self->data == NULL || self->data->result == NULL || type != PD_CHART_ITEM_POINT ||
      index >= self->data->result->n_points)
    return;
  explanation = pd_spc_point_explain (self->data->result, index);
  text = g_strdup_printf ("%s: %s", self->data->labels[index], explanation);
  gtk_label_set_text (self->explanation_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->explanation_label), "dim-label");
}

static void
pd_quality_view_map (GtkWidget *widget)
{
  PdQualityView *self = PD_QUALITY_VIEW (widget);

  GTK_WIDGET_CLASS (pd_quality_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

static void
pd_quality_view_dispose (GObject *object)
{
  PdQualityView *self = PD_QUALITY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->data, quality_data_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_QUALITY_VIEW);

  G_OBJECT_CLASS (pd_quality_view_parent_class)->dispose (object);
}

static void
pd_quality_view_finalize (GObject *object)
{
  PdQualityView *self = PD_QUALITY_VIEW (object);

  g_free (self->provider);
  g_free (self->indicator);

  G_OBJECT_CLASS (pd_quality_view_parent_class)->finalize (object);
}

static void
pd_quality_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PdQualityView *self = PD_QUALITY_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
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
pd_quality_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PdQualityView *self = PD_QUALITY_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_quality_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_PROVIDER:
      pd_quality_view_show (self, self->indicator, g_value_get_string (value));
      break;

    case PROP_INDICATOR:
      pd_quality_view_show (self, g_value_get_string (value), self->provider);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_quality_view_class_init (PdQualityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_quality_view_dispose;

  widget_class->map = pd_quality_view_map;
  object_class->finalize = pd_quality_view_finalize;
  object_class->get_property = pd_quality_view_get_property;
  object_class->set_property = pd_quality_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         PD_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL,
                         NULL,
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

  g_type_ensure (PD_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-quality-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, indicator_search);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, indicator_list);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, chart);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, explanation_label);
  gtk_widget_class_bind_template_callback (widget_class, indicator_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, indicator_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, chart_item_activated_cb);
}

static void
pd_quality_view_init (PdQualityView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_header_func (self->indicator_list, header_func, NULL, NULL);
  gtk_list_box_set_filter_func (self->indicator_list, indicator_filter_func, self, NULL);
  g_signal_connect_object (self->provider_dropdown, "notify::selected",
                           G_CALLBACK (provider_selected_cb), self, G_CONNECT_SWAPPED);
}

PdWorkspace *
pd_quality_view_get_workspace (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace, read on a worker thread with a connection of its own. */
void
pd_quality_view_set_workspace (PdQualityView *self,
                               PdWorkspace   *workspace)
{
  g_return_if_fail (PD_IS_QUALITY_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  g_clear_pointer (&self->data, quality_data_free);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
pd_quality_view_get_provider (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->provider;
}

const char *
pd_quality_view_get_indicator (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->indicator;
}

/* Shows @indicator at @provider (either NULL: the first with data). */
void
pd_quality_view_show (PdQualityView *self,
                      const char    *indicator,
                      const char    *provider)
{
  gboolean changed = FALSE;

  g_return_if_fail (PD_IS_QUALITY_VIEW (self));

  /* "" is how GSettings says "none". */
  if (indicator != NULL && *indicator == '\0')
    indicator = NULL;
  if (provider != NULL && *provider == '\0')
    provider = NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->provider, provider) != 0)
    {
      g_free (self->provider);
      self->provider = g_strdup (provider);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
      changed = TRUE;
    }
  if (g_strcmp0 (self->indicator, indicator) != 0)
    {
      g_free (self->indicator);
      self->indicator = g_strdup (indicator);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR]);
      changed = TRUE;
    }
  if (changed)
    reload (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
pd_quality_view_get_loading (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), FALSE);

  return self->loading;
}

GtkWidget *
pd_quality_view_get_chart (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return GTK_WIDGET (self->chart);
}

GtkListBox *
pd_quality_view_get_indicator_list (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->indicator_list;
}

/* The explanation of the clicked point, as shown under the chart. */
const char *
pd_quality_view_get_explanation (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return gtk_label_get_text (self->explanation_label);
}
