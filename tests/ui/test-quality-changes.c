/* test-quality-changes.c — what users write through the views, in a real window under Xvfb:
 * the Quality view's chart changes and rule preset (and the Overview that follows them),
 * and the Triangulation view's concerns
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "domain/pd-events.h"
#include "domain/pd-indicators.h"
#include "domain/pd-spc-changes.h"
#include "import/pd-demo.h"
#include "pd-application.h"
#include "pd-chart-view.h"
#include "pd-overview-view.h"
#include "pd-quality-view.h"
#include "pd-test-util.h"
#include "pd-ui-test-util.h"
#include "pd-triangulation-view.h"
#include "pd-view-data.h"
#include "pd-window.h"

static PdApplication *application;
static char *scratch;
static char *demo_path;

/* ---- driving the window ---------------------------------------------------------------- */

static guint
count_rows (GtkListBox *list,
            const char *name)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row) && (name == NULL || g_strcmp0 (gtk_widget_get_name (row), name) == 0);
  return n;
}

static GtkListBoxRow *
find_row (GtkListBox *list,
          const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

/* The Remove button in @row, as a user would click it. */
static void
click_remove (GtkListBoxRow *row)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  pd_ui_test_collect (GTK_WIDGET (row), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)) != NULL)
      {
        /* "clicked" at once; gtk_widget_activate() clicks after a visual delay. */
        g_assert_true (gtk_widget_is_sensitive (g_ptr_array_index (buttons, i)));
        g_signal_emit_by_name (g_ptr_array_index (buttons, i), "clicked");
        return;
      }
  g_error ("no Remove button in the row");
}

/* The popover's button for @action. */
static GtkWidget *
popover_button (GtkPopover *popover,
                const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  pd_ui_test_collect (GTK_WIDGET (popover), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action) == 0)
      return g_ptr_array_index (buttons, i);
  g_error ("no %s in the popover", action);
}

/* A click on point @index of the SPC chart, found in the chart as drawn now. */
static void
click_point (PdChartView *chart,
             gsize        index)
{
  const PdChartItem *point = pd_chart_geometry_find (pd_chart_view_get_geometry (chart),
                                                     PD_CHART_ITEM_POINT, 0, index);

  g_assert_nonnull (point);
  g_assert_true (pd_chart_view_activate_at (chart, point->cx, point->cy));
}

/* ---- independent expectations, from the core ---------------------------------------- */

typedef struct
{
  PdIndicator       *indicator;
  PdIndicatorSeries *series;
} Chart;

