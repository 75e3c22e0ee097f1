/* pd-triangulation-view.c — one provider's signals together: indicators, incidents, concerns
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline comes from the core's chart query (the board pack draws the same one): the
 * provider's indicators as sparklines and its events on one time axis, the Mid
 * Staffordshire lesson being that the signals were there but never put together. Under
 * it, the provider's latest events with their notes: the soft intelligence in words.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-events.h"
#include "domain/pd-organisations.h"
#include "pd-view-data.h"
#include "pd-triangulation-view.h"
#include "pd-chart-view.h"

/* What the worker hands back; immutable once returned. */
typedef struct
{
  GPtrArray   *codes;      /* of char *: the providers the commissioner pays */
  GPtrArray   *names;
  char        *indicator;  /* the provider as resolved: the first when none was asked */
  PdChartSpec *funnel;     /* the timeline */
  GArray      *events;     /* of PdEvent: the provider's, newest last */
} TriangulationData;

struct _PdTriangulationView
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkDropDown    *indicator_dropdown;
  PdChartView    *funnel;
  GtkWidget      *events_group;
  GtkListBox     *events;

  /* Owned */
  PdWorkspace    *workspace;
  char           *indicator;     /* the provider */
  char           *commissioner;
  GCancellable   *cancellable;
  TriangulationData *data;

  guint           loading : 1;
  guint           stale : 1;     /* asked to reload while hidden: reload when shown */
  guint           populating : 1;
};

G_DEFINE_FINAL_TYPE (PdTriangulationView, pd_triangulation_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_PROVIDER,
  PROP_COMMISSIONER,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
triangulation_data_free (TriangulationData *data)
{
  g_clear_pointer (&data->codes, g_ptr_array_unref);
  g_clear_pointer (&data->names, g_ptr_array_unref);
  g_free (data->indicator);
  g_clear_pointer (&data->funnel, pd_chart_spec_free);
  g_clear_pointer (&data->events, g_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TriangulationData, triangulation_data_free)

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

static TriangulationData *
load_triangulation (PdWorkspace  *workspace,
                    const char   *commissioner,
                    const char   *provider,
                    GError      **error)
{
  g_autoptr(TriangulationData) data = g_new0 (TriangulationData, 1);
  g_autoptr(GPtrArray) providers = pd_view_data_providers_of (workspace, commissioner, error);
  PdChartQuery query = { 0 };

  if (providers == NULL)
    return NULL;
  data->codes = g_ptr_array_new_with_free_func (g_free);
  data->names = g_ptr_array_new_with_free_func (g_free);
  for (guint p = 0; p < providers->len; p++)
    {
      const PdOrganisation *org = g_ptr_array_index (providers, p);

      g_ptr_array_add (data->codes, g_strdup (org->code));
      g_ptr_array_add (data->names, g_strdup (org->name));
      if (g_strcmp0 (org->code, provider) == 0)
        data->indicator = g_strdup (provider);
    }
  if (data->codes->len == 0)
    return g_steal_pointer (&data);
  if (data->indicator == NULL)
    data->indicator = g_strdup (g_ptr_array_index (data->codes, 0));

  query.provider = data->indicator;
  data->funnel = pd_chart_query_build (workspace, PD_CHART_KIND_TIMELINE, &query, error);
  if (data->funnel == NULL)
    return NULL;
  data->events = pd_events_query (workspace, data->indicator, NULL, NULL,
                                  PD_EVENT_TYPE_BIT (PD_EVENT_SERIOUS_INCIDENT) |
                                  PD_EVENT_TYPE_BIT (PD_EVENT_NEVER_EVENT) |
                                  PD_EVENT_TYPE_BIT (PD_EVENT_CONCERN) |
                                  PD_EVENT_TYPE_BIT (PD_EVENT_REGULATOR_NOTICE),
                                  error);
  if (data->events == NULL)
    return NULL;
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
  TriangulationData *data;
  GError *error = NULL;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = load_triangulation (connection, request->commissioner, request->indicator, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) triangulation_data_free);
}

static void
set_loading (PdTriangulationView *self,
             gboolean          loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The latest few, newest first: what a quality review meeting would ask about. */
static void
show_events (PdTriangulationView *self)
{
  GArray *events = self->data->events;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events))) != NULL)
    gtk_list_box_remove (self->events, child);
  for (guint i = events->len; i > 0 && shown < 8; i--, shown++)
    {
      const PdEvent *event = &g_array_index (events, PdEvent, i - 1);
      g_autofree char *title = NULL;
      GtkWidget *row = adw_action_row_new ();

      title = event->count > 1
              ? g_strdup_printf ("%s × %" G_GINT64_FORMAT, pd_event_type_label (event->type),
                                 event->count)
              : g_strdup (pd_event_type_label (event->type));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (event->note != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), event->note);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (event->date));
      gtk_widget_set_tooltip_text (row, event->source);
      gtk_list_box_append (self->events, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->events_group), shown > 0);
}

