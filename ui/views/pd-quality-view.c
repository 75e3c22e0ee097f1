/* pd-quality-view.c — one provider's indicators by domain, and the SPC chart of one
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
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
  GStrv        periods;     /* the points' ISO first days, as spc_changes stores them */
  GPtrArray   *changes;     /* of PdSpcChange: this chart's, by period */
  PdChartFormat format;     /* how the indicator's values print */
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
  GtkDropDown   *preset_dropdown;
  GtkWidget     *changes_group;
  GtkListBox    *changes_list;
  GtkPopover    *point_popover;
  GtkLabel      *point_title;
  GtkLabel      *point_rule;
  GtkLabel      *point_details;
  GtkLabel      *point_annotation;

  /* Owned */
  PdWorkspace   *workspace;
  char          *provider;
  char          *indicator;
  GCancellable  *cancellable;
  QualityData   *data;
  PdSpcPreset    preset;
  guint          point;         /* the point the popover and its actions are about */
  AdwMessageDialog *reason_dialog;  /* asking why, or NULL (a weak pointer) */
  guint          writes;        /* changes being saved */
  char          *write_error;   /* the last save's failure, shown under the chart */

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
  PROP_SPC_PRESET,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload               (PdQualityView *self);
static void update_point_actions (PdQualityView *self);
static void show_changes         (PdQualityView *self);
static void set_write_error      (PdQualityView *self,
                                  const char    *message);

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
  g_strfreev (data->periods);
  g_clear_pointer (&data->changes, g_ptr_array_unref);
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
  PdSpcPreset  preset;
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
              PdSpcPreset   preset,
              GError      **error)
{
  g_autoptr(QualityData) data = g_new0 (QualityData, 1);
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(GArray) latest = NULL;
  g_autoptr(GHashTable) latest_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PdIndicatorSeries) series = NULL;
  GPtrArray *changes;
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
  changes = data->changes = pd_spc_changes_list (workspace, chosen->code, provider, error);
  if (changes == NULL)
    return NULL;
  data->result = pd_view_data_series_spc (chosen, series, changes, preset, error);
  if (data->result == NULL)
    return NULL;
  n = series->points->len;
  data->labels = g_new0 (char *, n + 1);
  data->periods = g_new0 (char *, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      const char *start = g_array_index (series->points, PdIndicatorPoint, i).period_start;

      data->labels[i] = pd_view_data_month_label (start);
      data->periods[i] = g_strdup (start);
    }
  data->format = pd_view_data_indicator_format (chosen);
  data->spec = pd_chart_spec_new_spc (data->result, (const char * const *) data->labels,
                                      data->format);
  org = pd_organisation_lookup (workspace, provider, NULL);
  title = g_strdup_printf ("%s — %s", chosen->name, org != NULL ? org->name : provider);
  pd_chart_spec_set_title (data->spec, title);
  if (n > 0)
    {
      subtitle = g_strdup_printf (_("%s to %s, monthly; XmR chart, %s rules"),
                                  data->labels[0], data->labels[n - 1],
                                  pd_view_data_preset_label (preset));
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
  data = load_quality (connection, request->provider, request->indicator, request->preset,
                       &error);
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

  /* Two lines at most, then an ellipsis; the whole name is the row's tooltip. */
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (name), 2);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (name), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 30);
  gtk_widget_set_tooltip_text (row, indicator->name);
  gtk_label_set_xalign (GTK_LABEL (latest), 0);
  gtk_label_set_ellipsize (GTK_LABEL (latest), PANGO_ELLIPSIZE_END);
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

  gtk_popover_popdown (self->point_popover);
  self->point = G_MAXUINT;
  update_point_actions (self);
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

  show_changes (self);
  gtk_widget_set_visible (self->changes_group, data->spec != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->explanation_label), "error");
  if (self->write_error != NULL)
    set_write_error (self, self->write_error);
  else if (data->spec != NULL)
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
  if (self->write_error == NULL)
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
  set_loading (self, self->writes > 0);
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
  request->preset = self->preset;
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

