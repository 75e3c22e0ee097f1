/* test-view-filters.c — the Spend table's filter and the CQUIN quarter kept between
 * windows, on the demo workspace under Xvfb
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "import/pd-demo.h"
#include "pd-cquin-view.h"
#include "pd-spend-view.h"
#include "pd-test-util.h"
#include "pd-ui-test-util.h"
#include "pd-window.h"

static PdApplication *application;
static char *scratch;
static char *demo_path;

/* Types @text into the filter as a user would and lets the search settle. */
static void
filter_table (PdWindow    *window,
              PdSpendView *spend,
              const char  *text)
{
  GtkEditable *search = pd_spend_view_get_search (spend);

  gtk_editable_set_text (search, text);
  /* GtkSearchEntry waits before it says search-changed; say it now. */
  g_signal_emit_by_name (search, "search-changed");
  pd_ui_test_wait_until_idle (window, 30);
}

/* The codes of the rows the table shows, in its order. */
static GPtrArray *
shown_codes (PdSpendView *spend)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (pd_spend_view_get_table (spend)));
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdSpendItem) item = g_list_model_get_item (model, i);

      g_ptr_array_add (codes, g_strdup (pd_spend_item_get_code (item)));
    }
  return codes;
}

/* Ctrl+F in Spend focuses the table's filter; it keeps the commissioners whose name or
 * code holds the text, ignoring case, still sorted by the column clicked. */
static void
test_spend_filter (void)
{
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdSpendView *spend = pd_ui_test_find_one (window, PD_TYPE_SPEND_VIEW);
  GtkEditable *search = pd_spend_view_get_search (spend);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (pd_spend_view_get_table (spend)));
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *focus;
  guint n_all;

  pd_ui_test_visit (window, "spend");
  all = shown_codes (spend);
  n_all = all->len;
  /* Fenmoor PCT (0Y5) and its peers, Northvale PCT (5Z1) among them. */
  g_assert_cmpuint (n_all, >=, 3);
  g_assert_true (g_ptr_array_find_with_equal_func (all, "5Z1", g_str_equal, NULL));
  caption = g_strdup_printf ("%u commissioners", n_all);
  g_assert_cmpstr (pd_spend_view_get_table_caption (spend), ==, caption);
  g_assert_true (pd_ui_test_shows_label (GTK_WIDGET (spend), caption));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (search) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (search)));

  /* By name, in any case: only Northvale. */
  filter_table (window, spend, "NORTHVALE");
  shown = shown_codes (spend);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, "5Z1");
  g_clear_pointer (&caption, g_free);
  caption = g_strdup_printf ("1 of %u commissioners match", n_all);
  g_assert_cmpstr (pd_spend_view_get_table_caption (spend), ==, caption);
  g_clear_pointer (&shown, g_ptr_array_unref);

  /* By code, with the spaces a paste brings. */
  filter_table (window, spend, "  0y5 ");
  shown = shown_codes (spend);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, "0Y5");
  g_clear_pointer (&shown, g_ptr_array_unref);

  /* "PCT" is in every name: all rows, and still the largest spender first. */
  filter_table (window, spend, "pct");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_all);
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PdSpendItem) before = g_list_model_get_item (model, i - 1);
      g_autoptr(PdSpendItem) item = g_list_model_get_item (model, i);

      g_assert_cmpfloat (pd_spend_item_get_total (before), >=, pd_spend_item_get_total (item));
    }

  /* Nothing matches: an empty table that says so. */
  filter_table (window, spend, "no such commissioner");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_clear_pointer (&caption, g_free);
  caption = g_strdup_printf ("0 of %u commissioners match", n_all);
  g_assert_cmpstr (pd_spend_view_get_table_caption (spend), ==, caption);
  pd_ui_test_screenshot (GTK_WIDGET (window), "spend-filter-none.png");

  /* A reload (another year) keeps the filter. */
  filter_table (window, spend, "Northvale");
  pd_spend_view_set_year (spend, 2009);
  pd_ui_test_wait_until_idle (window, 60);
  shown = shown_codes (spend);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, "5Z1");
  pd_ui_test_screenshot (GTK_WIDGET (window), "spend-filter.png");
  pd_spend_view_set_year (spend, 0);
  pd_ui_test_wait_until_idle (window, 60);

  /* Cleared: every row again. */
  filter_table (window, spend, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_all);

  pd_ui_test_destroy_window (window);
}

/* The quarter picked in CQUIN is there again in the next window, with its money. */
static void
test_cquin_quarter_remembered (void)
{
  GSettings *settings = pd_application_get_settings (application);
  PdWindow *window = pd_ui_test_open_file (application, demo_path);
  PdCquinView *cquin = pd_ui_test_find_one (window, PD_TYPE_CQUIN_VIEW);
  g_autofree char *year_earned = NULL;
  g_autofree char *q3_earned = NULL;

  g_assert_cmpuint (g_settings_get_uint (settings, "cquin-quarter"), ==, 0);
  pd_ui_test_visit (window, "cquin");
  g_assert_cmpuint (pd_cquin_view_get_quarter (cquin), ==, 0);
  year_earned = g_strdup (pd_cquin_view_get_money_text (cquin, "earned"));

  gtk_drop_down_set_selected (pd_cquin_view_get_quarter_dropdown (cquin), 3);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpuint (g_settings_get_uint (settings, "cquin-quarter"), ==, 3);
  q3_earned = g_strdup (pd_cquin_view_get_money_text (cquin, "earned"));
  g_assert_cmpstr (q3_earned, !=, year_earned);
  pd_ui_test_destroy_window (window);

  window = pd_ui_test_open_file (application, demo_path);
  cquin = pd_ui_test_find_one (window, PD_TYPE_CQUIN_VIEW);
  pd_ui_test_visit (window, "cquin");
  g_assert_cmpuint (pd_cquin_view_get_quarter (cquin), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (pd_cquin_view_get_quarter_dropdown (cquin)), ==,
                    3);
  g_assert_cmpstr (pd_cquin_view_get_money_text (cquin, "earned"), ==, q3_earned);

  /* A value from elsewhere (another copy of the app) moves the open view too. */
  g_settings_set_uint (settings, "cquin-quarter", 0);
  pd_ui_test_wait_until_idle (window, 60);
  g_assert_cmpuint (pd_cquin_view_get_quarter (cquin), ==, 0);
  g_assert_cmpstr (pd_cquin_view_get_money_text (cquin, "earned"), ==, year_earned);
  pd_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  scratch = pd_ui_test_init (&argc, &argv);
  demo_path = g_build_filename (scratch, "demo.pctdash", NULL);
  g_assert_true (pd_demo_build (NULL, demo_path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  application = pd_ui_test_application_new ();

  g_test_add_func ("/pctdash/ui/view-filters/spend-filter", test_spend_filter);
  g_test_add_func ("/pctdash/ui/view-filters/cquin-quarter-remembered",
                   test_cquin_quarter_remembered);

  status = g_test_run ();

  g_clear_object (&application);
  g_free (demo_path);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
