/* test-chart-query.c — every chart from the demo workspace, through the library and the CLI
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "chart/pd-chart.h"
#include "chart/pd-chart-query.h"
#include "domain/pd-domain.h"
#include "domain/pd-indicators.h"
#include "domain/pd-spend.h"
#include "import/pd-demo.h"
#include "pd-test-util.h"

static char *scratch;
static char *workspace_path;

static PdChartSpec *
build (PdChartKind         kind,
       const PdChartQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY,
                                                        &error);
  PdChartSpec *spec;

  g_assert_no_error (error);
  spec = pd_chart_query_build (workspace, kind, query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spec);
  return spec;
}

static gsize
count_differing (cairo_surface_t *surface)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 first = *(const guint32 *) data;
  gsize n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      n += *(const guint32 *) (data + y * stride + x * 4) != first;
  return n;
}

static void
test_every_kind_from_demo (void)
{
  static const struct { PdChartKind kind; PdChartQuery query; } cases[] = {
    { PD_CHART_KIND_SPEND_MIX, { .commissioner = "5Z3" } },
    { PD_CHART_KIND_SPEND_MIX, { .commissioner = "5Z3", .over_years = TRUE } },
    { PD_CHART_KIND_SPEND_MIX, { .commissioner = "5Z3", .per_head = TRUE } },
    { PD_CHART_KIND_OUTLOOK, { .commissioner = "5Z3" } },
    { PD_CHART_KIND_CQUIN, { .provider = "R9E", .year = 2009 } },
    { PD_CHART_KIND_SPC, { .indicator = "VTE", .provider = "R9E" } },
    { PD_CHART_KIND_FUNNEL, { .indicator = "READM28", .provider = "R9B", .year = 2010 } },
    { PD_CHART_KIND_RANKED, { .indicator = "FFT", .provider = "R9B", .year = 2011 } },
    { PD_CHART_KIND_MATRIX, { 0 } },
    { PD_CHART_KIND_HEATMAP, { 0 } },
    { PD_CHART_KIND_TIMELINE, { .provider = "R9B" } },
    { PD_CHART_KIND_QUADRANT, { .indicator = "READM28", .provider = "R9B" } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(PdChartSpec) spec = build (cases[c].kind, &cases[c].query);
      g_autoptr(PdChartGeometry) geometry = NULL;
      g_autofree char *summary = pd_chart_spec_summarize (spec);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600, 900);
      cairo_t *cr = cairo_create (surface);
      PdChartTheme theme;

      pd_chart_theme_init (&theme, PD_CHART_THEME_LIGHT);
      pd_chart_render (spec, &theme, cr, 1600, 900, &geometry);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      g_test_message ("%s: %s", pd_chart_kind_to_string (cases[c].kind), summary);
      g_assert_false (pd_chart_geometry_has_message (geometry));
      g_assert_cmpuint (pd_chart_geometry_get_n_items (geometry), >, 4);
      g_assert_cmpuint (count_differing (surface), >, 1600 * 900 / 25);
      g_assert_null (strstr (summary, "No data"));
      cairo_surface_destroy (surface);

      /* Sampled (PCTDASH_TEST_SAMPLE): the first and last format (PNG and PDF). */
      for (PdChartFileFormat f = PD_CHART_FILE_PNG; f <= PD_CHART_FILE_PDF; f++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) bytes = NULL;

          if (!pd_test_sample_take (f - PD_CHART_FILE_PNG, PD_CHART_FILE_PDF - PD_CHART_FILE_PNG + 1))
            continue;
          bytes = pd_chart_render_to_bytes (spec, &theme, f, 800, 450, 1, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (bytes), >, 5000);
        }
    }
}

/* data/demo/README.md: in 2011/12 Redmarsh (5Z3) spends about £1,070 a weighted head on
 * acute contracts against its peers' £824, and a third of their spend a head on
 * community nursing and health visiting; the chart's table says so, and says what the
 * domain query says. */
