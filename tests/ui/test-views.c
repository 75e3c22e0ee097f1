/* test-views.c — the Overview, Spend and Quality views on the demo workspace, under Xvfb
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-cquin.h"
#include "domain/pd-events.h"
#include "domain/pd-finance.h"
#include "domain/pd-indicators.h"
#include "domain/pd-organisations.h"
#include "import/pd-demo.h"
#include "import/pd-importer.h"
#include "pd-application.h"
#include "pd-benchmarks-view.h"
#include "pd-chart-data-window.h"
#include "pd-cquin-view.h"
#include "pd-outlook-view.h"
#include "pd-chart-view.h"
#include "pd-overview-view.h"
#include "pd-peer-group-dialog.h"
#include "pd-quality-view.h"
#include "pd-spend-view.h"
#include "pd-triangulation-view.h"
#include "pd-test-util.h"
#include "pd-ui-test-util.h"
#include "pd-view-data.h"
#include "pd-window.h"

static PdApplication *application;
static char *scratch;
static char *demo_path;

/* ---- driving the window ---------------------------------------------------------------- */

static guint
count_items (PdChartView     *chart,
             PdChartItemType  type)
{
  const PdChartGeometry *geometry = pd_chart_view_get_geometry (chart);
  guint n = 0;

  g_assert_nonnull (geometry);
  for (guint i = 0; i < pd_chart_geometry_get_n_items (geometry); i++)
    n += pd_chart_geometry_get_item (geometry, i)->type == type;
  return n;
}

/* An independent count, straight from the tables: the indicators any provider the
 * commissioner pays reports, and those providers. */
static void
count_matrix (const char *commissioner,
              guint      *out_rows,
              guint      *out_columns)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (demo_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count (DISTINCT indicator) FROM indicator_values "
                                       "        WHERE provider IN (SELECT provider FROM spend "
                                       "                           WHERE commissioner = ?1)), "
                                       "       (SELECT count (DISTINCT provider) FROM spend "
                                       "        WHERE commissioner = ?1 AND provider IS NOT NULL)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, commissioner, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *out_rows = sqlite3_column_int (stmt, 0);
  *out_columns = sqlite3_column_int (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
assert_accessible_chart (PdChartView *chart)
{
  const PdChartSpec *spec = pd_chart_view_get_spec (chart);
  g_autofree char *summary = pd_chart_spec_summarize (spec);

  g_assert_nonnull (spec);
  g_assert_cmpstr (pd_chart_view_get_summary (chart), ==, summary);
  g_assert_cmpuint (strlen (summary), >, 40);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       pd_chart_spec_get_title (spec));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary);
}

/* ---- tests -------------------------------------------------------------------------------- */

/* Home: Fenmoor PCT (0Y5, the first commissioner by code) and the providers it pays. */
static void
test_overview (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdOverviewView *overview = pd_ui_test_find_one (window, PD_TYPE_OVERVIEW_VIEW);
  PdChartView *matrix = PD_CHART_VIEW (pd_overview_view_get_matrix (overview));
  GtkListBox *ranking = pd_overview_view_get_ranking (overview);
  guint rows, columns, n_ranked = 0;
  int previous_score = G_MAXINT;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (matrix)));
  g_assert_cmpstr (pd_overview_view_get_commissioner (overview), ==, "0Y5");
  count_matrix ("0Y5", &rows, &columns);
  g_assert_cmpuint (columns, ==, 7);
  g_assert_cmpuint (rows, >, 10);
  g_assert_cmpuint (count_items (matrix, PD_CHART_ITEM_CELL), ==, rows * columns);
  g_assert_cmpstr (pd_chart_spec_get_title (pd_chart_view_get_spec (matrix)), ==,
                   "Quality indicators of the providers Fenmoor PCT pays");
  assert_accessible_chart (matrix);

  /* One ranked row per provider, highest score first. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (ranking));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      int score = -1;

      pd_ui_test_collect (row, GTK_TYPE_LABEL, labels);
      for (guint i = 0; i < labels->len; i++)
        if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "title-3"))
          score = atoi (gtk_label_get_text (g_ptr_array_index (labels, i)));
      g_assert_cmpint (score, >=, 0);
      g_assert_cmpint (score, <=, previous_score);
      previous_score = score;
      n_ranked++;
    }
  g_assert_cmpuint (n_ranked, ==, columns);

  /* The hover tooltip of a cell names the indicator and the provider. */
  {
    const PdChartItem *cell = pd_chart_geometry_find (pd_chart_view_get_geometry (matrix),
                                                      PD_CHART_ITEM_CELL, 0, 0);
    g_autofree char *tooltip = NULL;

    g_assert_nonnull (cell);
    tooltip = pd_chart_view_dup_tooltip_at (matrix, cell->cx, cell->cy);
    g_assert_nonnull (tooltip);
    g_assert_nonnull (strstr (tooltip, pd_overview_view_get_provider_at (overview, 0)));
  }

  pd_ui_test_destroy_window (window);
}

/* Two clicks from "where to look first" to the evidence: a matrix cell opens that
 * indicator for that provider, and a flagged point explains itself. */