static void
chart_clear (Chart *chart)
{
  g_clear_pointer (&chart->indicator, pd_indicator_free);
  g_clear_pointer (&chart->series, pd_indicator_series_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Chart, chart_clear)

static void
read_chart (PdWorkspace *workspace,
            const char  *indicator,
            const char  *provider,
            Chart       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = pd_indicators_query (workspace, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len && out->indicator == NULL; i++)
    if (g_strcmp0 (((PdIndicator *) g_ptr_array_index (all, i))->code, indicator) == 0)
      out->indicator = g_ptr_array_steal_index (all, i);
  g_assert_nonnull (out->indicator);
  out->series = pd_indicator_series_query (workspace, indicator, provider, PD_PERIOD_MONTH,
                                           NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The chart judged with a ghost at point @ghost (G_MAXSIZE: none). */
static PdSpcResult *
judge (const Chart *chart,
       gsize        ghost,
       PdSpcPreset  preset)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  PdSpcChange change = { 0 };
  PdSpcResult *result;

  if (ghost != G_MAXSIZE)
    {
      change.kind = PD_SPC_CHANGE_GHOST;
      change.period = g_array_index (chart->series->points, PdIndicatorPoint, ghost).period_start;
      g_ptr_array_add (changes, &change);
    }
  result = pd_view_data_series_spc (chart->indicator, chart->series, changes, preset, &error);
  g_assert_no_error (error);
  return result;
}

/* ---- Quality: a ghost through the popover and the reason dialog ------------------------ */

/* Finds a cell of the Overview whose icons a ghost changes: the indicator and provider of
 * matrix row @out_row, column @out_column, and the point to ghost. */
static gboolean
find_ghost_that_matters (PdOverviewView *overview,
                         PdWorkspace    *workspace,
                         guint          *out_row,
                         guint          *out_column,
                         gsize          *out_point)
{
  for (guint r = 0; pd_overview_view_get_indicator_at (overview, r) != NULL; r++)
    for (guint c = 0; pd_overview_view_get_provider_at (overview, c) != NULL; c++)
      {
        g_auto(Chart) chart = { 0 };
        g_autoptr(PdSpcResult) plain = NULL;

        read_chart (workspace, pd_overview_view_get_indicator_at (overview, r),
                    pd_overview_view_get_provider_at (overview, c), &chart);
        if (chart.series->points->len < 3)
          continue;
        plain = judge (&chart, G_MAXSIZE, PD_SPC_PRESET_MDC);
        /* From the latest back: ghosting the last point used changes the variation icon
         * most often. */
        for (gsize i = chart.series->points->len; i > 1; i--)
          {
            g_autoptr(PdSpcResult) ghosted = judge (&chart, i - 1, PD_SPC_PRESET_MDC);

            if (plain->points[i - 1].missing)
              continue;
            if (ghosted->variation != plain->variation || ghosted->assurance != plain->assurance)
              {
                *out_row = r;
                *out_column = c;
                *out_point = i - 1;
                return TRUE;
              }
          }
      }
  return FALSE;
}

static char *
cell_tooltip (PdOverviewView *overview,
              guint           row,
              guint           column)
{
  PdChartView *matrix = PD_CHART_VIEW (pd_overview_view_get_matrix (overview));
  const PdChartItem *cell = pd_chart_geometry_find (pd_chart_view_get_geometry (matrix),
                                                    PD_CHART_ITEM_CELL, row, column);

  g_assert_nonnull (cell);
  return pd_chart_view_dup_tooltip_at (matrix, cell->cx, cell->cy);
}

static void
test_ghost_through_ui (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdOverviewView *overview = pd_ui_test_find_one (window, PD_TYPE_OVERVIEW_VIEW);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  PdChartView *chart = PD_CHART_VIEW (pd_quality_view_get_chart (quality));
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (demo_path, 0, &error);
  g_autoptr(GPtrArray) stored = NULL;
  g_autofree char *indicator = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *summary_before = NULL;
  g_autofree char *cell_before = NULL;
  g_autofree char *cell_after = NULL;
  g_autofree char *cell_restored = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  GtkPopover *popover;
  GtkListBoxRow *row;
  guint r = 0, c = 0;
  gsize ghost = 0;

  g_assert_no_error (error);
  pd_ui_test_visit (window, "overview");
  g_assert_true (find_ghost_that_matters (overview, workspace, &r, &c, &ghost));
  indicator = g_strdup (pd_overview_view_get_indicator_at (overview, r));
  provider = g_strdup (pd_overview_view_get_provider_at (overview, c));
  cell_before = cell_tooltip (overview, r, c);
  g_test_message ("ghosting point %" G_GSIZE_FORMAT " of %s at %s; cell: %s", ghost,
                  indicator, provider, cell_before);

  pd_quality_view_show (quality, indicator, provider);
  pd_ui_test_visit (window, "quality");
  g_assert_cmpstr (pd_quality_view_get_indicator (quality), ==, indicator);
  g_assert_cmpuint (count_rows (pd_quality_view_get_changes_list (quality), NULL), ==, 0);
  summary_before = g_strdup (pd_chart_view_get_summary (chart));

  /* A click on the point opens its popover, which offers the ghost. */
  click_point (chart, ghost);
  popover = pd_quality_view_get_point_popover (quality);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (quality), "quality.ghost", NULL));
  dialog = pd_quality_view_get_reason_dialog (quality);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* No reason, no ghost. */
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (entry, "Coding error in the month's return");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  pd_ui_test_wait_until_idle (window, 60);

  /* Stored with who and why, listed, and the chart judged again. */
  stored = pd_spc_changes_list (workspace, indicator, provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpint (((PdSpcChange *) g_ptr_array_index (stored, 0))->kind, ==, PD_SPC_CHANGE_GHOST);
  g_assert_cmpstr (((PdSpcChange *) g_ptr_array_index (stored, 0))->reason, ==,
                   "Coding error in the month's return");
  g_assert_cmpstr (((PdSpcChange *) g_ptr_array_index (stored, 0))->author, ==, g_get_user_name ());
  row = find_row (pd_quality_view_get_changes_list (quality), "ghost");
  g_assert_nonnull (row);
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                         "Coding error in the month's return") != NULL);
  g_assert_cmpstr (pd_chart_view_get_summary (chart), !=, summary_before);
  g_test_message ("summary after the ghost: %s", pd_chart_view_get_summary (chart));
  /* The same point twice is not offered. */
  click_point (chart, ghost);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (gtk_widget_is_sensitive (popover_button (popover, "quality.ghost")));
  g_assert_true (gtk_widget_is_sensitive (popover_button (popover, "quality.annotate")));
  gtk_popover_popdown (popover);

  /* The Overview's cell follows. */
  pd_ui_test_visit (window, "overview");
  cell_after = cell_tooltip (overview, r, c);
  g_assert_cmpstr (cell_after, !=, cell_before);

  /* Remove: the chart and the cell as they were. */
  pd_ui_test_visit (window, "quality");
  row = find_row (pd_quality_view_get_changes_list (quality), "ghost");
  g_assert_nonnull (row);
  click_remove (row);
  pd_ui_test_wait_until_idle (window, 60);
  g_clear_pointer (&stored, g_ptr_array_unref);
  stored = pd_spc_changes_list (workspace, indicator, provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 0);
  g_assert_cmpuint (count_rows (pd_quality_view_get_changes_list (quality), NULL), ==, 0);
  g_assert_cmpstr (pd_chart_view_get_summary (chart), ==, summary_before);
  pd_ui_test_visit (window, "overview");
  cell_restored = cell_tooltip (overview, r, c);
  g_assert_cmpstr (cell_restored, ==, cell_before);

  pd_ui_test_destroy_window (window);
}