static void
test_demo_per_head (void)
{
  PdChartQuery query = { .commissioner = "5Z3", .year = 2011, .per_head = TRUE };
  g_autoptr(PdChartSpec) spec = build (PD_CHART_KIND_SPEND_MIX, &query);
  g_autoptr(PdChartTable) table = pd_chart_spec_to_table (spec);
  g_autofree char *summary = pd_chart_spec_summarize (spec);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY,
                                                        &error);
  const char * const peers[] = { "5Z1", "5Z2", "0Y5", "5Z4", NULL };
  const char * const all[] = { "5Z3", "5Z1", "5Z2", "0Y5", "5Z4", NULL };
  g_autoptr(PdSpendMix) mix = NULL;
  double peer_mean = 0, table_acute = NAN, table_median = NAN, table_community = NAN,
         table_community_median = NAN;
  int acute, row;

  g_assert_no_error (error);
  g_assert_true (pd_chart_spec_is_per_head (spec));
  mix = pd_spend_mix_query (workspace, 2011, 2011, all, &error);
  g_assert_no_error (error);
  acute = pd_spend_mix_find_category (mix, "Acute contracts");
  g_assert_cmpint (acute, >=, 0);
  for (guint i = 0; peers[i] != NULL; i++)
    peer_mean += pd_spend_mix_cell (mix, pd_spend_mix_find_row (mix, peers[i], -1), acute)->pence_per_head / 100.0 / 4;
  row = pd_spend_mix_find_row (mix, "5Z3", -1);
  g_assert_cmpint (row, >=, 0);

  for (guint i = 0; i < table->rows->len; i++)
    {
      char **cells = g_ptr_array_index (table->rows, i);
      if (!g_str_has_prefix (cells[0], "5Z3 "))
        continue;
      if (strcmp (cells[1], "Acute contracts") == 0)
        {
          g_autofree char *domain = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                           pd_spend_mix_cell (mix, row, acute)->pence_per_head / 100.0, 0);
          /* Exactly the domain layer's figure, formatted as the chart writes it. */
          g_assert_cmpstr (cells[2], ==, domain);
          table_acute = g_ascii_strtod (cells[2] + strlen ("£"), NULL) * 1000 +
                        g_ascii_strtod (strchr (cells[2], ',') + 1, NULL);
          table_median = g_ascii_strtod (cells[3] + strlen ("£"), NULL);
        }
      else if (strcmp (cells[1], "Community nursing") == 0)
        {
          table_community = g_ascii_strtod (cells[2] + strlen ("£"), NULL);
          table_community_median = g_ascii_strtod (cells[3] + strlen ("£"), NULL);
        }
    }
  g_test_message ("5Z3 acute £%.0f a head, peers' median £%.0f, peers' mean £%.0f",
                  table_acute, table_median, peer_mean);
  g_assert_cmpfloat (fabs (table_acute - 1070), <=, 15);
  g_assert_cmpfloat (fabs (peer_mean - 824), <=, 10);
  /* The median marked is the peers' (5Z3 left out), close to their mean. */
  g_assert_cmpfloat (fabs (table_median - peer_mean), <=, 15);
  g_assert_cmpfloat (table_community, <, table_community_median / 2);
  g_assert_nonnull (strstr (summary, "5Z3 Redmarsh PCT, spend per weighted head against the median of its peers"));
  /* Over the years has no peers to draw a median from. */
  {
    PdChartQuery bad = { .commissioner = "5Z3", .per_head = TRUE, .over_years = TRUE };
    g_autoptr(PdChartSpec) none = pd_chart_query_build (workspace, PD_CHART_KIND_SPEND_MIX, &bad,
                                                        &error);
    g_assert_null (none);
    g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
  }
}

/* The demo's readmission rates are overdispersed (providers differ far more than chance
 * allows): plain funnel limits flag ten of eleven providers, limits widened as FunnelPlotR
 * does keep only the three whose rates stand apart, and the summary says the limits were
 * adjusted. */
static void
test_demo_funnel_overdispersion (void)
{
  PdChartQuery plain = { .indicator = "READM28", .year = 2011 };
  PdChartQuery widened = { .indicator = "READM28", .year = 2011,
                           .overdispersion = PD_FUNNEL_OVERDISPERSION_SHMI };
  g_autoptr(PdChartSpec) plain_spec = build (PD_CHART_KIND_FUNNEL, &plain);
  g_autoptr(PdChartSpec) widened_spec = build (PD_CHART_KIND_FUNNEL, &widened);
  g_autofree char *plain_summary = pd_chart_spec_summarize (plain_spec);
  g_autofree char *widened_summary = pd_chart_spec_summarize (widened_spec);

  g_test_message ("%s\n%s", plain_summary, widened_summary);
  g_assert_nonnull (strstr (plain_summary, "Above the 99.8 % limit: R9A, R9B, R9E."));
  g_assert_null (strstr (plain_summary, "adjusted for overdispersion"));
  g_assert_nonnull (strstr (widened_summary, "Above the 99.8 % limit: none."));
  g_assert_nonnull (strstr (widened_summary, "Below the 99.8 % limit: NZ1, NZ2, NZ3."));
  g_assert_nonnull (strstr (widened_summary, "Limits adjusted for overdispersion."));
}