static void
test_cell_opens_quality (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdOverviewView *overview = pd_ui_test_find_one (window, PD_TYPE_OVERVIEW_VIEW);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  PdChartView *matrix = PD_CHART_VIEW (pd_overview_view_get_matrix (overview));
  PdChartView *chart = PD_CHART_VIEW (pd_quality_view_get_chart (quality));
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdIndicator) indicator = NULL;
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(PdSpcResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const PdChartItem *cell = NULL, *point = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *month = NULL;
  guint row = G_MAXUINT, column = G_MAXUINT;
  gssize flagged = -1;

  /* Inpatient falls at Harrowden Valley (R9B): a concern in the demo. */
  for (guint r = 0; pd_overview_view_get_indicator_at (overview, r) != NULL; r++)
    if (g_strcmp0 (pd_overview_view_get_indicator_at (overview, r), "FALLS") == 0)
      row = r;
  for (guint c = 0; pd_overview_view_get_provider_at (overview, c) != NULL; c++)
    if (g_strcmp0 (pd_overview_view_get_provider_at (overview, c), "R9B") == 0)
      column = c;
  g_assert_cmpuint (row, !=, G_MAXUINT);
  g_assert_cmpuint (column, !=, G_MAXUINT);
  cell = pd_chart_geometry_find (pd_chart_view_get_geometry (matrix), PD_CHART_ITEM_CELL,
                                 row, column);
  g_assert_nonnull (cell);
  /* Its tooltip: the icons in words, then the latest value and the target. */
  {
    g_autofree char *tooltip = pd_chart_view_dup_tooltip_at (matrix, cell->cx, cell->cy);

    g_test_message ("%s", tooltip);
    g_assert_nonnull (strstr (tooltip, "R9B"));
    g_assert_nonnull (strstr (tooltip, "\nLatest 7.97 in Mar 2012; no target"));
  }
  g_assert_true (pd_chart_view_activate_at (matrix, cell->cx, cell->cy));
  pd_ui_test_wait_until_idle (window, 60);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_cmpstr (pd_quality_view_get_indicator (quality), ==, "FALLS");
  g_assert_cmpstr (pd_quality_view_get_provider (quality), ==, "R9B");
  g_assert_cmpstr (pd_chart_spec_get_title (pd_chart_view_get_spec (chart)), ==,
                   "Inpatient falls per 1,000 bed days — "
                   "Harrowden Valley Hospitals NHS Foundation Trust");
  assert_accessible_chart (chart);

  /* The same series judged independently: the first special-cause point. */
  workspace = pd_workspace_open (demo_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  indicator = pd_indicator_lookup (workspace, "FALLS", &error);
  g_assert_no_error (error);
  series = pd_indicator_series_query (workspace, "FALLS", "R9B", PD_PERIOD_MONTH, NULL, NULL,
                                      &error);
  g_assert_no_error (error);
  result = pd_view_data_series_spc (indicator, series, NULL, PD_SPC_PRESET_MDC, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < result->n_points && flagged < 0; i++)
    if (result->points[i].point_type == PD_SPC_POINT_SPECIAL_CAUSE_CONCERN)
      flagged = i;
  g_assert_cmpint (flagged, >=, 0);
  g_assert_cmpuint (count_items (chart, PD_CHART_ITEM_POINT), ==, result->n_points);

  point = pd_chart_geometry_find (pd_chart_view_get_geometry (chart), PD_CHART_ITEM_POINT, 0,
                                  flagged);
  g_assert_nonnull (point);
  g_assert_true (pd_chart_view_activate_at (chart, point->cx, point->cy));
  month = pd_view_data_month_label (g_array_index (series->points, PdIndicatorPoint,
                                                   flagged).period_start);
  {
    g_autofree char *explanation = pd_spc_point_explain (result, flagged);
    expected = g_strdup_printf ("%s: %s", month, explanation);
  }
  g_assert_cmpstr (pd_quality_view_get_explanation (quality), ==, expected);
  g_test_message ("%s", expected);

  pd_ui_test_destroy_window (window);
}

/* Spend: the commissioner and its peers, the table sorted by the column headers. */
static void
test_spend (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdSpendView *spend = pd_ui_test_find_one (window, PD_TYPE_SPEND_VIEW);
  PdChartView *chart = PD_CHART_VIEW (pd_spend_view_get_chart (spend));
  GtkColumnView *table = pd_spend_view_get_table (spend);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (table));
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  double previous = G_MAXDOUBLE;
  gint64 start;

  pd_ui_test_visit (window, "spend");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));

  workspace = pd_workspace_open (demo_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  peers = pd_organisation_peers (workspace, "0Y5", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, peers->len + 1);
  /* Largest spender first. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdSpendItem) item = g_list_model_get_item (model, i);

      g_assert_cmpfloat (pd_spend_item_get_total (item), <=, previous);
      previous = pd_spend_item_get_total (item);
    }
  g_assert_cmpuint (count_items (chart, PD_CHART_ITEM_BAR), >, 0);
  assert_accessible_chart (chart);
  g_assert_nonnull (strstr (pd_chart_spec_get_title (pd_chart_view_get_spec (chart)),
                            "Spend mix"));

  /* A click on the Commissioner header sorts by name. */
  name_column = g_list_model_get_item (gtk_column_view_get_columns (table), 0);
  gtk_column_view_sort_by_column (table, name_column, GTK_SORT_ASCENDING);
  {
    g_autoptr(PdSpendItem) first = g_list_model_get_item (model, 0);
    g_autoptr(PdSpendItem) second = g_list_model_get_item (model, 1);
    g_assert_cmpstr (pd_spend_item_get_code (first), ==, "0Y5");
    g_assert_true (pd_spend_item_get_chosen (first));
    g_assert_false (pd_spend_item_get_chosen (second));
  }

  /* The filter: another commissioner, remembered, and its peers shown. */
  {
    PdWindow *w = window;
    g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autofree char *remembered = NULL;
    GtkDropDown *filter = NULL;

    pd_ui_test_collect (GTK_WIDGET (w), GTK_TYPE_DROP_DOWN, dropdowns);
    for (guint i = 0; i < dropdowns->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (dropdowns, i)),
                     "Commissioner") == 0)
        filter = g_ptr_array_index (dropdowns, i);
    g_assert_nonnull (filter);
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (filter)));
    /* 0Y5, 0Y7, 5Z1: Northvale PCT is third by code. */
    start = g_get_monotonic_time ();
    gtk_drop_down_set_selected (filter, 2);
    pd_ui_test_wait_until_idle (w, 60);
    g_test_message ("commissioner filter changed, Overview and Spend redrawn in %.1f ms",
                    (g_get_monotonic_time () - start) / 1000.0);
    remembered = g_settings_get_string (settings, "commissioner");
    g_assert_cmpstr (remembered, ==, "5Z1");
    g_assert_cmpstr (pd_spend_view_get_commissioner (spend), ==, "5Z1");
    g_assert_nonnull (strstr (pd_chart_view_get_summary (chart), "Northvale PCT"));
    /* The next test starts from the first commissioner again. */
    g_settings_set_string (settings, "commissioner", "");
  }

  /* The year: newest first, 2009/10 third; remembered, and only shown with Spend. */
  {
    g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr(PdSpendItem) first = NULL;
    GtkDropDown *year = NULL;
    g_autofree char *summary = NULL;
    double before;

    pd_ui_test_collect (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, dropdowns);
    for (guint i = 0; i < dropdowns->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (dropdowns, i)),
                     "Financial Year") == 0)
        year = g_ptr_array_index (dropdowns, i);
    g_assert_nonnull (year);
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (year)));
    g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (year)), ==,
                     "2011/12");
    first = g_list_model_get_item (model, 0);
    before = pd_spend_item_get_total (first);
    summary = g_strdup (pd_chart_view_get_summary (chart));
    gtk_drop_down_set_selected (year, 2);
    pd_ui_test_wait_until_idle (window, 60);
    g_assert_cmpint (pd_spend_view_get_year (spend), ==, 2009);
    g_assert_cmpint (g_settings_get_int (settings, "year"), ==, 2009);
    /* The summary names no year (the chart's subtitle does): its shares changed. */
    g_assert_cmpstr (pd_chart_view_get_summary (chart), !=, summary);
    g_clear_object (&first);
    first = g_list_model_get_item (model, 0);
    g_assert_cmpfloat (pd_spend_item_get_total (first), !=, before);
    pd_ui_test_visit (window, "overview");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (year)));
    g_settings_set_int (settings, "year", 0);
  }

  pd_ui_test_destroy_window (window);
}