/* An annotation shows in the popover of its point, which explains the rule that flagged
 * it; a baseline asks for a reason like the other changes; Cancel records nothing. */
static void
test_annotation_and_popover (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (demo_path, 0, &error);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(PdSpcResult) plain = NULL;
  g_auto(Chart) one = { 0 };
  g_autoptr(GPtrArray) stored = NULL;
  PdChartView *chart;
  AdwMessageDialog *dialog;
  GtkPopover *popover;
  GtkListBoxRow *baseline;
  guint baselines = 0;
  gboolean shows_note = FALSE, shows_limits = FALSE, shows_rule = FALSE;
  gsize flagged = G_MAXSIZE;

  g_assert_no_error (error);
  pd_ui_test_visit (window, "quality");
  chart = PD_CHART_VIEW (pd_quality_view_get_chart (quality));
  /* The chart's latest flagged point, from the core. */
  read_chart (workspace, pd_quality_view_get_indicator (quality),
              pd_quality_view_get_provider (quality), &one);
  plain = judge (&one, G_MAXSIZE, PD_SPC_PRESET_MDC);
  for (gsize i = 0; i < plain->n_points; i++)
    if (plain->points[i].rule != PD_SPC_RULE_NONE && !plain->points[i].missing)
      flagged = i;
  g_assert_cmpuint (flagged, <, plain->n_points);
  g_assert_cmpuint (plain->n_points, >, 15);

  click_point (chart, flagged);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (quality), "quality.annotate", NULL));
  dialog = pd_quality_view_get_reason_dialog (quality);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "New ward opened");
  adw_message_dialog_response (dialog, "save");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_nonnull (find_row (pd_quality_view_get_changes_list (quality), "annotation"));

  /* A baseline asks for its reason like any other change: none, none stored. */
  click_point (chart, 14);
  g_signal_emit_by_name (popover_button (pd_quality_view_get_point_popover (quality),
                                         "quality.set-baseline"), "clicked");
  dialog = pd_quality_view_get_reason_dialog (quality);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pd_quality_view_get_point_popover (quality))));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), " \t ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  /* Enter with no reason records nothing either. */
  g_signal_emit_by_name (adw_message_dialog_get_extra_child (dialog), "activate");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (find_row (pd_quality_view_get_changes_list (quality), "baseline"));
  g_assert_true (pd_quality_view_get_reason_dialog (quality) == dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "  Last stable year before the service changed  ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  pd_ui_test_wait_until_idle (window, 60);
  baseline = find_row (pd_quality_view_get_changes_list (quality), "baseline");
  g_assert_nonnull (baseline);
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (baseline)),
                         "Last stable year before the service changed") != NULL);
  /* Stored trimmed, with who and when, at the point's period. */
  stored = pd_spc_changes_list (workspace, pd_quality_view_get_indicator (quality),
                                pd_quality_view_get_provider (quality), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stored->len; i++)
    {
      const PdSpcChange *change = g_ptr_array_index (stored, i);

      if (change->kind != PD_SPC_CHANGE_BASELINE)
        continue;
      g_assert_cmpstr (change->reason, ==, "Last stable year before the service changed");
      g_assert_cmpstr (change->author, ==, g_get_user_name ());
      g_assert_nonnull (change->created_at);
      g_assert_cmpstr (change->period, ==,
                       g_array_index (one.series->points, PdIndicatorPoint, 14).period_start);
      baselines++;
    }
  g_assert_cmpuint (baselines, ==, 1);
  /* A baseline fixes the limits; it starts no new partition. */
  g_assert_true (strstr (pd_chart_view_get_summary (chart), "Limits recalculated") == NULL);
  pd_ui_test_screenshot (GTK_WIDGET (window), "quality-changes.png");

  /* Cancel records nothing. */
  click_point (chart, flagged);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (quality), "quality.recalculate", NULL));
  dialog = pd_quality_view_get_reason_dialog (quality);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "x");
  adw_message_dialog_response (dialog, "cancel");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpuint (count_rows (pd_quality_view_get_changes_list (quality), NULL), ==, 2);
  click_remove (find_row (pd_quality_view_get_changes_list (quality), "baseline"));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpuint (count_rows (pd_quality_view_get_changes_list (quality), NULL), ==, 1);

  /* The popover names the rule, the limits and the note. */
  click_point (chart, flagged);
  popover = pd_quality_view_get_point_popover (quality);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  pd_ui_test_collect (GTK_WIDGET (popover), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      g_test_message ("popover: %s", text);
      shows_note |= strstr (text, "New ward opened") != NULL &&
                    gtk_widget_get_visible (g_ptr_array_index (labels, i));
      shows_limits |= g_str_has_prefix (text, "Mean ") && strstr (text, "process limits") != NULL;
      shows_rule |= g_str_has_prefix (text, "Shift: ") || g_str_has_prefix (text, "Trend: ") ||
                    g_str_has_prefix (text, "Two of three: ") ||
                    g_str_has_prefix (text, "Outside the limits: ");
    }
  g_assert_true (shows_note);
  g_assert_true (shows_limits);
  g_assert_true (shows_rule);
  pd_ui_test_screenshot (GTK_WIDGET (popover), "quality-popover.png");
  gtk_popover_popdown (popover);

  /* Remove it again, so the other tests start clean. */
  click_remove (find_row (pd_quality_view_get_changes_list (quality), "annotation"));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpuint (count_rows (pd_quality_view_get_changes_list (quality), NULL), ==, 0);

  pd_ui_test_destroy_window (window);
}