/* A peer group: the funnel and the ranked chart over its members alone, the pooled value
 * (the funnel's target) worked out from their totals only. */
static void
test_demo_funnel_peer_group (void)
{
  const char *members[] = { "R9A", "R9B", "R9E", NULL };
  PdChartQuery all = { .indicator = "READM28", .year = 2011 };
  PdChartQuery group = { .indicator = "READM28", .year = 2011, .providers = members,
                         .providers_label = "peer group Three" };
  g_autoptr(PdChartSpec) all_spec = build (PD_CHART_KIND_FUNNEL, &all);
  g_autoptr(PdChartSpec) group_spec = build (PD_CHART_KIND_FUNNEL, &group);
  g_autoptr(PdChartSpec) ranked_spec = build (PD_CHART_KIND_RANKED, &group);
  g_autoptr(PdChartTable) table = pd_chart_spec_to_table (group_spec);
  g_autoptr(PdChartTable) ranked_table = pd_chart_spec_to_table (ranked_spec);
  g_autofree char *summary = pd_chart_spec_summarize (group_spec);
  g_autofree char *all_summary = pd_chart_spec_summarize (all_spec);
  g_autofree char *expected = NULL;
  g_autofree char *pooled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY,
                                                        &error);
  g_autoptr(PdIndicator) indicator = NULL;
  g_autoptr(GArray) totals = NULL;
  double num = 0, den = 0;

  g_assert_no_error (error);
  indicator = pd_indicator_lookup (workspace, "READM28", &error);
  g_assert_no_error (error);
  totals = pd_indicator_totals_query (workspace, "READM28", PD_PERIOD_MONTH, "2011-04-01",
                                      "2012-03-01", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *t = &g_array_index (totals, PdIndicatorTotal, i);
      if (g_strv_contains (members, t->provider))
        {
          num += t->numerator;
          den += t->denominator;
        }
    }
  g_assert_cmpfloat (den, >, 0);
  pooled = pd_chart_format_value (indicator->multiplier == 100 ? PD_CHART_FORMAT_PERCENT
                                                               : PD_CHART_FORMAT_PROPORTION,
                                  num / den * indicator->multiplier, 0);
  expected = g_strdup_printf ("3 units against a target of %s. ", pooled);
  g_test_message ("%s\n%s", all_summary, summary);
  g_assert_nonnull (strstr (summary, expected));
  g_assert_cmpstr (summary, !=, all_summary);
  g_assert_cmpuint (table->rows->len, ==, 3);
  g_assert_cmpuint (ranked_table->rows->len, ==, 3);
  for (guint r = 0; r < table->rows->len; r++)
    g_assert_true (g_strv_contains (members, ((char **) table->rows->pdata[r])[0]));
}