/* ---- the point popover: why a point is flagged ---------------------------------------- */

static const char *
change_kind_title (PdSpcChangeKind kind)
{
  switch (kind)
    {
    case PD_SPC_CHANGE_BASELINE:
      return _("Baseline");
    case PD_SPC_CHANGE_RECALCULATION:
      return _("Limits recalculated");
    case PD_SPC_CHANGE_GHOST:
      return _("Ghosted");
    case PD_SPC_CHANGE_ANNOTATION:
    default:
      return _("Annotation");
    }
}

/* The change of @kind at point @index, or NULL. */
static const PdSpcChange *
change_at (QualityData     *data,
           guint            index,
           PdSpcChangeKind  kind)
{
  for (guint c = 0; data->changes != NULL && c < data->changes->len; c++)
    {
      const PdSpcChange *change = g_ptr_array_index (data->changes, c);

      if (change->kind == kind && g_strcmp0 (change->period, data->periods[index]) == 0)
        return change;
    }
  return NULL;
}

/* "Shift: 7 points in a row above the mean, Apr 2009 to Oct 2009", from the rule that names
 * the point and the points it involves. */
static char *
describe_rule (QualityData *data,
               guint        index)
{
  const PdSpcResult *r = data->result;
  const PdSpcPoint *p = &r->points[index];
  const char *first = data->labels[p->run_first];
  const char *last = data->labels[p->run_last];
  guint involved = 0;
  gboolean up = p->value > p->mean;

  for (guint i = p->run_first; i <= p->run_last; i++)
    involved += !r->points[i].ghost && !r->points[i].missing;

  if (p->ghost)
    return g_strdup (_("Ghosted: plotted, but left out of the mean, the limits and every rule."));
  if (p->missing)
    return g_strdup (_("No value this month."));
  switch (p->rule)
    {
    case PD_SPC_RULE_OUTSIDE_LIMITS:
      return g_strdup (up ? _("Outside the limits: above the upper process limit.")
                          : _("Outside the limits: below the lower process limit."));
    case PD_SPC_RULE_SHIFT:
      return g_strdup_printf (up ? _("Shift: %u points in a row above the mean, %s to %s (the rule needs %u).")
                                 : _("Shift: %u points in a row below the mean, %s to %s (the rule needs %u)."),
                              involved, first, last, r->options.shift_length);
    case PD_SPC_RULE_TREND:
      up = r->points[p->run_last].value > r->points[p->run_first].value;
      return g_strdup_printf (up ? _("Trend: %u points each higher than the one before, %s to %s (the rule needs %u).")
                                 : _("Trend: %u points each lower than the one before, %s to %s (the rule needs %u)."),
                              involved, first, last, r->options.trend_length);
    case PD_SPC_RULE_TWO_IN_THREE:
      return g_strdup_printf (up ? _("Two of three: points beyond the upper 2σ line, %s to %s.")
                                 : _("Two of three: points beyond the lower 2σ line, %s to %s."),
                              first, last);
    case PD_SPC_RULE_NONE:
    default:
      return g_strdup (_("Common cause variation: no rule fired at this point."));
    }
}

static const char *
point_type_words (PdSpcPointType type)
{
  switch (type)
    {
    case PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT:
      return _("Special cause improvement");
    case PD_SPC_POINT_SPECIAL_CAUSE_CONCERN:
      return _("Special cause concern");
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH:
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW:
      return _("Special cause, neither better nor worse");
    case PD_SPC_POINT_COMMON_CAUSE:
    default:
      return _("Common cause");
    }
}