static void
show_data (PdTriangulationView *self)
{
  TriangulationData *data = self->data;
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
  show_events (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (object);
  g_autoptr(GError) error = NULL;
  TriangulationData *data;

  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Triangulation read in %.1f ms",
           (g_get_monotonic_time ()
            - ((LoadRequest *) g_task_get_task_data (G_TASK (result)))->started) / 1000.0);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->data, triangulation_data_free);
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
reload (PdTriangulationView *self)
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
provider_selected_cb (PdTriangulationView *self)
{
  guint selected = gtk_drop_down_get_selected (self->indicator_dropdown);

  if (self->populating || self->data == NULL || selected >= self->data->codes->len)
    return;
  pd_triangulation_view_set_provider (self, g_ptr_array_index (self->data->codes, selected));
}

static void
pd_triangulation_view_map (GtkWidget *widget)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (widget);

  GTK_WIDGET_CLASS (pd_triangulation_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

static void
pd_triangulation_view_dispose (GObject *object)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->data, triangulation_data_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_TRIANGULATION_VIEW);

  G_OBJECT_CLASS (pd_triangulation_view_parent_class)->dispose (object);
}

static void
pd_triangulation_view_finalize (GObject *object)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (object);

  g_free (self->indicator);
  g_free (self->commissioner);

  G_OBJECT_CLASS (pd_triangulation_view_parent_class)->finalize (object);
}

static void
pd_triangulation_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (object);

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

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_triangulation_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      pd_triangulation_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_PROVIDER:
      pd_triangulation_view_set_provider (self, g_value_get_string (value));
      break;

    case PROP_COMMISSIONER:
      pd_triangulation_view_set_commissioner (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_triangulation_view_class_init (PdTriangulationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_triangulation_view_dispose;
  object_class->finalize = pd_triangulation_view_finalize;
  object_class->get_property = pd_triangulation_view_get_property;
  object_class->set_property = pd_triangulation_view_set_property;

  widget_class->map = pd_triangulation_view_map;

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
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-triangulation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, indicator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, funnel);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, events_group);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, events);
}

static void
pd_triangulation_view_init (PdTriangulationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->indicator_dropdown, "notify::selected",
                           G_CALLBACK (provider_selected_cb), self, G_CONNECT_SWAPPED);
}

PdWorkspace *
pd_triangulation_view_get_workspace (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), NULL);

  return self->workspace;
}

/* Shows @workspace, read on a worker thread with a connection of its own. */
void
pd_triangulation_view_set_workspace (PdTriangulationView *self,
                                  PdWorkspace      *workspace)
{
  g_return_if_fail (PD_IS_TRIANGULATION_VIEW (self));
  g_return_if_fail (workspace == NULL || PD_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;
  g_clear_pointer (&self->data, triangulation_data_free);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

const char *
pd_triangulation_view_get_provider (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), NULL);

  return self->indicator;
}

/* The provider shown; NULL or "" for the first the commissioner pays. */
void
pd_triangulation_view_set_provider (PdTriangulationView *self,
                            const char  *provider)
{
  g_return_if_fail (PD_IS_TRIANGULATION_VIEW (self));

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
pd_triangulation_view_get_commissioner (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), NULL);

  return self->commissioner;
}

/* The commissioner whose providers are offered; NULL or "" for every provider. */
void
pd_triangulation_view_set_commissioner (PdTriangulationView *self,
                                const char  *commissioner)
{
  g_return_if_fail (PD_IS_TRIANGULATION_VIEW (self));

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
pd_triangulation_view_get_loading (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), FALSE);

  return self->loading;
}

GtkWidget *
pd_triangulation_view_get_chart (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), NULL);

  return GTK_WIDGET (self->funnel);
}

GtkDropDown *
pd_triangulation_view_get_provider_dropdown (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), NULL);

  return self->indicator_dropdown;
}

/* The latest serious incidents, never events, concerns and regulator notices. */
GtkListBox *
pd_triangulation_view_get_events (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), NULL);

  return self->events;
}