/* The demo region's stories, as the charts tell them. */
static void
test_demo_stories (void)
{
  /* 5Z3 spends far more of its money on acute contracts than its peers, and a third of
   * their share on community nursing and health visiting. */
  {
    PdChartQuery query = { .commissioner = "5Z3", .year = 2010 };
    g_autoptr(PdChartSpec) spec = build (PD_CHART_KIND_SPEND_MIX, &query);
    g_autofree char *summary = pd_chart_spec_summarize (spec);
    const char *acute = strstr (summary, "Acute contracts: ");
    const char *community = strstr (summary, "Community nursing and Health visiting: ");
    const char *median;
    double share, peers;

    g_assert_nonnull (acute);
    g_assert_nonnull (community);
    share = g_ascii_strtod (acute + strlen ("Acute contracts: "), NULL);
    median = strstr (acute, "shown: ");
    peers = g_ascii_strtod (median + strlen ("shown: "), NULL);
    g_assert_cmpfloat (share, >, 58);
    g_assert_cmpfloat (share, >, peers + 8);
    share = g_ascii_strtod (community + strlen ("Community nursing and Health visiting: "), NULL);
    median = strstr (community, "median ");
    peers = g_ascii_strtod (median + strlen ("median "), NULL);
    g_assert_cmpfloat (share, <, peers / 2);
  }
  /* Year by year: five financial years, the oldest first. */
  {
    PdChartQuery query = { .commissioner = "5Z3", .over_years = TRUE };
    g_autoptr(PdChartSpec) spec = build (PD_CHART_KIND_SPEND_MIX, &query);
    g_autoptr(PdChartTable) table = pd_chart_spec_to_table (spec);
    char **first = g_ptr_array_index (table->rows, 0);
    char **last = g_ptr_array_index (table->rows, table->rows->len - 1);
    g_assert_cmpstr (first[0], ==, "2007/08");
    g_assert_cmpstr (last[0], ==, "2011/12");
  }
  /* R9B drifts worse on safety and experience: red in the heat map. */
  {
    g_autoptr(PdChartSpec) spec = build (PD_CHART_KIND_HEATMAP, NULL);
    g_autoptr(PdChartTable) table = pd_chart_spec_to_table (spec);
    guint r9b_red = 0;
    for (guint i = 0; i < table->rows->len; i++)
      {
        char **row = g_ptr_array_index (table->rows, i);
        if (g_str_has_prefix (row[0], "R9B ") && strcmp (row[2], "Red") == 0)
          r9b_red++;
      }
    g_assert_cmpuint (r9b_red, >=, 2);
  }
  /* R9B's timeline: its indicators in concern, its never events and complaints rising. */
  {
    PdChartQuery query = { .provider = "R9B" };
    g_autoptr(PdChartSpec) spec = build (PD_CHART_KIND_TIMELINE, &query);
    g_autofree char *summary = pd_chart_spec_summarize (spec);
    const char *never = strstr (summary, "Never event ");
    g_assert_nonnull (strstr (summary, "Apr 2007 to Mar 2012"));
    g_assert_nonnull (never);
    /* Most never events in the last year of five. */
    {
      double total = g_ascii_strtod (never + strlen ("Never event "), NULL);
      const char *recent = strstr (never, "(");
      double last_year = g_ascii_strtod (recent + 1, NULL);
      g_assert_cmpfloat (total, >=, 2);
      g_assert_cmpfloat (last_year, >, total / 2);
    }
  }
  /* R9E's VTE risk assessment shifts up after its 2009/10 CQUIN: special cause
   * improvement on the SPC chart. */
  {
    PdChartQuery query = { .indicator = "VTE", .provider = "R9E" };
    g_autoptr(PdChartSpec) spec = build (PD_CHART_KIND_SPC, &query);
    g_autofree char *summary = pd_chart_spec_summarize (spec);
    g_assert_nonnull (strstr (summary, "Variation: special cause improvement (higher)"));
  }
}