static guint
count_shown_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      n++;
  return n;
}

/* Ctrl+F in the Quality view focuses the indicator search, which keeps the indicators
 * whose name or code has the words typed. */
static void
test_quality_find (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  GtkListBox *list = pd_quality_view_get_indicator_list (quality);
  GtkEditable *search = pd_quality_view_get_search (quality);
  GtkWidget *focus, *first;
  g_autofree char *upper = NULL;
  const char *name;
  guint all;

  pd_ui_test_visit (window, "quality");
  all = count_shown_rows (list);
  g_assert_cmpuint (all, >=, 2);
  first = gtk_widget_get_first_child (GTK_WIDGET (list));
  while (first != NULL && !GTK_IS_LIST_BOX_ROW (first))
    first = gtk_widget_get_next_sibling (first);
  g_assert_nonnull (first);
  name = g_object_get_data (G_OBJECT (first), "indicator-name");
  g_assert_nonnull (name);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (search) || gtk_widget_is_ancestor (focus, GTK_WIDGET (search)));

  /* By its whole name, in capitals: that indicator alone. */
  upper = g_utf8_strup (name, -1);
  gtk_editable_set_text (search, upper);
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (count_shown_rows (list), ==, 1);
  /* By its code. */
  gtk_editable_set_text (search, gtk_widget_get_name (first));
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (count_shown_rows (list), >=, 1);
  g_assert_cmpuint (count_shown_rows (list), <, all);
  gtk_editable_set_text (search, "no such indicator zzz");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (count_shown_rows (list), ==, 0);
  gtk_editable_set_text (search, "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (count_shown_rows (list), ==, all);

  pd_ui_test_destroy_window (window);
}

/* The chart follows the desktop's style, replays its render node between changes and
 * keeps no image while it is out of sight. */
static void
test_chart_theme_and_cache (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  PdChartView *chart = PD_CHART_VIEW (pd_quality_view_get_chart (quality));
  AdwStyleManager *manager = adw_style_manager_get_default ();
  guint renders;
  gint64 start;

  start = g_get_monotonic_time ();
  pd_ui_test_visit (window, "quality");
  g_test_message ("Quality view shown in %.1f ms after the sidebar click",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_cmpint (pd_chart_view_get_theme_kind (chart), ==, PD_CHART_THEME_LIGHT);
  renders = pd_chart_view_get_n_renders (chart);
  g_assert_cmpuint (renders, >=, 1);

  /* A redraw with nothing changed replays the node. */
  gtk_widget_queue_draw (GTK_WIDGET (chart));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (pd_chart_view_get_n_renders (chart), ==, renders);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (pd_chart_view_get_theme_kind (chart), ==, PD_CHART_THEME_DARK);
  g_assert_cmpuint (pd_chart_view_get_n_renders (chart), ==, renders + 1);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (pd_chart_view_get_theme_kind (chart), ==, PD_CHART_THEME_LIGHT);

  /* Out of sight it lets its image go; shown again, it is drawn once more, once. */
  renders = pd_chart_view_get_n_renders (chart);
  pd_ui_test_visit (window, "overview");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_cmpuint (pd_chart_view_get_n_renders (chart), ==, renders);
  pd_ui_test_visit (window, "quality");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (pd_chart_view_get_n_renders (chart), ==, renders + 1);
  gtk_widget_queue_draw (GTK_WIDGET (chart));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (pd_chart_view_get_n_renders (chart), ==, renders + 1);

  /* The menu's actions are there once a chart is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.show-data", NULL));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    gboolean shown = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
            g_strcmp0 (gtk_window_get_title (toplevel),
                       pd_chart_spec_get_title (pd_chart_view_get_spec (chart))) == 0)
          {
            g_autoptr(PdChartTable) table = pd_chart_spec_to_table (pd_chart_view_get_spec (chart));
            g_autofree char *csv = pd_chart_table_to_csv (table);
            PdChartDataWindow *data = PD_CHART_DATA_WINDOW (toplevel);
            GtkColumnView *view = pd_chart_data_window_get_table (data);

            g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                                gtk_column_view_get_model (view))), ==, table->rows->len);
            g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==,
                              table->n_columns);
            g_assert_cmpstr (pd_chart_data_window_get_csv (data), ==, csv);
            /* "Copy as CSV" puts exactly that on the clipboard. */
            g_assert_true (gtk_widget_activate_action (GTK_WIDGET (data), "data.copy-csv", NULL));
            {
              GdkContentProvider *content =
                gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (data)));
              GValue value = G_VALUE_INIT;

              g_value_init (&value, G_TYPE_STRING);
              g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
              g_assert_cmpstr (g_value_get_string (&value), ==, csv);
              g_value_unset (&value);
            }
            gtk_window_destroy (toplevel);
            shown = TRUE;
            break;
          }
      }
    g_assert_true (shown);
  }

  pd_ui_test_destroy_window (window);
}

/* Benchmarks: the funnel and the ranked chart of one indicator; a provider's point opens
 * its SPC chart. */