static void
update_point_actions (PdQualityView *self)
{
  QualityData *data = self->data;
  gboolean valid = data != NULL && data->result != NULL && data->provider != NULL &&
                   self->point < data->result->n_points;
  gboolean first = valid && self->point == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quality.set-baseline",
                                 valid && change_at (data, self->point, PD_SPC_CHANGE_BASELINE) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quality.recalculate",
                                 valid && !first &&
                                 change_at (data, self->point, PD_SPC_CHANGE_RECALCULATION) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quality.ghost",
                                 valid && change_at (data, self->point, PD_SPC_CHANGE_GHOST) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quality.annotate",
                                 valid && change_at (data, self->point, PD_SPC_CHANGE_ANNOTATION) == NULL);
}

/* Fills the popover for point @index: the month and value, what it is and the rule that
 * named it, the mean and limits in force, and the user's note there. */
static void
fill_point_popover (PdQualityView *self,
                    guint          index)
{
  QualityData *data = self->data;
  const PdSpcPoint *p = &data->result->points[index];
  const PdSpcPartition *part = &data->result->partitions[p->partition];
  PdChartFormat format = data->format;
  const PdSpcChange *note = change_at (data, index, PD_SPC_CHANGE_ANNOTATION);
  g_autofree char *title = NULL;
  g_autofree char *rule = describe_rule (data, index);
  g_autoptr(GString) details = g_string_new (NULL);

  if (p->missing)
    title = g_strdup (data->labels[index]);
  else
    {
      g_autofree char *value = pd_chart_format_value (format, p->value, 0);
      title = g_strdup_printf (_("%s: %s — %s"), data->labels[index], value,
                               p->ghost ? _("ghosted") : point_type_words (p->point_type));
    }
  gtk_label_set_text (self->point_title, title);
  gtk_label_set_text (self->point_rule, rule);

  if (isfinite (p->mean))
    {
      g_autofree char *mean = pd_chart_format_value (format, p->mean, 0);

      g_string_append_printf (details, _("Mean %s"), mean);
      if (isfinite (p->lpl) && isfinite (p->upl))
        {
          g_autofree char *lpl = pd_chart_format_value (format, p->lpl, 0);
          g_autofree char *upl = pd_chart_format_value (format, p->upl, 0);

          g_string_append_printf (details, _(", process limits %s to %s"), lpl, upl);
        }
      if (data->result->n_partitions > 1)
        g_string_append_printf (details, _(" (limits %u of %u)"), p->partition + 1,
                                data->result->n_partitions);
      g_string_append (details, ".");
      /* The chart draws a limit beyond what the values can be at the end of their range:
       * say so, with the limit as computed above. */
      if (isfinite (p->lpl) && pd_spc_result_shown (data->result, p->lpl) != p->lpl)
        {
          g_autofree char *at = pd_chart_format_value (format, pd_spc_result_shown (data->result, p->lpl), 0);

          g_string_append_printf (details, _(" The chart draws the lower limit at %s, the least the value can be."), at);
        }
      if (isfinite (p->upl) && pd_spc_result_shown (data->result, p->upl) != p->upl)
        {
          g_autofree char *at = pd_chart_format_value (format, pd_spc_result_shown (data->result, p->upl), 0);

          g_string_append_printf (details, _(" The chart draws the upper limit at %s, the most the value can be."), at);
        }
      if (p->trial)
        g_string_append_printf (details, _(" Trial limits: from %u points."), part->n_baseline);
      else if (part->n_baseline < part->n)
        g_string_append_printf (details, _(" Limits from the first %u points."),
                                part->n_baseline);
    }
  gtk_label_set_text (self->point_details, details->str);
  gtk_widget_set_visible (GTK_WIDGET (self->point_details), details->len > 0);

  if (note != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Note: %s (%s)"), note->reason, note->author);

      gtk_label_set_text (self->point_annotation, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->point_annotation), note != NULL);
}