/* ---- Quality: the indicator pane leaves the chart the room ------------------------------ */

/* With the provider of the longest name chosen, the dropdown ellipsizes it (the whole name
 * its tooltip) and the indicator pane stays narrow, so the chart gets the width. */
static void
test_pane_width (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) popovers = g_ptr_array_new ();
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();
  GtkDropDown *providers = NULL;
  GListModel *model;
  GtkWidget *list, *pane, *chart;
  g_autofree char *longest = NULL;
  guint longest_at = 0;
  gboolean shown = FALSE;

  pd_ui_test_visit (window, "quality");
  pd_ui_test_collect (GTK_WIDGET (quality), GTK_TYPE_DROP_DOWN, dropdowns);
  for (guint i = 0; i < dropdowns->len; i++)
    if (dropdowns->pdata[i] != pd_quality_view_get_preset_dropdown (quality))
      providers = dropdowns->pdata[i];
  g_assert_nonnull (providers);
  model = gtk_drop_down_get_model (providers);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      const char *text = gtk_string_object_get_string (item);

      if (longest == NULL || strlen (text) > strlen (longest))
        {
          /* A copy: choosing a provider reloads the view, which replaces the model. */
          g_free (longest);
          longest = g_strdup (text);
          longest_at = i;
        }
    }
  g_assert_nonnull (longest);
  g_test_message ("longest provider: %s", longest);
  gtk_drop_down_set_selected (providers, longest_at);
  pd_ui_test_wait_until_idle (window, 60);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The button's label: one line, ellipsized, the whole name as its tooltip. */
  pd_ui_test_collect (GTK_WIDGET (providers), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];
      const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (label));

      if (!gtk_widget_get_mapped (GTK_WIDGET (label)) ||
          g_strcmp0 (gtk_label_get_text (label), longest) != 0)
        continue;
      g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_END);
      g_assert_cmpstr (tooltip, ==, longest);
      shown = TRUE;
    }
  g_assert_true (shown);

  /* The pane as laid out: narrow, and the chart wider than it. */
  list = GTK_WIDGET (pd_quality_view_get_indicator_list (quality));
  pane = gtk_widget_get_ancestor (list, GTK_TYPE_PANED);
  g_assert_nonnull (pane);
  pane = gtk_paned_get_start_child (GTK_PANED (pane));
  chart = pd_quality_view_get_chart (quality);
  g_test_message ("window %d px: indicator pane %d px, dropdown %d px, chart %d px",
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_width (pane),
                  gtk_widget_get_width (GTK_WIDGET (providers)), gtk_widget_get_width (chart));
  g_assert_cmpint (gtk_widget_get_width (pane), <=, 340);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (providers)), <=, gtk_widget_get_width (pane));
  g_assert_cmpint (gtk_widget_get_width (chart), >=, 2 * gtk_widget_get_width (pane) - 100);

  /* The list that drops down: the same names, ellipsized further out. */
  pd_ui_test_collect (GTK_WIDGET (providers), GTK_TYPE_TOGGLE_BUTTON, toggles);
  g_assert_cmpuint (toggles->len, ==, 1);
  gtk_toggle_button_set_active (toggles->pdata[0], TRUE);
  pd_ui_test_collect (GTK_WIDGET (providers), GTK_TYPE_POPOVER, popovers);
  g_assert_cmpuint (popovers->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (popovers->pdata[0]));
  gtk_test_widget_wait_for_draw (popovers->pdata[0]);
  g_test_message ("the list that drops down: %d px", gtk_widget_get_width (popovers->pdata[0]));
  g_assert_cmpint (gtk_widget_get_width (popovers->pdata[0]), <, gtk_widget_get_width (GTK_WIDGET (window)) / 2);
  pd_ui_test_screenshot (popovers->pdata[0], "quality-providers.png");
  gtk_popover_popdown (popovers->pdata[0]);

  pd_ui_test_destroy_window (window);
}