static void
test_benchmarks (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdBenchmarksView *benchmarks = pd_ui_test_find_one (window, PD_TYPE_BENCHMARKS_VIEW);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  PdChartView *funnel = PD_CHART_VIEW (pd_benchmarks_view_get_funnel (benchmarks));
  PdChartView *ranked = PD_CHART_VIEW (pd_benchmarks_view_get_ranked (benchmarks));
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GError) error = NULL;
  const PdChartGeometry *geometry;
  const PdChartItem *r9b = NULL;

  pd_ui_test_visit (window, "benchmarks");
  pd_benchmarks_view_set_indicator (benchmarks, "CDIFF");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (funnel)));
  g_assert_cmpstr (pd_chart_spec_get_title (pd_chart_view_get_spec (funnel)), ==,
                   "C. difficile infections per 100,000 bed days: providers compared");
  assert_accessible_chart (funnel);
  assert_accessible_chart (ranked);

  /* One point and one interval per provider with totals in the latest year, 2011/12. */
  workspace = pd_workspace_open (demo_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  totals = pd_indicator_totals_query (workspace, "CDIFF", PD_PERIOD_MONTH, "2011-04-01",
                                      "2012-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (funnel, PD_CHART_ITEM_POINT), ==, totals->len);
  g_assert_cmpuint (count_items (ranked, PD_CHART_ITEM_INTERVAL), ==, totals->len);

  /* Harrowden Valley, above the 99.8 % limit in the demo: its point opens its chart. */
  geometry = pd_chart_view_get_geometry (funnel);
  for (guint i = 0; i < pd_chart_geometry_get_n_items (geometry) && r9b == NULL; i++)
    {
      const PdChartItem *item = pd_chart_geometry_get_item (geometry, i);
      g_autofree char *tooltip = NULL;

      if (item->type != PD_CHART_ITEM_POINT)
        continue;
      tooltip = pd_chart_view_dup_tooltip_at (funnel, item->cx, item->cy);
      if (tooltip != NULL && g_str_has_prefix (tooltip, "R9B"))
        r9b = item;
    }
  g_assert_nonnull (r9b);
  g_assert_true (pd_chart_view_activate_at (funnel, r9b->cx, r9b->cy));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_true (gtk_widget_get_mapped (pd_quality_view_get_chart (quality)));
  g_assert_cmpstr (pd_quality_view_get_indicator (quality), ==, "CDIFF");
  g_assert_cmpstr (pd_quality_view_get_provider (quality), ==, "R9B");

  pd_ui_test_destroy_window (window);
}

static char *
row_code (GListModel *rows,
          guint       position)
{
  g_autoptr(PdBenchmarksRow) row = g_list_model_get_item (rows, position);

  g_assert_nonnull (row);
  return g_strdup (pd_benchmarks_row_get_code (row));
}

static char *
selected_group_name (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  g_assert_nonnull (item);
  return g_strdup (gtk_string_object_get_string (item));
}

/* Saves the dialog as a user would, and waits for the write and the new charts. */
static void
save_dialog (PdWindow          *window,
             PdPeerGroupDialog *dialog)
{
  GtkWidget *save = pd_peer_group_dialog_get_save_button (dialog);

  g_assert_true (gtk_widget_get_sensitive (save));
  g_signal_emit_by_name (save, "clicked");
  pd_ui_test_wait_until_idle (window, 60);
}

/* Peer groups made, picked, edited and deleted in the Benchmarks view: the funnel, the
 * ranked chart and the table follow the members. */
static void
test_benchmarks_peer_groups (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdBenchmarksView *benchmarks = pd_ui_test_find_one (window, PD_TYPE_BENCHMARKS_VIEW);
  PdChartView *funnel = PD_CHART_VIEW (pd_benchmarks_view_get_funnel (benchmarks));
  PdChartView *ranked = PD_CHART_VIEW (pd_benchmarks_view_get_ranked (benchmarks));
  GtkDropDown *groups = pd_benchmarks_view_get_group_dropdown (benchmarks);
  GListModel *rows = pd_benchmarks_view_get_rows (benchmarks);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *all_summary = NULL;
  g_autofree char *remembered = NULL;
  g_autofree char *shown = NULL;
  char *members[4] = { NULL };
  PdPeerGroupDialog *dialog;
  GtkWindow *confirm;
  guint all, n_groups;

  pd_ui_test_visit (window, "benchmarks");
  pd_benchmarks_view_set_indicator (benchmarks, "CDIFF");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (pd_benchmarks_view_get_peer_group (benchmarks));
  all = count_items (funnel, PD_CHART_ITEM_POINT);
  g_assert_cmpuint (all, >, 3);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, all);
  all_summary = g_strdup (pd_chart_view_get_summary (funnel));
  n_groups = g_list_model_get_n_items (gtk_drop_down_get_model (groups));
  /* "All providers" and the demo's groups of provider types. */
  g_assert_cmpuint (n_groups, >=, 2);
  shown = selected_group_name (groups);
  g_assert_cmpstr (shown, ==, "All providers");
  g_clear_pointer (&shown, g_free);
  for (guint i = 0; i < 3; i++)
    members[i] = row_code (rows, i);

  /* New… : a name and three providers ticked. */
  pd_benchmarks_view_new_group (benchmarks);
  dialog = PD_PEER_GROUP_DIALOG (pd_benchmarks_view_get_dialog (benchmarks));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_false (gtk_widget_get_sensitive (pd_peer_group_dialog_get_save_button (dialog)));
  gtk_editable_set_text (pd_peer_group_dialog_get_name_entry (dialog), "Test trio");
  gtk_editable_set_text (pd_peer_group_dialog_get_description_entry (dialog), "Three for the test");
  for (guint i = 0; i < 3; i++)
    gtk_check_button_set_active (pd_peer_group_dialog_get_check (dialog, members[i]), TRUE);
  save_dialog (window, dialog);
  g_assert_null (pd_benchmarks_view_get_dialog (benchmarks));

  /* It is picked: three points, three intervals, three rows, and another summary. */
  g_assert_cmpstr (pd_benchmarks_view_get_peer_group (benchmarks), ==, "Test trio");
  shown = selected_group_name (groups);
  g_assert_cmpstr (shown, ==, "Test trio");
  g_clear_pointer (&shown, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (groups)), ==, n_groups + 1);
  g_assert_cmpuint (count_items (funnel, PD_CHART_ITEM_POINT), ==, 3);
  g_assert_cmpuint (count_items (ranked, PD_CHART_ITEM_INTERVAL), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *code = row_code (rows, i);
      g_assert_true (g_strv_contains ((const char * const *) members, code));
    }
  g_assert_cmpstr (pd_chart_view_get_summary (funnel), !=, all_summary);
  remembered = g_settings_get_string (settings, "benchmarks-peer-group");
  g_assert_cmpstr (remembered, ==, "Test trio");
  g_clear_pointer (&remembered, g_free);

  /* The same name again: the dialog says so and stays open with what was typed. */
  pd_benchmarks_view_new_group (benchmarks);
  dialog = PD_PEER_GROUP_DIALOG (pd_benchmarks_view_get_dialog (benchmarks));
  gtk_editable_set_text (pd_peer_group_dialog_get_name_entry (dialog), "Test trio");
  save_dialog (window, dialog);
  g_assert_true (pd_benchmarks_view_get_dialog (benchmarks) == GTK_WINDOW (dialog));
  g_assert_nonnull (pd_peer_group_dialog_get_error (dialog));
  g_assert_nonnull (strstr (pd_peer_group_dialog_get_error (dialog), "“Test trio” exists already"));
  gtk_window_close (GTK_WINDOW (dialog));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (pd_benchmarks_view_get_dialog (benchmarks));

  /* Edit… : the members come ticked; one fewer and a new name. */
  pd_benchmarks_view_edit_group (benchmarks);
  dialog = PD_PEER_GROUP_DIALOG (pd_benchmarks_view_get_dialog (benchmarks));
  pd_ui_test_wait_until_idle (window, 60);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  pd_ui_test_screenshot (GTK_WIDGET (dialog), "peer-group-dialog.png");
  g_assert_cmpstr (gtk_editable_get_text (pd_peer_group_dialog_get_name_entry (dialog)), ==, "Test trio");
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_check_button_get_active (pd_peer_group_dialog_get_check (dialog, members[i])));
  gtk_check_button_set_active (pd_peer_group_dialog_get_check (dialog, members[2]), FALSE);
  gtk_editable_set_text (pd_peer_group_dialog_get_name_entry (dialog), "Test pair");
  save_dialog (window, dialog);
  g_assert_cmpstr (pd_benchmarks_view_get_peer_group (benchmarks), ==, "Test pair");
  g_assert_cmpuint (count_items (funnel, PD_CHART_ITEM_POINT), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);

  /* "All providers" from the dropdown, then back to the pair. */
  gtk_drop_down_set_selected (groups, 0);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (pd_benchmarks_view_get_peer_group (benchmarks));
  g_assert_cmpuint (count_items (funnel, PD_CHART_ITEM_POINT), ==, all);
  pd_benchmarks_view_set_peer_group (benchmarks, "Test pair");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpuint (count_items (funnel, PD_CHART_ITEM_POINT), ==, 2);

  /* Delete… asks first; the answer deletes it and every provider is back. */
  pd_benchmarks_view_delete_group (benchmarks);
  confirm = pd_benchmarks_view_get_dialog (benchmarks);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_null (pd_benchmarks_view_get_peer_group (benchmarks));
  g_assert_cmpuint (count_items (funnel, PD_CHART_ITEM_POINT), ==, all);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (groups)), ==, n_groups);
  remembered = g_settings_get_string (settings, "benchmarks-peer-group");
  g_assert_cmpstr (remembered, ==, "");

  for (guint i = 0; i < 3; i++)
    g_free (members[i]);
  pd_ui_test_destroy_window (window);
}

