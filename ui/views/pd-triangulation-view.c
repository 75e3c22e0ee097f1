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
#include <stdio.h>
#include <string.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-events.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spc-changes.h"
#include "pd-view-data.h"
#include "pd-triangulation-view.h"
#include "pd-chart-view.h"
#include "pd-column-layout.h"

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
  GtkWidget      *add_concern_button;

  /* Owned */
  PdWorkspace    *workspace;
  char           *indicator;     /* the provider */
  char           *commissioner;
  GCancellable   *cancellable;
  TriangulationData *data;
  AdwMessageDialog *concern_dialog;  /* while open (a weak pointer) */
  guint           writes;        /* concerns being saved or removed */

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

/* A row for an imported event: its title, its note, its date as a suffix. */
static GtkWidget *
create_event_row (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *date = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), date);
  g_object_set_data (G_OBJECT (row), "pd-date", date);
  return row;
}

/* The latest few, newest first: what a quality review meeting would ask about. Rows of
 * imported events are kept and their texts set only when changed: a new AdwActionRow
 * costs its widgets and style, and its wrapped note is measured again and again. */
static void
show_events (PdTriangulationView *self)
{
  GArray *events = self->data->events;
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->events));
  guint shown = 0;

  for (guint i = events->len; i > 0 && shown < 8; i--, shown++)
    {
      const PdEvent *event = &g_array_index (events, PdEvent, i - 1);
      g_autofree char *title = NULL;
      GtkWidget *row;

      title = event->count > 1
              ? g_strdup_printf ("%s × %" G_GINT64_FORMAT, pd_event_type_label (event->type),
                                 event->count)
              : g_strdup (pd_event_type_label (event->type));
      if (event->entered)
        {
          /* Soft intelligence entered here: who said it, and a way to take it back. */
          g_autofree char *subtitle = g_strdup_printf (_("%s — %s, entered by %s"), event->note,
                                                       event->source, event->author);
          g_autofree char *label = g_strdup_printf (_("Remove the concern of %s"), event->date);
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          row = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove),
                                          "triangulation.remove-concern");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove),
                                                  g_variant_new_int64 (event->id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (event->date));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
          gtk_widget_set_name (row, "entered-concern");
          /* In place of the row there, if any: entered concerns are few, built afresh. */
          gtk_list_box_insert (self->events, row, (int) shown);
          if (child != NULL)
            {
              GtkWidget *next = gtk_widget_get_next_sibling (child);

              gtk_list_box_remove (self->events, child);
              child = next;
            }
          continue;
        }

      if (child != NULL && g_object_get_data (G_OBJECT (child), "pd-date") != NULL)
        {
          row = child;
          child = gtk_widget_get_next_sibling (child);
        }
      else
        {
          row = create_event_row ();
          gtk_list_box_insert (self->events, row, (int) shown);
          if (child != NULL)
            {
              GtkWidget *next = gtk_widget_get_next_sibling (child);

              gtk_list_box_remove (self->events, child);
              child = next;
            }
        }
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) != 0)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), event->note) != 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), event->note);
      gtk_label_set_label (g_object_get_data (G_OBJECT (row), "pd-date"), event->date);
      if (g_strcmp0 (gtk_widget_get_tooltip_text (row), event->source) != 0)
        gtk_widget_set_tooltip_text (row, event->source);
    }
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_list_box_remove (self->events, child);
      child = next;
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->events_group),
                                         shown > 0 ? NULL
                                         : _("None in this workspace. Add a concern to record what you hear."));
  gtk_widget_set_visible (GTK_WIDGET (self->events), shown > 0);
}

static void
show_data (PdTriangulationView *self)
{
  TriangulationData *data = self->data;
  g_autoptr(GtkStringList) names = NULL;
  guint selected = 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "triangulation.add-concern",
                                 data->codes->len > 0);
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
  set_loading (self, self->writes > 0);
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

/* ---- soft intelligence: adding and removing concerns ----------------------------------- */

typedef struct
{
  PdWorkspace *workspace;
  gint64       remove;     /* a concern to remove, or 0 to add */
  char        *provider;
  char        *date;
  char        *source;
  char        *note;
} ConcernRequest;

static void
concern_request_free (ConcernRequest *request)
{
  g_object_unref (request->workspace);
  g_free (request->provider);
  g_free (request->date);
  g_free (request->source);
  g_free (request->note);
  g_free (request);
}

static void
concern_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConcernRequest *request = task_data;
  g_autoptr(PdWorkspace) connection = NULL;
  GError *error = NULL;
  gboolean done;

  connection = pd_workspace_open_again (request->workspace, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (request->remove > 0)
    done = pd_concerns_remove (connection, request->remove, &error);
  else
    done = pd_concerns_add (connection, request->provider, request->date, request->source,
                            request->note, &error) > 0;
  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
concern_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (object);
  g_autoptr(GError) error = NULL;

  self->writes--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the concern: %s"),
                                                  error->message);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->events_group), message);
      set_loading (self, self->cancellable != NULL);
      return;
    }
  reload (self);
}