static void
chart_item_activated_cb (PdQualityView *self,
                         guint          type,
                         guint          series,
                         guint          index)
{
  g_autofree char *explanation = NULL;
  g_autofree char *text = NULL;
  const PdChartGeometry *geometry;
  const PdChartItem *item;

  if (self->data == NULL || self->data->result == NULL || type != PD_CHART_ITEM_POINT ||
      index >= self->data->result->n_points)
    return;
  explanation = pd_spc_point_explain (self->data->result, index);
  text = g_strdup_printf ("%s: %s", self->data->labels[index], explanation);
  gtk_label_set_text (self->explanation_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->explanation_label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->explanation_label), "error");

  self->point = index;
  update_point_actions (self);
  fill_point_popover (self, index);
  geometry = pd_chart_view_get_geometry (self->chart);
  item = geometry != NULL ? pd_chart_geometry_find (geometry, type, series, index) : NULL;
  if (item != NULL)
    {
      GdkRectangle rect = {
        (int) item->area.x, (int) item->area.y,
        MAX ((int) item->area.width, 1), MAX ((int) item->area.height, 1)
      };

      gtk_popover_set_pointing_to (self->point_popover, &rect);
    }
  gtk_popover_popup (self->point_popover);
}

/* ---- recording changes ------------------------------------------------------------------ */

typedef struct
{
  PdWorkspace     *workspace;
  gboolean         remove;
  gint64           id;          /* remove: the change */
  char            *indicator;   /* add: */
  char            *provider;
  PdSpcChangeKind  kind;
  char            *period;
  char            *reason;
} WriteRequest;

static void
write_request_free (WriteRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->indicator);
  g_free (request->provider);
  g_free (request->period);
  g_free (request->reason);
  g_free (request);
}

/* One row in or out, on a connection of its own: a busy workspace waits here, not in the
 * main loop. */
static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteRequest *request = task_data;
  g_autoptr(PdWorkspace) connection = NULL;
  GError *error = NULL;
  gboolean done;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (request->remove)
    done = pd_spc_changes_remove (connection, request->id, &error);
  else
    done = pd_spc_changes_add (connection, request->indicator, request->provider,
                               request->kind, request->period, request->reason, &error) > 0;
  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
set_write_error (PdQualityView *self,
                 const char    *message)
{
  g_free (self->write_error);
  self->write_error = g_strdup (message);
  if (message != NULL)
    {
      gtk_label_set_text (self->explanation_label, message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->explanation_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->explanation_label), "error");
    }
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PdQualityView *self = PD_QUALITY_VIEW (object);
  WriteRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->writes--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the change: %s"),
                                                  error->message);
      set_write_error (self, message);
      set_loading (self, self->cancellable != NULL);
      return;
    }
  set_write_error (self, NULL);
  /* The Overview judges this chart again when next shown. */
  pd_view_data_changes_bump (request->workspace);
  if (self->workspace == request->workspace)
    reload (self);
  else
    set_loading (self, self->cancellable != NULL);
}

static void
start_write (PdQualityView *self,
             WriteRequest  *request)
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
add_change (PdQualityView   *self,
            PdSpcChangeKind  kind,
            const char      *reason)
{
  WriteRequest *request;

  if (self->workspace == NULL || self->data == NULL || self->data->result == NULL ||
      self->point >= self->data->result->n_points)
    return;
  request = g_new0 (WriteRequest, 1);
  request->indicator = g_strdup (self->data->indicator);
  request->provider = g_strdup (self->data->provider);
  request->kind = kind;
  request->period = g_strdup (self->data->periods[self->point]);
  request->reason = g_strdup (reason);
  start_write (self, request);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *text != '\0');
}

static void
reason_activate_cb (GtkEntry         *entry,
                    AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "save"))
    adw_message_dialog_response (dialog, "save");
}

static void
reason_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PdQualityView    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  PdSpcChangeKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "kind"));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "save") == 0 && *reason != '\0')
    add_change (self, kind, reason);
}