/* The table: sorted by a column header, filtered by the search, found by Ctrl+F. */
static void
test_benchmarks_table (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdBenchmarksView *benchmarks = pd_ui_test_find_one (window, PD_TYPE_BENCHMARKS_VIEW);
  GtkColumnView *table = pd_benchmarks_view_get_table (benchmarks);
  GListModel *rows = pd_benchmarks_view_get_rows (benchmarks);
  GtkEditable *search = pd_benchmarks_view_get_search (benchmarks);
  g_autoptr(GListModel) columns = NULL;
  g_autoptr(GtkColumnViewColumn) value_column = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GArray) totals = NULL;
  g_autoptr(PdBenchmarksRow) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lowest = NULL;
  g_autofree char *highest = NULL;
  g_autofree char *upper = NULL;
  GtkWidget *focus;
  double max = -G_MAXDOUBLE, min = G_MAXDOUBLE;

  pd_ui_test_visit (window, "benchmarks");
  pd_benchmarks_view_set_peer_group (benchmarks, NULL);
  pd_benchmarks_view_set_indicator (benchmarks, "CDIFF");
  pd_ui_test_wait_until_idle (window, 60);

  /* The providers with totals in 2011/12, the highest and lowest rate worked out from
   * the domain's totals. */
  workspace = pd_workspace_open (demo_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  totals = pd_indicator_totals_query (workspace, "CDIFF", PD_PERIOD_MONTH, "2011-04-01",
                                      "2012-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, totals->len);
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *t = &g_array_index (totals, PdIndicatorTotal, i);

      if (t->value > max)
        {
          max = t->value;
          g_free (highest);
          highest = g_strdup (t->provider);
        }
      if (t->value < min)
        {
          min = t->value;
          g_free (lowest);
          lowest = g_strdup (t->provider);
        }
    }

  /* A click on the Value header sorts; a second click turns it round. */
  columns = gtk_column_view_get_columns (table);
  g_object_ref (columns);
  value_column = g_list_model_get_item (columns, 3);
  g_assert_cmpstr (gtk_column_view_column_get_title (value_column), ==, "Value");
  gtk_column_view_sort_by_column (table, value_column, GTK_SORT_DESCENDING);
  first = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (pd_benchmarks_row_get_code (first), ==, highest);
  g_assert_cmpfloat_with_epsilon (pd_benchmarks_row_get_value (first), max, 1e-9 * fabs (max));
  g_clear_object (&first);
  gtk_column_view_sort_by_column (table, value_column, GTK_SORT_ASCENDING);
  first = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (pd_benchmarks_row_get_code (first), ==, lowest);

  /* Ctrl+F focuses the filter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (search) || gtk_widget_is_ancestor (focus, GTK_WIDGET (search)));

  /* By code, by part of the name in capitals, by nothing that matches. */
  gtk_editable_set_text (search, highest);
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_clear_object (&first);
  first = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (pd_benchmarks_row_get_code (first), ==, highest);
  upper = g_utf8_strup (pd_benchmarks_row_get_name (first), -1);
  gtk_editable_set_text (search, upper);
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 1);
  gtk_editable_set_text (search, "no such provider zzz");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  gtk_editable_set_text (search, "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, totals->len);

  g_clear_object (&first);
  pd_ui_test_destroy_window (window);
}