static void
test_unknown_indicator (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY,
                                                        &error);
  PdChartQuery query = { .indicator = "NOPE" };

  g_assert_null (pd_chart_query_build (workspace, PD_CHART_KIND_SPC, &query, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* A count has no denominator to make a funnel of. */
  query.indicator = "MRSA";
  g_assert_null (pd_chart_query_build (workspace, PD_CHART_KIND_FUNNEL, &query, &error));
  g_assert_nonnull (error);
}

/* A base year whose spend is near the most pctdash can count: the first scenario's
 * projection overflows, and the query fails with that one error (it used to go on to the
 * other two scenarios with the error set: a GLib critical, found by fuzz-pack). */
static void
test_outlook_overflow (void)
{
  g_autofree char *copy = g_build_filename (scratch, "huge-outlook.pctdash", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdChartSpec) spec = NULL;
  PdChartQuery query = { .commissioner = "5Z1" };
  gsize len;

  bytes = pd_test_read_file (workspace_path, &len);
  g_assert_true (g_file_set_contents (copy, bytes, len, &error));
  workspace = pd_workspace_open (copy, PD_WORKSPACE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (pd_workspace_get_db (workspace),
                                 "UPDATE spend_totals SET amount_pence = 0 "
                                 " WHERE commissioner = '5Z1';"
                                 "UPDATE spend_totals SET amount_pence = 9000000000000000000"
                                 " WHERE (commissioner, year, month, category, provider) ="
                                 "  (SELECT commissioner, year, month, category, provider"
                                 "     FROM spend_totals WHERE commissioner = '5Z1'"
                                 "      AND year = (SELECT max (year) FROM allocations"
                                 "                   WHERE commissioner = '5Z1') LIMIT 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (pd_workspace_get_db (workspace)), ==, 1);

  spec = pd_chart_query_build (workspace, PD_CHART_KIND_OUTLOOK, &query, &error);
  g_assert_null (spec);
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW);
  g_assert_nonnull (strstr (error->message, "the most pctdash can count"));
}

static int
run_cli (const char * const *args,
         char              **out_stdout,
         char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PD_CLI"));
  g_ptr_array_add (argv, (gpointer) "render");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_render (void)
{
  g_autofree char *png = g_build_filename (scratch, "mix.png", NULL);
  g_autofree char *svg = g_build_filename (scratch, "spc.svg", NULL);
  g_autofree char *pdf = g_build_filename (scratch, "outlook.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL;

  if (g_getenv ("PD_CLI") == NULL)
    g_error ("PD_CLI is not set: run through meson test");

  {
    const char *args[] = { "-w", workspace_path, "--chart", "spend-mix", "--commissioner", "5Z3",
                           "--out", png, "--size", "800x450", "--scale", "2", "--summary", NULL };
    cairo_surface_t *image;
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Spend mix: acute contracts against community nursing"));
    image = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1600);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 900);
    cairo_surface_destroy (image);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "-w", workspace_path, "--chart", "spend-mix", "--commissioner", "5Z3",
                           "--per-head", "--year", "2011/12", "--out", png, "--summary", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Spend per weighted head against peers. 5Z3 Redmarsh PCT"));
    g_assert_nonnull (strstr (out, "Acute contracts £1,0"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "-w", workspace_path, "--chart", "spc", "--indicator", "VTE",
                           "--provider", "R9E", "--period", "2008-04..2011-03",
                           "--theme", "dark", "--out", svg, NULL };
    g_autofree char *text = NULL;
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    text = pd_test_read_file (svg, NULL);
    g_assert_nonnull (strstr (text, "<title>Adult admissions risk-assessed for VTE %"));
    g_assert_nonnull (strstr (text, "36 points from Apr 2008 to Mar 2011"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "-w", workspace_path, "--chart", "outlook", "--commissioner", "0Y5",
                           "--out", pdf, "--theme", "print", "--size", "842x595", NULL };
    g_autofree char *text = NULL;
    gsize len;
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    text = pd_test_read_file (pdf, &len);
    g_assert_true (g_str_has_prefix (text, "%PDF-"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  /* Usage errors exit 2 with a message; bad data exits 1. */
  {
    const char *args[] = { "-w", workspace_path, "--chart", "pie", "--out", png, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "unknown chart “pie”"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "-w", workspace_path, "--chart", "spc", "--indicator", "VTE",
                           "--out", png, "--size", "big", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "-w", workspace_path, "--chart", "spc", "--indicator", "NOPE",
                           "--out", png, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  scratch = pd_test_scratch_new ();
  workspace_path = g_build_filename (scratch, "demo.pctdash", NULL);
  if (!pd_demo_build (NULL, workspace_path, NULL, NULL, NULL, &error))
    g_error ("could not build the demo workspace: %s", error->message);

  g_test_add_func ("/pctdash/chart/query/every-kind-from-demo", test_every_kind_from_demo);
  g_test_add_func ("/pctdash/chart/query/demo-stories", test_demo_stories);
  g_test_add_func ("/pctdash/chart/query/demo-per-head", test_demo_per_head);
  g_test_add_func ("/pctdash/chart/query/demo-funnel-overdispersion",
                   test_demo_funnel_overdispersion);
  g_test_add_func ("/pctdash/chart/query/demo-funnel-peer-group", test_demo_funnel_peer_group);
  g_test_add_func ("/pctdash/chart/query/unknown-indicator", test_unknown_indicator);
  g_test_add_func ("/pctdash/chart/query/outlook-overflow", test_outlook_overflow);
  g_test_add_func ("/pctdash/chart/query/cli-render", test_cli_render);

  status = g_test_run ();
  g_free (workspace_path);
  pd_test_scratch_free (scratch);
  return status;
}