/* Asks why (a reason is required), then records @kind at the chosen point. */
static void
ask_reason (PdQualityView   *self,
            PdSpcChangeKind  kind)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *month;
  g_autofree char *heading = NULL;
  const char *body, *verb;
  GtkWidget *entry;
  AdwMessageDialog *dialog;

  if (self->data == NULL || self->data->result == NULL ||
      self->point >= self->data->result->n_points)
    return;
  month = self->data->labels[self->point];
  switch (kind)
    {
    case PD_SPC_CHANGE_RECALCULATION:
      heading = g_strdup_printf (_("Recalculate Limits from %s?"), month);
      body = _("The points from here on get a mean and limits of their own. Say what changed in the process, so others can judge it.");
      verb = _("_Recalculate");
      break;
    case PD_SPC_CHANGE_GHOST:
      heading = g_strdup_printf (_("Ghost %s?"), month);
      body = _("The point stays on the chart but leaves the mean, the limits and every rule. Say why it does not belong.");
      verb = _("_Ghost");
      break;
    case PD_SPC_CHANGE_BASELINE:
      heading = g_strdup_printf (_("Set the Baseline at %s?"), month);
      body = _("The mean and limits come from the points up to here and are carried forward to the next recalculation. Say why this period is the baseline, so others can judge it.");
      verb = _("_Set Baseline");
      break;
    case PD_SPC_CHANGE_ANNOTATION:
    default:
      kind = PD_SPC_CHANGE_ANNOTATION;
      heading = g_strdup_printf (_("Annotate %s"), month);
      body = _("The note shows on the chart at this month and in its list of changes.");
      verb = _("_Annotate");
      break;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", verb, NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry),
                                  kind == PD_SPC_CHANGE_ANNOTATION ? _("Note (required)")
                                                                   : _("Reason (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind == PD_SPC_CHANGE_ANNOTATION ? _("Note") : _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "kind", GUINT_TO_POINTER (kind));
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (reason_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response_cb), self, 0);

  if (self->reason_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reason_dialog));
  self->reason_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->reason_dialog);
  gtk_popover_popdown (self->point_popover);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
set_baseline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  /* Like every change to a chart, a baseline records the user's reason with who and when. */
  ask_reason (PD_QUALITY_VIEW (widget), PD_SPC_CHANGE_BASELINE);
}

static void
recalculate_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ask_reason (PD_QUALITY_VIEW (widget), PD_SPC_CHANGE_RECALCULATION);
}

static void
ghost_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ask_reason (PD_QUALITY_VIEW (widget), PD_SPC_CHANGE_GHOST);
}

static void
annotate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ask_reason (PD_QUALITY_VIEW (widget), PD_SPC_CHANGE_ANNOTATION);
}

static void
remove_change_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PdQualityView *self = PD_QUALITY_VIEW (widget);
  WriteRequest *request;

  if (self->workspace == NULL)
    return;
  request = g_new0 (WriteRequest, 1);
  request->remove = TRUE;
  request->id = g_variant_get_int64 (parameter);
  start_write (self, request);
}

/* The changes in force on this chart, oldest period first, each with Remove. */
static void
show_changes (PdQualityView *self)
{
  GPtrArray *changes = self->data != NULL ? self->data->changes : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->changes_list))) != NULL)
    gtk_list_box_remove (self->changes_list, child);
  for (guint c = 0; changes != NULL && c < changes->len; c++)
    {
      const PdSpcChange *change = g_ptr_array_index (changes, c);
      g_autofree char *month = pd_view_data_month_label (change->period);
      g_autofree char *title = g_strdup_printf ("%s — %s", change_kind_title (change->kind), month);
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (change->created_at, NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), title);

      if (created != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (created);
          g_autofree char *rest = g_date_time_format (local, "%b %Y %H:%M");

          when = g_strdup_printf ("%d %s", g_date_time_get_day_of_month (local), rest);
        }
      else
        when = g_strdup (change->created_at);
      subtitle = g_strdup_printf (_("%s — %s, %s"), change->reason, change->author, when);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "quality.remove-change");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove),
                                              g_variant_new_int64 (change->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_widget_set_name (row, pd_spc_change_kind_to_string (change->kind));
      gtk_list_box_append (self->changes_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->changes_list), changes != NULL && changes->len > 0);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->changes_group),
                                         changes != NULL && changes->len > 0 ? NULL
                                         : _("None. Click a point to set a baseline, recalculate the limits, ghost it or annotate it."));
}