static void
start_concern_write (PdTriangulationView *self,
                     ConcernRequest      *request)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, concern_cb, NULL);

  request->workspace = g_object_ref (self->workspace);
  g_task_set_source_tag (task, start_concern_write);
  g_task_set_task_data (task, request, (GDestroyNotify) concern_request_free);
  self->writes++;
  set_loading (self, TRUE);
  g_task_run_in_thread (task, concern_thread);
}

/* A real calendar date, YYYY-MM-DD, not after today. */
static gboolean
parse_concern_date (const char *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year, month, day;
  char end;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  return year * 10000 + month * 100 + day <=
         g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 +
         g_date_time_get_day_of_month (now);
}

static void
concern_fields_changed_cb (AdwMessageDialog *dialog)
{
  GtkEditable *date = g_object_get_data (G_OBJECT (dialog), "date");
  GtkEditable *source = g_object_get_data (G_OBJECT (dialog), "source");
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "note");
  GtkLabel *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autofree char *s = g_strstrip (g_strdup (gtk_editable_get_text (source)));
  g_autofree char *n = g_strstrip (g_strdup (gtk_editable_get_text (note)));
  gboolean date_ok = parse_concern_date (gtk_editable_get_text (date));

  if (date_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (date), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (date), "error");
  gtk_label_set_text (problem, date_ok ? ""
                      : _("The date must be a real day, written YYYY-MM-DD, and not in the future."));
  gtk_widget_set_visible (GTK_WIDGET (problem), !date_ok);
  adw_message_dialog_set_response_enabled (dialog, "add", date_ok && *s != '\0' && *n != '\0');
}

static void
concern_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     PdTriangulationView *self)
{
  ConcernRequest *request;

  if (g_strcmp0 (response, "add") != 0 || self->data == NULL || self->data->indicator == NULL ||
      self->workspace == NULL)
    return;
  request = g_new0 (ConcernRequest, 1);
  request->provider = g_strdup (self->data->indicator);
  request->date = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "date"))));
  request->source = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "source"))));
  request->note = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "note"))));
  start_concern_write (self, request);
}

static GtkWidget *
concern_entry_row (AdwMessageDialog *dialog,
                   GtkWidget        *list,
                   const char       *key,
                   const char       *title,
                   const char       *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (concern_fields_changed_cb), dialog);
  g_object_set_data (G_OBJECT (dialog), key, row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

/* A concern heard about the provider shown: the date (today unless changed), where it
 * came from and what it says, all three required. */
static void
add_concern_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *body = NULL;
  const char *name = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *list, *problem;

  if (self->data == NULL || self->data->indicator == NULL)
    return;
  for (guint i = 0; i < self->data->codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->data->codes, i), self->data->indicator) == 0)
      name = g_ptr_array_index (self->data->names, i);
  body = g_strdup_printf (_("Soft intelligence about %s: what a patient, a visit or a colleague told you. It shows on the timeline and in the list, with your name."),
                          name != NULL ? name : self->data->indicator);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Add a Concern"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  concern_entry_row (dialog, list, "date", _("Date (YYYY-MM-DD)"), today);
  concern_entry_row (dialog, list, "source", _("Source, e.g. ward visit, patient letter"), "");
  concern_entry_row (dialog, list, "note", _("What was said"), "");
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (dialog, box);
  concern_fields_changed_cb (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (concern_response_cb), self, 0);

  if (self->concern_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->concern_dialog));
  self->concern_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->concern_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (dialog), "source"));
}

static void
remove_concern_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PdTriangulationView *self = PD_TRIANGULATION_VIEW (widget);
  ConcernRequest *request;

  if (self->workspace == NULL)
    return;
  request = g_new0 (ConcernRequest, 1);
  request->remove = g_variant_get_int64 (parameter);
  start_concern_write (self, request);
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
  if (self->concern_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->concern_dialog));

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
  g_type_ensure (PD_TYPE_COLUMN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-triangulation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, stack);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, error_page);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, indicator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, funnel);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, events_group);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, events);
  gtk_widget_class_bind_template_child (widget_class, PdTriangulationView, add_concern_button);

  gtk_widget_class_install_action (widget_class, "triangulation.add-concern", NULL,
                                   add_concern_action);
  gtk_widget_class_install_action (widget_class, "triangulation.remove-concern", "x",
                                   remove_concern_action);
}

static void
pd_triangulation_view_init (PdTriangulationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "triangulation.add-concern", FALSE);

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

/* The Add Concern dialog while it is open: its extra child holds the date, source and
 * note rows (object data "date", "source", "note" on the dialog). */
AdwMessageDialog *
pd_triangulation_view_get_concern_dialog (PdTriangulationView *self)
{
  g_return_val_if_fail (PD_IS_TRIANGULATION_VIEW (self), NULL);

  return self->concern_dialog;
}