/* CQUIN's quarter selector: the money beside the chart is the payment engine's for the
 * quarter picked, and for the year to date. */
static void
test_cquin_quarters (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdCquinView *cquin = pd_ui_test_find_one (window, PD_TYPE_CQUIN_VIEW);
  GtkDropDown *quarters = pd_cquin_view_get_quarter_dropdown (cquin);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GArray) years = NULL;
  g_autoptr(PdCquinReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *year_text = NULL;
  const PdCquinSchemeItem *scheme = NULL;
  gint64 earned[5] = { 0 };
  guint scheme_index = 0, n_indicators = 0, n_bars = 0;

  pd_ui_test_visit (window, "cquin");
  g_assert_cmpstr (pd_cquin_view_get_commissioner (cquin), ==, "0Y5");
  g_assert_cmpstr (pd_cquin_view_get_provider (cquin), ==, "R9A");

  /* What the engine priced for Fenmoor's scheme with R9A, quarter by quarter. */
  workspace = pd_workspace_open (demo_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  years = pd_cquin_years_query (workspace, &error);
  g_assert_no_error (error);
  report = pd_cquin_report_query (workspace, g_array_index (years, int, years->len - 1),
                                  "0Y5", "R9A", &error);
  g_assert_no_error (error);
  for (guint s = 0; s < report->schemes->len; s++)
    if (scheme == NULL ||
        g_array_index (report->schemes, PdCquinSchemeItem, s).contract_value_pence > scheme->contract_value_pence)
      {
        scheme = &g_array_index (report->schemes, PdCquinSchemeItem, s);
        scheme_index = s;
      }
  g_assert_nonnull (scheme);
  for (guint m = 0; m < report->milestones->len; m++)
    {
      const PdCquinMilestoneItem *ms = &g_array_index (report->milestones, PdCquinMilestoneItem, m);

      if (g_array_index (report->indicators, PdCquinIndicatorItem, ms->indicator).scheme == scheme_index)
        earned[ms->quarter] += ms->payment.earned_pence;
    }
  for (guint i = 0; i < report->indicators->len; i++)
    n_indicators += g_array_index (report->indicators, PdCquinIndicatorItem, i).scheme == scheme_index;
  g_assert_cmpint (earned[1] + earned[2] + earned[3] + earned[4], ==, scheme->totals.earned_pence);
  g_assert_cmpint (earned[2], !=, earned[3]);

  /* The year to date first: the scheme's earnings. */
  g_assert_cmpuint (pd_cquin_view_get_quarter (cquin), ==, 0);
  year_text = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, scheme->totals.earned_pence / 100.0, 0);
  g_assert_cmpstr (pd_cquin_view_get_money_text (cquin, "earned"), ==, year_text);

  /* Q2, then Q3, as picked from the dropdown. */
  for (guint q = 2; q <= 3; q++)
    {
      g_autofree char *expected = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, earned[q] / 100.0, 0);

      gtk_drop_down_set_selected (quarters, q);
      pd_ui_test_wait_until_idle (window, 60);
      g_assert_cmpuint (pd_cquin_view_get_quarter (cquin), ==, q);
      g_assert_cmpstr (pd_cquin_view_get_money_text (cquin, "earned"), ==, expected);
    }
  g_assert_cmpstr (pd_cquin_view_get_money_text (cquin, "earned"), !=, year_text);

  /* A progress bar for each of the scheme's indicators. */
  for (GtkWidget *child = gtk_widget_get_first_child (pd_cquin_view_get_progress_box (cquin));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n_bars += GTK_IS_PROGRESS_BAR (child);
  g_assert_cmpuint (n_bars, ==, n_indicators);
  g_assert_cmpuint (n_bars, >, 0);

  gtk_drop_down_set_selected (quarters, 0);
  pd_ui_test_destroy_window (window);
}

/* CQUIN: the commissioner's contracts, one provider's scheme at a time. */
static void
test_cquin (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdCquinView *cquin = pd_ui_test_find_one (window, PD_TYPE_CQUIN_VIEW);
  PdChartView *chart = PD_CHART_VIEW (pd_cquin_view_get_chart (cquin));
  GtkDropDown *providers = pd_cquin_view_get_provider_dropdown (cquin);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint expected;

  pd_ui_test_visit (window, "cquin");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_cmpstr (pd_cquin_view_get_commissioner (cquin), ==, "0Y5");

  /* The providers with a scheme under Fenmoor's contracts in the latest year. */
  g_assert_cmpint (sqlite3_open_v2 (demo_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count (DISTINCT provider) FROM cquin_schemes "
                                       "WHERE commissioner = '0Y5' AND year = "
                                       "(SELECT max (year) FROM cquin_schemes)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  expected = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (expected, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (providers)), ==, expected);

  g_assert_true (g_str_has_prefix (pd_chart_spec_get_title (pd_chart_view_get_spec (chart)),
                                   "CQUIN progress: R9A Northvale General Hospital"));
  assert_accessible_chart (chart);
  g_assert_cmpuint (count_items (chart, PD_CHART_ITEM_CELL), >, 0);

  gtk_drop_down_set_selected (providers, 1);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_cquin_view_get_provider (cquin), ==, "R9J");
  g_assert_true (g_str_has_prefix (pd_chart_spec_get_title (pd_chart_view_get_spec (chart)),
                                   "CQUIN progress: R9J "));

  pd_ui_test_destroy_window (window);
}

/* The outlook: the controls re-project, the savings follow the core's projection. */
static void
test_outlook (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdOutlookView *outlook = pd_ui_test_find_one (window, PD_TYPE_OUTLOOK_VIEW);
  PdChartView *chart = PD_CHART_VIEW (pd_outlook_view_get_chart (outlook));
  GtkListBox *savings = pd_outlook_view_get_savings (outlook);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GArray) years = NULL;
  g_autoptr(GArray) projection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  PdFinanceScenario scenario = { 0 };
  const PdFinanceYear *base = NULL;
  GtkWidget *first;
  guint n_rows = 0;

  pd_ui_test_visit (window, "outlook");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_cmpstr (pd_chart_spec_get_title (pd_chart_view_get_spec (chart)), ==,
                   "Financial outlook: Fenmoor PCT");
  assert_accessible_chart (chart);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (savings));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 4);

  /* A 5 % cut: the first year's savings are what the core projects for it. */
  summary = g_strdup (pd_chart_view_get_summary (chart));
  pd_outlook_view_set_scenario (outlook, 2.5, 3.0, 5.0);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_chart_view_get_summary (chart), !=, summary);

  workspace = pd_workspace_open (demo_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  years = pd_finance_outlook_query (workspace, "0Y5", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, PdFinanceYear, i).has_allocation &&
        g_array_index (years, PdFinanceYear, i).spend_rows > 0)
      base = &g_array_index (years, PdFinanceYear, i);
  g_assert_nonnull (base);
  scenario.base_year = base->year;
  scenario.base_allocation_pence = base->allocation_pence;
  scenario.base_spend_pence = base->spend_pence;
  scenario.growth_until_year = base->year;
  scenario.inflation_percent = 2.5;
  scenario.demand_percent = 3.0;
  scenario.real_cut_percent = 5.0;
  scenario.n_years = 4;
  projection = pd_finance_project (&scenario, &error);
  g_assert_no_error (error);
  expected = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                    g_array_index (projection, PdFinanceProjection, 0).savings_pence
                                    / 100.0, 0);
  first = gtk_widget_get_first_child (GTK_WIDGET (savings));
  g_assert_true (pd_ui_test_shows_label (first, expected));
  g_test_message ("first year's savings at a 5 %% cut: %s", expected);

  pd_ui_test_destroy_window (window);
}