static void
preset_selected_cb (PdQualityView *self)
{
  guint selected = gtk_drop_down_get_selected (self->preset_dropdown);

  if (self->populating || selected == GTK_INVALID_LIST_POSITION)
    return;
  pd_quality_view_set_spc_preset (self, pd_view_data_preset_to_string ((PdSpcPreset) selected));
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
  if (self->reason_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reason_dialog));
  if (self->point_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->point_popover));
      self->point_popover = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_QUALITY_VIEW);

  G_OBJECT_CLASS (pd_quality_view_parent_class)->dispose (object);
}

static void
pd_quality_view_finalize (GObject *object)
{
  PdQualityView *self = PD_QUALITY_VIEW (object);

  g_free (self->provider);
  g_free (self->indicator);
  g_free (self->write_error);

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

    case PROP_SPC_PRESET:
      pd_quality_view_set_spc_preset (self, g_value_get_string (value));
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
  /* "mdc", "mdc-legacy" or "ptd" (pd_spc_parse_preset); the window binds GSettings
   * spc-rule-preset to it, and the view's dropdown sets it. */
  properties[PROP_SPC_PRESET] =
    g_param_spec_string ("spc-preset", NULL, NULL,
                         "mdc",
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
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, changes_group);
  gtk_widget_class_bind_template_child (widget_class, PdQualityView, changes_list);
  gtk_widget_class_bind_template_callback (widget_class, indicator_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, indicator_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, chart_item_activated_cb);

  gtk_widget_class_install_action (widget_class, "quality.set-baseline", NULL, set_baseline_action);
  gtk_widget_class_install_action (widget_class, "quality.recalculate", NULL, recalculate_action);
  gtk_widget_class_install_action (widget_class, "quality.ghost", NULL, ghost_action);
  gtk_widget_class_install_action (widget_class, "quality.annotate", NULL, annotate_action);
  gtk_widget_class_install_action (widget_class, "quality.remove-change", "x",
                                   remove_change_action);
}

static GtkWidget *
popover_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 44);
  gtk_label_set_width_chars (GTK_LABEL (label), 30);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
popover_button (const char *label,
                const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (gtk_button_get_child (GTK_BUTTON (button)), GTK_ALIGN_START);
  return button;
}

/* The popover a click on a point opens: why it is flagged, and what to do about it. */
static void
build_point_popover (PdQualityView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->point_popover = GTK_POPOVER (gtk_popover_new ());
  self->point_title = GTK_LABEL (popover_label ("heading"));
  self->point_rule = GTK_LABEL (popover_label (NULL));
  self->point_details = GTK_LABEL (popover_label ("dim-label"));
  self->point_annotation = GTK_LABEL (popover_label (NULL));
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->point_title));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->point_rule));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->point_details));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->point_annotation));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (actions), popover_button (_("Set _Baseline Here…"), "quality.set-baseline"));
  gtk_box_append (GTK_BOX (actions), popover_button (_("_Recalculate Limits from Here…"), "quality.recalculate"));
  gtk_box_append (GTK_BOX (actions), popover_button (_("_Ghost This Point…"), "quality.ghost"));
  gtk_box_append (GTK_BOX (actions), popover_button (_("_Annotate…"), "quality.annotate"));
  gtk_box_append (GTK_BOX (box), actions);
  gtk_popover_set_child (self->point_popover, box);
  gtk_popover_set_position (self->point_popover, GTK_POS_TOP);
  gtk_widget_set_parent (GTK_WIDGET (self->point_popover), GTK_WIDGET (self->chart));
}