/* ---- the rule preset ------------------------------------------------------------------ */

static gboolean
presets_differ (const PdSpcResult *a,
                const PdSpcResult *b)
{
  gsize last = a->n_points;

  if (a->variation != b->variation || a->assurance != b->assurance)
    return TRUE;
  for (gsize i = 0; i < a->n_points; i++)
    {
      if (a->points[i].point_type != b->points[i].point_type)
        return TRUE;
      if (!a->points[i].missing && !a->points[i].ghost)
        last = i;
    }
  return last < a->n_points &&
         (a->points[last].upl != b->points[last].upl || a->points[last].lpl != b->points[last].lpl);
}

static void
test_preset (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  PdOverviewView *overview = pd_ui_test_find_one (window, PD_TYPE_OVERVIEW_VIEW);
  GSettings *settings = pd_application_get_settings (application);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (demo_path, 0, &error);
  g_autoptr(GPtrArray) indicators = NULL;
  g_autofree char *before = NULL;
  const char *indicator = NULL, *provider = NULL;
  PdChartView *chart;

  g_assert_no_error (error);
  pd_ui_test_visit (window, "overview");
  /* A chart the presets judge differently, found with the core. */
  for (guint r = 0; indicator == NULL && pd_overview_view_get_indicator_at (overview, r); r++)
    for (guint c = 0; indicator == NULL && pd_overview_view_get_provider_at (overview, c); c++)
      {
        g_auto(Chart) one = { 0 };
        g_autoptr(PdSpcResult) mdc = NULL;
        g_autoptr(PdSpcResult) ptd = NULL;

        read_chart (workspace, pd_overview_view_get_indicator_at (overview, r),
                    pd_overview_view_get_provider_at (overview, c), &one);
        mdc = judge (&one, G_MAXSIZE, PD_SPC_PRESET_MDC);
        ptd = judge (&one, G_MAXSIZE, PD_SPC_PRESET_PTD);
        if (presets_differ (mdc, ptd))
          {
            indicator = pd_overview_view_get_indicator_at (overview, r);
            provider = pd_overview_view_get_provider_at (overview, c);
          }
      }
  g_assert_nonnull (indicator);
  g_test_message ("the presets differ on %s at %s", indicator, provider);

  pd_quality_view_show (quality, indicator, provider);
  pd_ui_test_visit (window, "quality");
  chart = PD_CHART_VIEW (pd_quality_view_get_chart (quality));
  before = g_strdup (pd_chart_view_get_summary (chart));
  {
    g_autofree char *saved = g_settings_get_string (settings, "spc-rule-preset");
    g_assert_cmpstr (saved, ==, "mdc");
  }

  /* The dropdown, as a user picks from it. */
  gtk_drop_down_set_selected (pd_quality_view_get_preset_dropdown (quality), PD_SPC_PRESET_PTD);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_quality_view_get_spc_preset (quality), ==, "ptd");
  g_assert_cmpstr (pd_chart_view_get_summary (chart), !=, before);
  g_test_message ("with ptd: %s", pd_chart_view_get_summary (chart));
  {
    g_autofree char *saved = g_settings_get_string (settings, "spc-rule-preset");
    g_assert_cmpstr (saved, ==, "ptd");
  }
  g_assert_cmpstr (pd_overview_view_get_spc_preset (overview), ==, "ptd");

  /* Back through the setting: the dropdown and the chart follow. */
  g_settings_set_string (settings, "spc-rule-preset", "mdc");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpuint (gtk_drop_down_get_selected (pd_quality_view_get_preset_dropdown (quality)), ==,
                    PD_SPC_PRESET_MDC);
  g_assert_cmpstr (pd_chart_view_get_summary (chart), ==, before);

  pd_ui_test_destroy_window (window);
}