/* Triangulation: one provider the commissioner pays, its signals on one axis and its
 * latest incidents and concerns in words. */
static void
test_triangulation (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdTriangulationView *view = pd_ui_test_find_one (window, PD_TYPE_TRIANGULATION_VIEW);
  PdChartView *chart = PD_CHART_VIEW (pd_triangulation_view_get_chart (view));
  GtkDropDown *providers = pd_triangulation_view_get_provider_dropdown (view);
  GtkListBox *events = pd_triangulation_view_get_events (view);
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  guint rows, columns, n_rows = 0;

  pd_ui_test_visit (window, "triangulation");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  count_matrix ("0Y5", &rows, &columns);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (providers)), ==, columns);
  assert_accessible_chart (chart);

  /* Harrowden Valley, third by code of the providers Fenmoor pays. */
  gtk_drop_down_set_selected (providers, 2);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_triangulation_view_get_provider (view), ==, "R9B");
  g_assert_true (g_str_has_prefix (pd_chart_spec_get_title (pd_chart_view_get_spec (chart)),
                                   "Triangulation: R9B "));
  workspace = pd_workspace_open (demo_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  expected = pd_events_query (workspace, "R9B", NULL, NULL,
                              PD_EVENT_TYPE_BIT (PD_EVENT_SERIOUS_INCIDENT) |
                              PD_EVENT_TYPE_BIT (PD_EVENT_NEVER_EVENT) |
                              PD_EVENT_TYPE_BIT (PD_EVENT_CONCERN) |
                              PD_EVENT_TYPE_BIT (PD_EVENT_REGULATOR_NOTICE), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >, 8);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (events));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 8);
  /* Newest first: the first row is dated as the last event. */
  g_assert_true (pd_ui_test_shows_label (gtk_widget_get_first_child (GTK_WIDGET (events)),
                              g_array_index (expected, PdEvent, expected->len - 1).date));

  pd_ui_test_destroy_window (window);
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

/* By keyboard: the arrows walk the matrix's cells, Enter opens the one focused. */
static void
test_chart_keyboard (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdOverviewView *overview = pd_ui_test_find_one (window, PD_TYPE_OVERVIEW_VIEW);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  GtkWidget *matrix;
  const PdChartItem *second;

  pd_ui_test_visit (window, "overview");
  matrix = pd_overview_view_get_matrix (overview);
  g_assert_true (gtk_widget_get_focusable (matrix));
  g_assert_true (gtk_widget_grab_focus (matrix));
  g_assert_true (press_key (matrix, GDK_KEY_Right));
  g_assert_true (press_key (matrix, GDK_KEY_Right));
  second = pd_chart_geometry_get_item (pd_chart_view_get_geometry (PD_CHART_VIEW (matrix)), 1);
  g_assert_cmpint (second->type, ==, PD_CHART_ITEM_CELL);
  /* Shift+F10 and the Menu key open the chart's menu where a right click would. */
  {
    g_autoptr(GPtrArray) popovers = g_ptr_array_new ();

    g_assert_true (gtk_widget_activate_action (matrix, "chart.menu", NULL));
    pd_ui_test_collect (matrix, GTK_TYPE_POPOVER_MENU, popovers);
    g_assert_cmpuint (popovers->len, ==, 1);
    g_assert_true (gtk_widget_get_visible (g_ptr_array_index (popovers, 0)));
    gtk_popover_popdown (g_ptr_array_index (popovers, 0));
  }
  g_assert_true (press_key (matrix, GDK_KEY_Return));
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpstr (pd_quality_view_get_provider (quality), ==,
                   pd_overview_view_get_provider_at (overview, second->index));
  /* The provider reports the indicator, or Quality shows the provider's first. */
  g_assert_nonnull (pd_quality_view_get_indicator (quality));

  pd_ui_test_destroy_window (window);
}

static GtkWindow *
find_transient (PdWindow *window,
                GType     type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return toplevel;
    }
  return NULL;
}