/* A dropdown's item: one line, at least @width and at most @max characters wide (the
 * factory's data holds both), ellipsized, the whole text as its tooltip, so a long provider
 * name neither widens the indicator pane (a GtkDropDown is as wide as its widest label)
 * nor goes unread. */
#define ITEM_CHARS(width, max) GINT_TO_POINTER (((width) << 8) | (max))

static void
ellipsized_item_setup (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (chars) >> 8);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (chars) & 0xff);
  gtk_list_item_set_child (item, label);
}

static void
ellipsized_item_bind (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  chars)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_list_item_get_item (item)));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static GtkListItemFactory *
ellipsized_factory_new (int width_chars,
                        int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (ellipsized_item_setup),
                    ITEM_CHARS (width_chars, max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (ellipsized_item_bind), NULL);
  return factory;
}

static void
pd_quality_view_init (PdQualityView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_autoptr(GtkStringList) presets = gtk_string_list_new (NULL);

  /* In PdSpcPreset order: the dropdown's position is the preset. */
  gtk_string_list_append (presets, pd_view_data_preset_label (PD_SPC_PRESET_MDC));
  gtk_string_list_append (presets, pd_view_data_preset_label (PD_SPC_PRESET_MDC_LEGACY));
  gtk_string_list_append (presets, pd_view_data_preset_label (PD_SPC_PRESET_PTD));
  self->populating = TRUE;
  gtk_drop_down_set_model (self->preset_dropdown, G_LIST_MODEL (presets));
  gtk_drop_down_set_selected (self->preset_dropdown, PD_SPC_PRESET_MDC);
  self->populating = FALSE;
  g_signal_connect_object (self->preset_dropdown, "notify::selected",
                           G_CALLBACK (preset_selected_cb), self, G_CONNECT_SWAPPED);
  self->preset = PD_SPC_PRESET_MDC;
  self->point = G_MAXUINT;
  build_point_popover (self);
  update_point_actions (self);

  /* The button fits the pane; the list that drops down is wider (GtkDropDown makes it
   * as wide as the button unless its rows ask for more), up to a point. */
  {
    g_autoptr(GtkListItemFactory) button = ellipsized_factory_new (8, 24);
    g_autoptr(GtkListItemFactory) list = ellipsized_factory_new (44, 44);

    gtk_drop_down_set_factory (self->provider_dropdown, button);
    gtk_drop_down_set_list_factory (self->provider_dropdown, list);
  }

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

const char *
pd_quality_view_get_spc_preset (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return pd_view_data_preset_to_string (self->preset);
}

/* The SPC rules: "mdc", "mdc-legacy" or "ptd"; anything else is "mdc". */
void
pd_quality_view_set_spc_preset (PdQualityView *self,
                                const char    *preset)
{
  PdSpcPreset parsed = PD_SPC_PRESET_MDC;

  g_return_if_fail (PD_IS_QUALITY_VIEW (self));

  if (preset == NULL || !pd_spc_parse_preset (preset, &parsed))
    parsed = PD_SPC_PRESET_MDC;
  if (parsed == self->preset)
    return;
  self->preset = parsed;
  self->populating = TRUE;
  gtk_drop_down_set_selected (self->preset_dropdown, parsed);
  self->populating = FALSE;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPC_PRESET]);
}

GtkDropDown *
pd_quality_view_get_preset_dropdown (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->preset_dropdown;
}

/* The chart's changes in force, one AdwActionRow each (named by kind), Remove in each. */
GtkListBox *
pd_quality_view_get_changes_list (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->changes_list;
}

GtkPopover *
pd_quality_view_get_point_popover (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->point_popover;
}

/* The dialog asking for a reason, while it is open; its extra child is the entry. */
AdwMessageDialog *
pd_quality_view_get_reason_dialog (PdQualityView *self)
{
  g_return_val_if_fail (PD_IS_QUALITY_VIEW (self), NULL);

  return self->reason_dialog;
}