/* ---- Triangulation: add a concern ------------------------------------------------------ */

static void
test_add_concern (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdTriangulationView *view = pd_ui_test_find_one (window, PD_TYPE_TRIANGULATION_VIEW);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (demo_path, 0, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GPtrArray) stored = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *date, *source, *note;
  GtkListBoxRow *row;
  const char *provider;

  g_assert_no_error (error);
  pd_ui_test_visit (window, "triangulation");
  provider = pd_triangulation_view_get_provider (view);
  g_assert_nonnull (provider);
  g_assert_null (find_row (pd_triangulation_view_get_events (view), "entered-concern"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "triangulation.add-concern", NULL));
  dialog = pd_triangulation_view_get_concern_dialog (view);
  g_assert_nonnull (dialog);
  date = g_object_get_data (G_OBJECT (dialog), "date");
  source = g_object_get_data (G_OBJECT (dialog), "source");
  note = g_object_get_data (G_OBJECT (dialog), "note");
  g_assert_cmpstr (gtk_editable_get_text (date), ==, today);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (source, "Ward visit");
  gtk_editable_set_text (note, "Night shift short of two nurses for a month");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  /* A date that is no day, and one in the future, are refused. */
  gtk_editable_set_text (date, "2011-02-30");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (date), "error"));
  gtk_editable_set_text (date, "2999-01-01");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (date, "2012-03-14");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "add-concern.png");
  adw_message_dialog_response (dialog, "add");
  pd_ui_test_wait_until_idle (window, 60);

  stored = pd_concerns_list (workspace, provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpstr (((PdConcern *) g_ptr_array_index (stored, 0))->date, ==, "2012-03-14");
  row = find_row (pd_triangulation_view_get_events (view), "entered-concern");
  g_assert_nonnull (row);
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                         "Night shift short of two nurses for a month") != NULL);
  g_assert_true (strstr (pd_chart_view_get_summary (PD_CHART_VIEW (pd_triangulation_view_get_chart (view))),
                         "oncern") != NULL);

  pd_ui_test_screenshot (GTK_WIDGET (window), "triangulation-concern.png");
  click_remove (row);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (find_row (pd_triangulation_view_get_events (view), "entered-concern"));
  g_clear_pointer (&stored, g_ptr_array_unref);
  stored = pd_concerns_list (workspace, provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 0);

  pd_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  scratch = pd_test_scratch_new ();
  data_home = g_build_filename (scratch, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  demo_path = g_build_filename (scratch, "demo.pctdash", NULL);
  g_assert_true (pd_demo_build (NULL, demo_path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  application = g_object_new (PD_TYPE_APPLICATION,
                              "application-id", APPLICATION_ID,
                              "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/pctdash/ui/quality-changes/ghost", test_ghost_through_ui);
  g_test_add_func ("/pctdash/ui/quality-changes/annotation-and-popover", test_annotation_and_popover);
  g_test_add_func ("/pctdash/ui/quality-changes/preset", test_preset);
  g_test_add_func ("/pctdash/ui/quality-changes/pane-width", test_pane_width);
  g_test_add_func ("/pctdash/ui/quality-changes/add-concern", test_add_concern);

  status = g_test_run ();

  g_clear_object (&application);
  g_free (demo_path);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