/* The chart's menu: copy the image, save it as a file the extension names. */
static void
test_chart_menu (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  PdChartView *chart = PD_CHART_VIEW (pd_quality_view_get_chart (quality));
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "falls.pdf", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GtkFileChooser *chooser;
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;
  int width;

  pd_ui_test_visit (window, "quality");
  pd_quality_view_show (quality, "FALLS", "R9B");
  pd_ui_test_wait_until_idle (window, 60);
  width = gtk_widget_get_width (GTK_WIDGET (chart));

  /* Copied at twice the size on screen, for a sharp paste into a document. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.copy-image", NULL));
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (chart)));
  g_assert_nonnull (content);
  g_value_init (&value, GDK_TYPE_TEXTURE);
  g_assert_true (gdk_content_provider_get_value (content, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (g_value_get_object (&value)), ==, 2 * MAX (width, 640));
  g_value_unset (&value);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.save-as", NULL));
  chooser = GTK_FILE_CHOOSER (find_transient (window, GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  filters = gtk_file_chooser_get_filters (chooser);
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 3);
  /* Named after the chart's title. */
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
    g_assert_true (g_str_has_prefix (name, "Inpatient falls per 1,000 bed days"));
    g_assert_true (g_str_has_suffix (name, ".png"));
  }
  /* Typed as a whole path: without a portal, GtkFileChooserNative 4.8 resolves a bare
   * name against its own folder, not the one the dialog was moved to. */
  g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, &error));
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (chooser, path);

  /* The chooser takes the folder once it has listed it, in the main loop. */
  {
    g_autoptr(GFile) expected = g_file_new_for_path (path);
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

        if (chosen != NULL && g_file_equal (chosen, expected))
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!g_file_test (path, G_FILE_TEST_EXISTS))
      {
        GtkWindow *dialog = find_transient (window, ADW_TYPE_MESSAGE_DIALOG);

        if (dialog != NULL)
          g_error ("saving failed: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
      }
  }

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  pd_ui_test_destroy_window (window);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

/* The ranking's first row opens the provider's first indicator of concern. */
static void
test_ranking_opens_quality (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdOverviewView *overview = pd_ui_test_find_one (window, PD_TYPE_OVERVIEW_VIEW);
  PdQualityView *quality = pd_ui_test_find_one (window, PD_TYPE_QUALITY_VIEW);
  GtkListBox *ranking = pd_overview_view_get_ranking (overview);
  GtkWidget *first;

  pd_ui_test_visit (window, "overview");
  first = gtk_widget_get_first_child (GTK_WIDGET (ranking));
  g_assert_nonnull (first);
  /* Harrowden Valley: 15 indicators in concern in the demo, the top of Fenmoor's list. */
  g_assert_cmpstr (gtk_widget_get_name (first), ==, "R9B");
  g_signal_emit_by_name (ranking, "row-activated", first);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_true (gtk_widget_get_mapped (pd_quality_view_get_chart (quality)));
  g_assert_cmpstr (pd_quality_view_get_provider (quality), ==, "R9B");
  g_assert_nonnull (pd_quality_view_get_indicator (quality));
  g_assert_nonnull (strstr (pd_chart_view_get_summary (PD_CHART_VIEW (pd_quality_view_get_chart (quality))),
                            "Harrowden Valley"));

  pd_ui_test_destroy_window (window);
}

/* A workspace with organisations only: each view says what to import, none shows an
 * error, and the Quality view's provider list is still there. */
static void
test_empty_views (void)
{
  static const char organisations_csv[] =
    "code,name,role,type,region,population\n"
    "5QA,Northvale PCT,commissioner,pct,North,310000\n"
    "RXX,Riverside Hospital NHS Trust,provider,acute,North,\n";
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *csv = pd_test_write_file (dir, "organisations.csv", organisations_csv, -1);
  g_autofree char *path = g_build_filename (dir, "small.pctdash", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PdImportOptions options = { .kind = PD_KIND_UNKNOWN };
  PdWindow *window;

  {
    g_autoptr(PdWorkspace) workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
    g_autoptr(PdImportReport) report = NULL;

    g_assert_no_error (error);
    report = pd_import_file (workspace, csv, &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report->problems->len, ==, 0);
  }

  g_application_open (G_APPLICATION (application), &file, 1, "");
  window = g_object_ref (PD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application))));
  pd_ui_test_wait_until_idle (window, 60);

  pd_ui_test_visit (window, "overview");
  {
    PdOverviewView *overview = pd_ui_test_find_one (window, PD_TYPE_OVERVIEW_VIEW);
    PdChartView *matrix = PD_CHART_VIEW (pd_overview_view_get_matrix (overview));

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (matrix)));
    g_assert_cmpuint (count_items (matrix, PD_CHART_ITEM_CELL), ==, 0);
    g_assert_true (pd_chart_geometry_has_message (pd_chart_view_get_geometry (matrix)));
  }
  pd_ui_test_visit (window, "spend");
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "No Spend"));
  g_assert_false (pd_ui_test_shows_label (GTK_WIDGET (window), "Could Not Read the Spend"));
  pd_ui_test_visit (window, "quality");
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (window), "No Quality Indicators"));

  pd_ui_test_destroy_window (window);
  pd_test_scratch_free (g_steal_pointer (&dir));
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

  /* GTK's test AT context keeps the accessible properties the tests read, and needs no
   * session bus (the suite's GTK_A11Y=none keeps no context at all). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  /* The demo region, built once through the importer from the bundled CSVs. */
  demo_path = g_build_filename (scratch, "demo.pctdash", NULL);
  g_assert_true (pd_demo_build (NULL, demo_path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  application = g_object_new (PD_TYPE_APPLICATION,
                              "application-id", APPLICATION_ID,
                              "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/pctdash/ui/views/overview", test_overview);
  g_test_add_func ("/pctdash/ui/views/cell-opens-quality", test_cell_opens_quality);
  g_test_add_func ("/pctdash/ui/views/spend", test_spend);
  g_test_add_func ("/pctdash/ui/views/benchmarks", test_benchmarks);
  g_test_add_func ("/pctdash/ui/views/cquin", test_cquin);
  g_test_add_func ("/pctdash/ui/views/cquin-quarters", test_cquin_quarters);
  g_test_add_func ("/pctdash/ui/views/benchmarks-peer-groups", test_benchmarks_peer_groups);
  g_test_add_func ("/pctdash/ui/views/benchmarks-table", test_benchmarks_table);
  g_test_add_func ("/pctdash/ui/views/outlook", test_outlook);
  g_test_add_func ("/pctdash/ui/views/triangulation", test_triangulation);
  g_test_add_func ("/pctdash/ui/views/chart-theme-and-cache", test_chart_theme_and_cache);
  g_test_add_func ("/pctdash/ui/views/quality-find", test_quality_find);
  g_test_add_func ("/pctdash/ui/views/chart-menu", test_chart_menu);
  g_test_add_func ("/pctdash/ui/views/empty-views", test_empty_views);
  g_test_add_func ("/pctdash/ui/views/chart-keyboard", test_chart_keyboard);
  g_test_add_func ("/pctdash/ui/views/ranking-opens-quality", test_ranking_opens_quality);

  status = g_test_run ();

  g_clear_object (&application);
  g_free (demo_path);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
