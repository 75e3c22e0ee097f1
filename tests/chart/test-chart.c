/* test-chart.c — the chart renderer on image, SVG and PDF surfaces
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "chart-samples.h"
#include "chart/pd-chart-private.h"
#include "pd-test-util.h"

typedef struct
{
  cairo_surface_t *surface;
  PdChartGeometry *geometry;
} Rendered;

static Rendered
render_image (const PdChartSpec *spec,
              PdChartThemeKind   kind,
              int                width,
              int                height)
{
  Rendered r;
  PdChartTheme theme;
  cairo_t *cr;

  pd_chart_theme_init (&theme, kind);
  r.surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (r.surface);
  pd_chart_render (spec, &theme, cr, width, height, &r.geometry);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (r.surface);
  return r;
}

static void
rendered_clear (Rendered *r)
{
  cairo_surface_destroy (r->surface);
  pd_chart_geometry_free (r->geometry);
}

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + iy * stride + ix * 4) & 0xffffff;
}

static gboolean
colour_near (guint32 a,
             guint32 b,
             int     tolerance)
{
  for (int shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

/* The share of pixels that are not the background colour. */
static double
ink_fraction (cairo_surface_t *surface,
              guint32          background)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  gsize ink = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      ink += pixel_at (surface, x, y) != background;
  return (double) ink / (w * h);
}

static void
test_every_kind_draws (void)
{
  /* Sampled (PCTDASH_TEST_SAMPLE), every kind still draws in its first and last theme. */
  for (gsize k = 0; k < chart_sample_n_kinds; k++)
    for (PdChartThemeKind theme = PD_CHART_THEME_LIGHT; theme <= PD_CHART_THEME_PRINT; theme++)
      {
        g_autoptr(PdChartSpec) spec = NULL;
        Rendered r;
        PdChartTheme t;
        guint32 background;
        double ink;
        g_autofree char *summary = NULL;

        if (!pd_test_sample_take (theme - PD_CHART_THEME_LIGHT,
                                  PD_CHART_THEME_PRINT - PD_CHART_THEME_LIGHT + 1))
          continue;
        spec = chart_sample_new (chart_sample_kinds[k], FALSE);
        r = render_image (spec, theme, 800, 450);
        summary = pd_chart_spec_summarize (spec);
        pd_chart_theme_init (&t, theme);
        background = ((guint32) round (t.background.red * 255) << 16) |
                     ((guint32) round (t.background.green * 255) << 8) |
                     (guint32) round (t.background.blue * 255);
        ink = ink_fraction (r.surface, background);
        g_test_message ("%s %s: %.1f %% ink, %u items, %u labels",
                        pd_chart_kind_to_string (chart_sample_kinds[k]),
                        pd_chart_theme_kind_to_string (theme), ink * 100,
                        pd_chart_geometry_get_n_items (r.geometry),
                        pd_chart_geometry_get_n_labels (r.geometry));
        /* A chart, not a blank page nor a flood of colour. */
        g_assert_cmpfloat (ink, >, 0.03);
        g_assert_cmpfloat (ink, <, 0.85);
        g_assert_false (pd_chart_geometry_has_message (r.geometry));
        g_assert_cmpuint (pd_chart_geometry_get_n_items (r.geometry), >, 2);
        g_assert_true (g_str_has_prefix (summary, pd_chart_spec_get_title (spec)));
        g_assert_cmpuint (strlen (summary), >, strlen (pd_chart_spec_get_title (spec)) + 20);
        rendered_clear (&r);
      }
}

/* The point the geometry names is drawn in the colour its meaning has. */
static void
test_spc_point_colours (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_new (PD_CHART_KIND_SPC, FALSE);
  g_autoptr(PdChartTable) table = pd_chart_spec_to_table (spec);
  static const struct { const char *type; guint32 rgb; } meanings[] = {
    { "Special cause concern", 0xe46c0a },
    { "Special cause improvement", 0x00b0f0 },
    { "Common cause", 0xa6a6a6 },
  };
  Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 1600, 900);
  char **concern_row = g_ptr_array_index (table->rows, CHART_SAMPLE_SPC_CONCERN_POINT);

  g_assert_cmpstr (table->columns[5], ==, "Point");
  g_assert_cmpstr (concern_row[5], ==, "Special cause concern");

  for (guint m = 0; m < G_N_ELEMENTS (meanings); m++)
    {
      guint checked = 0;
      for (guint i = 0; i < table->rows->len; i++)
        {
          char **row = g_ptr_array_index (table->rows, i);
          const PdChartItem *item;
          if (g_strcmp0 (row[5], meanings[m].type) != 0)
            continue;
          item = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_POINT, 0, i);
          g_assert_nonnull (item);
          g_assert_true (colour_near (pixel_at (r.surface, item->cx, item->cy), meanings[m].rgb, 12));
          checked++;
        }
      g_assert_cmpuint (checked, >, 0);
    }
  /* Point 40 in particular: orange where the geometry says it is. */
  {
    const PdChartItem *item = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_POINT, 0,
                                                      CHART_SAMPLE_SPC_CONCERN_POINT);
    g_assert_true (colour_near (pixel_at (r.surface, item->cx, item->cy), 0xe46c0a, 12));
  }
  rendered_clear (&r);
}

static void
test_hit_testing (void)
{
  for (gsize k = 0; k < chart_sample_n_kinds; k++)
    {
      g_autoptr(PdChartSpec) spec = chart_sample_new (chart_sample_kinds[k], FALSE);
      Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 1600, 900);
      guint n = pd_chart_geometry_get_n_items (r.geometry);

      for (guint i = 0; i < n; i++)
        {
          const PdChartItem *item = pd_chart_geometry_get_item (r.geometry, i);
          const PdChartItem *hit = pd_chart_geometry_hit_test (r.geometry, item->cx, item->cy);
          g_autofree char *tooltip = NULL;

          g_assert_nonnull (hit);
          /* The item itself, unless another mark sits on exactly the same spot (the
           * outlook's forecast starts on the last actual spend). */
          if (hit != item)
            g_assert_cmpfloat (hypot (hit->cx - item->cx, hit->cy - item->cy), <, 0.5);
          tooltip = pd_chart_spec_describe_item (spec, hit);
          g_assert_cmpuint (strlen (tooltip), >, 3);
        }
      /* The title is not data. */
      g_assert_null (pd_chart_geometry_hit_test (r.geometry, 30, 20));
      rendered_clear (&r);
    }

  /* The quadrant names the corner a unit is in, in words. */
  {
    g_autoptr(PdChartSpec) spec = chart_sample_new (PD_CHART_KIND_QUADRANT, FALSE);
    Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 800, 450);
    const PdChartItem *item = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_POINT, 0, 4);
    g_autofree char *tooltip = pd_chart_spec_describe_item (spec, item);
    g_autofree char *summary = pd_chart_spec_summarize (spec);
    PdChartRect plot;

    g_assert_cmpstr (tooltip, ==, "5Z3 Kingsmere: £1,690, 108 (higher spend, worse outcome)");
    g_assert_nonnull (strstr (summary, "5Z3 Kingsmere: £1,690, 108 — higher spend, worse outcome."));
    /* Top right: more spend to the right, and higher mortality (worse) is up. */
    pd_chart_geometry_get_plot_area (r.geometry, &plot);
    g_assert_cmpfloat (item->cx, >, plot.x + plot.width / 2);
    g_assert_cmpfloat (item->cy, <, plot.y + plot.height / 2);
    rendered_clear (&r);
  }

  /* A tooltip names the unit under the pointer. */
  {
    g_autoptr(PdChartSpec) spec = chart_sample_new (PD_CHART_KIND_FUNNEL, FALSE);
    Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 800, 450);
    const PdChartItem *item = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_POINT, 0, 1);
    const PdChartItem *hit = pd_chart_geometry_hit_test (r.geometry, item->cx + 1, item->cy - 1);
    g_autofree char *tooltip = pd_chart_spec_describe_item (spec, hit);

    g_assert_cmpuint (hit->index, ==, 1);
    g_assert_true (g_str_has_prefix (tooltip, "R9B: "));
    g_assert_nonnull (strstr (tooltip, "above the 99.8 % limit"));
    rendered_clear (&r);
  }
  {
    g_autoptr(PdChartSpec) spec = chart_sample_new (PD_CHART_KIND_SPEND_MIX, FALSE);
    Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 800, 450);
    /* 5Z3's acute contracts. */
    const PdChartItem *item = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 4, 0);
    const PdChartItem *hit = pd_chart_geometry_hit_test (r.geometry, item->area.x + 2,
                                                         item->area.y + 2);
    g_autofree char *tooltip = pd_chart_spec_describe_item (spec, hit);
    g_assert_cmpstr (tooltip, ==, "5Z3 Kingsmere, Acute contracts: £288m (57.0 %)");
    rendered_clear (&r);
  }
}

static void
assert_no_overlap (const PdChartGeometry *geometry,
                   double                 width,
                   double                 height,
                   const char            *what)
{
  guint n = pd_chart_geometry_get_n_labels (geometry);

  for (guint i = 0; i < n; i++)
    {
      const PdChartLabel *a = pd_chart_geometry_get_label (geometry, i);

      /* Inside the canvas: nothing clipped off an edge. */
      if (a->area.x < -0.5 || a->area.y < -0.5 || a->area.x + a->area.width > width + 0.5 ||
          a->area.y + a->area.height > height + 0.5)
        g_error ("%s: label “%s” leaves the chart (%.1f, %.1f, %.1f × %.1f)", what, a->text,
                 a->area.x, a->area.y, a->area.width, a->area.height);
      for (guint j = i + 1; j < n; j++)
        {
          const PdChartLabel *b = pd_chart_geometry_get_label (geometry, j);
          PdChartRect shrunk_a = a->area, shrunk_b = b->area;

          /* Texts of one role never overlap; a line box's leading may touch, so compare
           * boxes trimmed by a pixel. */
          if (a->role != b->role)
            continue;
          shrunk_a.x += 1; shrunk_a.y += 1; shrunk_a.width -= 2; shrunk_a.height -= 2;
          shrunk_b.x += 1; shrunk_b.y += 1; shrunk_b.width -= 2; shrunk_b.height -= 2;
          if (pd_chart_rect_intersects (&shrunk_a, &shrunk_b))
            g_error ("%s: labels “%s” and “%s” overlap", what, a->text, b->text);
        }
    }
}

static void
test_labels_never_overlap (void)
{
  static const int sizes[][2] = { { 320, 240 }, { 640, 360 }, { 800, 450 }, { 1024, 768 },
                                  { 1600, 900 }, { 2400, 1000 } };

  /* Sampled (PCTDASH_TEST_SAMPLE), every kind still draws at the smallest and largest. */
  for (gsize k = 0; k < chart_sample_n_kinds; k++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(PdChartSpec) spec = NULL;
        Rendered r;
        g_autofree char *what = NULL;

        if (!pd_test_sample_take (s, G_N_ELEMENTS (sizes)))
          continue;
        spec = chart_sample_new (chart_sample_kinds[k], FALSE);
        r = render_image (spec, PD_CHART_THEME_LIGHT, sizes[s][0], sizes[s][1]);
        what = g_strdup_printf ("%s at %d × %d", pd_chart_kind_to_string (chart_sample_kinds[k]),
                                sizes[s][0], sizes[s][1]);
        assert_no_overlap (r.geometry, sizes[s][0], sizes[s][1], what);
        rendered_clear (&r);
      }
}

/* A monthly axis too narrow for every label thins them, keeping whole years apart. */
static void
test_axis_thins_labels (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_new (PD_CHART_KIND_SPC, FALSE);
  Rendered wide = render_image (spec, PD_CHART_THEME_LIGHT, 2400, 900);
  Rendered narrow = render_image (spec, PD_CHART_THEME_LIGHT, 480, 300);
  guint n_wide = 0, n_narrow = 0;

  for (guint i = 0; i < pd_chart_geometry_get_n_labels (wide.geometry); i++)
    n_wide += pd_chart_geometry_get_label (wide.geometry, i)->role == PD_CHART_LABEL_X_TICK;
  for (guint i = 0; i < pd_chart_geometry_get_n_labels (narrow.geometry); i++)
    {
      const PdChartLabel *label = pd_chart_geometry_get_label (narrow.geometry, i);
      if (label->role != PD_CHART_LABEL_X_TICK)
        continue;
      n_narrow++;
      g_test_message ("narrow label %s", label->text);
      /* 48 months from April 2008: a stride of 6 keeps to half years. */
      g_assert_true (g_str_has_prefix (label->text, "Apr ") || g_str_has_prefix (label->text, "Oct "));
    }
  g_assert_cmpuint (n_wide, >=, 12);
  g_assert_cmpuint (n_narrow, >=, 4);
  g_assert_cmpuint (n_narrow, <=, 8);
  assert_no_overlap (narrow.geometry, 480, 300, "narrow SPC");
  rendered_clear (&wide);
  rendered_clear (&narrow);
}

static void
test_empty_data_message (void)
{
  for (gsize k = 0; k < chart_sample_n_kinds; k++)
    {
      g_autoptr(PdChartSpec) spec = chart_sample_new (chart_sample_kinds[k], TRUE);
      Rendered r = render_image (spec, PD_CHART_THEME_DARK, 800, 450);
      g_autofree char *summary = pd_chart_spec_summarize (spec);
      gboolean found = FALSE;
      PdChartRect plot;

      g_assert_true (pd_chart_geometry_has_message (r.geometry));
      pd_chart_geometry_get_plot_area (r.geometry, &plot);
      for (guint i = 0; i < pd_chart_geometry_get_n_labels (r.geometry); i++)
        {
          const PdChartLabel *label = pd_chart_geometry_get_label (r.geometry, i);
          if (label->role != PD_CHART_LABEL_MESSAGE)
            continue;
          found = TRUE;
          g_assert_true (g_str_has_prefix (label->text, "No ") ||
                         g_str_has_prefix (label->text, "Only ") ||
                         g_str_has_prefix (label->text, "A "));
          /* In the middle of the plot area, where the data would be. */
          g_assert_true (pd_chart_rect_contains (&plot, label->area.x + label->area.width / 2,
                                                 label->area.y + label->area.height / 2));
        }
      g_assert_true (found);
      g_assert_nonnull (strstr (summary, "No data"));
      /* No data marks; the SPC chart's icons still say "no variation to judge". */
      for (guint i = 0; i < pd_chart_geometry_get_n_items (r.geometry); i++)
        g_assert_cmpint (pd_chart_geometry_get_item (r.geometry, i)->type, ==, PD_CHART_ITEM_ICON);
      rendered_clear (&r);
    }
}

/* One point is too few for limits: a message, not a chart that pretends. */
static void
test_spc_single_point (void)
{
  double value = 0.5;
  PdSpcOptions options;
  g_autoptr(PdSpcResult) result = NULL;
  g_autoptr(PdChartSpec) spec = NULL;
  Rendered r;

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  result = pd_spc_compute (&value, 1, NULL, &options, NULL);
  spec = pd_chart_spec_new_spc (result, NULL, PD_CHART_FORMAT_PROPORTION);
  r = render_image (spec, PD_CHART_THEME_LIGHT, 800, 450);
  g_assert_true (pd_chart_geometry_has_message (r.geometry));
  rendered_clear (&r);
}

/* 100,000 points are thinned per pixel column: the geometry holds one item per column at
 * most, the line still spans the plot, and the special-cause points at the end show. */
static void
test_spc_long_series_thinned (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_spc_long (100000);
  Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 1600, 900);
  PdChartRect plot;
  guint n = pd_chart_geometry_get_n_items (r.geometry), improvement = 0;
  g_autoptr(GTimer) timer = g_timer_new ();

  pd_chart_geometry_get_plot_area (r.geometry, &plot);
  g_assert_cmpuint (n, >, plot.width * 0.5);
  g_assert_cmpuint (n, <=, (guint) ceil (plot.width) + 2);
  for (guint i = 0; i < n; i++)
    {
      const PdChartItem *item = pd_chart_geometry_get_item (r.geometry, i);
      if (item->type == PD_CHART_ITEM_POINT && item->index > 75000 &&
          colour_near (pixel_at (r.surface, item->cx, item->cy), 0x00b0f0, 16))
        improvement++;
    }
  /* The last quarter sits above the mean: a shift, drawn blue. */
  g_assert_cmpuint (improvement, >, 50);
  assert_no_overlap (r.geometry, 1600, 900, "long SPC");
  rendered_clear (&r);
}

/* Where the value axis starts, solved from two drawn points of different values. */
static double
axis_bottom_value (const PdChartGeometry *geometry,
                   guint                  i,
                   guint                  j,
                   double                 vi,
                   double                 vj)
{
  const PdChartItem *a = pd_chart_geometry_find (geometry, PD_CHART_ITEM_POINT, 0, i);
  const PdChartItem *b = pd_chart_geometry_find (geometry, PD_CHART_ITEM_POINT, 0, j);
  PdChartRect plot;
  double per_unit;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  pd_chart_geometry_get_plot_area (geometry, &plot);
  per_unit = (a->cy - b->cy) / (vj - vi);
  return vi - (plot.y + plot.height - a->cy) / per_unit;
}

/* A rate whose lower process limit is below 0: with the unit's range the axis starts at 0
 * and the table and summary give the limit as computed and as drawn; without it, the
 * axis reaches down to the limit. */
static void
test_spc_value_range (void)
{
  double values[24];
  PdSpcOptions options;
  g_autoptr(PdSpcResult) plain = NULL;
  g_autoptr(PdSpcResult) bounded = NULL;
  g_autoptr(PdChartSpec) plain_spec = NULL;
  g_autoptr(PdChartSpec) bounded_spec = NULL;
  g_autoptr(PdChartTable) plain_table = NULL;
  g_autoptr(PdChartTable) bounded_table = NULL;
  g_autofree char *plain_summary = NULL;
  g_autofree char *bounded_summary = NULL;
  g_autofree char *zero = pd_chart_format_value (PD_CHART_FORMAT_NUMBER, 0, 0);
  g_autofree char *drawn = NULL;
  double min, max, bottom;
  Rendered r;
  char **row;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = i % 2 ? 14 : 3;
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  plain = pd_spc_compute (values, G_N_ELEMENTS (values), NULL, &options, NULL);
  g_assert_true (pd_spc_value_range_for_unit ("rate", 100000, &min, &max));
  pd_spc_options_set_value_range (&options, min, max);
  bounded = pd_spc_compute (values, G_N_ELEMENTS (values), NULL, &options, NULL);
  g_assert_cmpfloat (bounded->points[0].lpl, <, -20);
  plain_spec = pd_chart_spec_new_spc (plain, NULL, PD_CHART_FORMAT_NUMBER);
  bounded_spec = pd_chart_spec_new_spc (bounded, NULL, PD_CHART_FORMAT_NUMBER);

  r = render_image (plain_spec, PD_CHART_THEME_LIGHT, 800, 450);
  bottom = axis_bottom_value (r.geometry, 0, 1, 3, 14);
  g_test_message ("axis from %g without the range", bottom);
  g_assert_cmpfloat (bottom, <=, plain->points[0].lpl);
  rendered_clear (&r);
  r = render_image (bounded_spec, PD_CHART_THEME_LIGHT, 800, 450);
  bottom = axis_bottom_value (r.geometry, 0, 1, 3, 14);
  g_test_message ("axis from %g with it", bottom);
  g_assert_cmpfloat (fabs (bottom), <, 1e-6);
  assert_no_overlap (r.geometry, 800, 450, "SPC with a floor");
  rendered_clear (&r);

  plain_table = pd_chart_spec_to_table (plain_spec);
  bounded_table = pd_chart_spec_to_table (bounded_spec);
  g_assert_cmpuint (plain_table->n_columns, ==, 7);
  g_assert_cmpuint (bounded_table->n_columns, ==, 9);
  g_assert_cmpstr (bounded_table->columns[3], ==, "Lower process limit");
  g_assert_cmpstr (bounded_table->columns[5], ==, "Lower limit as drawn");
  g_assert_cmpstr (bounded_table->columns[6], ==, "Upper limit as drawn");
  row = g_ptr_array_index (bounded_table->rows, 0);
  g_assert_cmpstr (row[3], ==, ((char **) g_ptr_array_index (plain_table->rows, 0))[3]);
  g_assert_cmpstr (row[3], !=, zero);
  g_assert_cmpstr (row[5], ==, zero);
  g_assert_cmpstr (row[6], ==, row[4]);

  /* None every month, limits on the mean at 0: the axis starts at 0 too, no tick below. */
  {
    double zeros[18] = { 0 };
    g_autoptr(PdSpcResult) flat = pd_spc_compute (zeros, G_N_ELEMENTS (zeros), NULL, &options, NULL);
    g_autoptr(PdChartSpec) flat_spec = pd_chart_spec_new_spc (flat, NULL, PD_CHART_FORMAT_NUMBER);
    guint ticks = 0;

    r = render_image (flat_spec, PD_CHART_THEME_LIGHT, 800, 450);
    for (guint i = 0; i < pd_chart_geometry_get_n_labels (r.geometry); i++)
      {
        const PdChartLabel *label = pd_chart_geometry_get_label (r.geometry, i);

        if (label->role != PD_CHART_LABEL_Y_TICK)
          continue;
        ticks++;
        g_assert_false (g_str_has_prefix (label->text, "-") ||
                        g_str_has_prefix (label->text, "\u2212"));
      }
    g_assert_cmpuint (ticks, >=, 2);
    rendered_clear (&r);
  }

  plain_summary = pd_chart_spec_summarize (plain_spec);
  bounded_summary = pd_chart_spec_summarize (bounded_spec);
  g_test_message ("%s", bounded_summary);
  g_assert_null (strstr (plain_summary, "drawn at"));
  drawn = g_strdup_printf ("the lower limit is drawn at %s, the least the value can be", zero);
  g_assert_nonnull (strstr (bounded_summary, drawn));
}

static void
test_svg_and_pdf (void)
{
  for (gsize k = 0; k < chart_sample_n_kinds; k++)
    {
      g_autoptr(PdChartSpec) spec = chart_sample_new (chart_sample_kinds[k], FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) svg = NULL, pdf = NULL, png = NULL;
      PdChartTheme theme;
      g_autofree char *svg_text = NULL;
      g_autofree char *title = NULL;
      g_autofree char *summary = pd_chart_spec_summarize (spec);
      g_autofree char *summary_xml = g_markup_escape_text (summary, -1);
      gsize size;
      const char *data;

      pd_chart_theme_init (&theme, PD_CHART_THEME_PRINT);
      svg = pd_chart_render_to_bytes (spec, &theme, PD_CHART_FILE_SVG, 800, 450, 1, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (svg, &size);
      svg_text = g_strndup (data, size);
      title = g_markup_printf_escaped ("<title>%s</title>", pd_chart_spec_get_title (spec));
      g_assert_nonnull (strstr (svg_text, "<svg"));
      g_assert_nonnull (strstr (svg_text, title));
      g_assert_nonnull (strstr (svg_text, summary_xml));
      /* Text is drawn as glyphs, so the drawing has many glyph uses. */
      g_assert_nonnull (strstr (svg_text, "<use xlink:href=\"#glyph"));
      g_assert_nonnull (strstr (svg_text, "</svg>"));

      pdf = pd_chart_render_to_bytes (spec, &theme, PD_CHART_FILE_PDF, 800, 450, 1, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (pdf, &size);
      g_assert_cmpuint (size, >, 2000);
      g_assert_true (memcmp (data, "%PDF-", 5) == 0);

      png = pd_chart_render_to_bytes (spec, &theme, PD_CHART_FILE_PNG, 400, 300, 2, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (png, &size);
      g_assert_true (memcmp (data, "\x89PNG", 4) == 0);
    }
}

/* Named SVG lines in the spend mix and funnel: the words a reader needs. */
static void
test_svg_holds_labels (void)
{
  static const struct { PdChartKind kind; const char *words[3]; } cases[] = {
    { PD_CHART_KIND_FUNNEL, { "R9B", "above the 99.8 % limit", "Above the 99.8 % limit: R9B" } },
    { PD_CHART_KIND_SPEND_MIX, { "5Z3 Kingsmere: £", "Acute contracts: 57.0 %", "Community nursing and Health visiting: 1.9 %" } },
    { PD_CHART_KIND_SPC, { "48 points from Apr 2008 to Mar 2012", "Special cause points", "mean of" } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(PdChartSpec) spec = chart_sample_new (cases[c].kind, FALSE);
      g_autoptr(GBytes) svg = NULL;
      PdChartTheme theme;
      g_autofree char *text = NULL;
      gsize size;
      const char *data;

      pd_chart_theme_init (&theme, PD_CHART_THEME_LIGHT);
      svg = pd_chart_render_to_bytes (spec, &theme, PD_CHART_FILE_SVG, 800, 450, 1, NULL);
      data = g_bytes_get_data (svg, &size);
      text = g_strndup (data, size);
      for (guint w = 0; w < G_N_ELEMENTS (cases[c].words); w++)
        {
          if (cases[c].kind == PD_CHART_KIND_FUNNEL && w == 1)
            continue;  /* a tooltip's words, not the summary's */
          if (strstr (text, cases[c].words[w]) == NULL)
            g_error ("%s SVG lacks “%s”", pd_chart_kind_to_string (cases[c].kind),
                     cases[c].words[w]);
        }
    }
}

static void
test_write_files (void)
{
  char *dir = pd_test_scratch_new ();
  g_autoptr(PdChartSpec) spec = chart_sample_new (PD_CHART_KIND_OUTLOOK, FALSE);
  PdChartTheme theme;
  static const char * const names[] = { "chart.png", "chart.SVG", "chart.pdf" };
  g_autoptr(GError) error = NULL;

  pd_chart_theme_init (&theme, PD_CHART_THEME_LIGHT);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_assert_true (pd_chart_write_file (spec, &theme, path, 800, 450, 2, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  {
    g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
    cairo_surface_t *image = cairo_image_surface_create_from_png (path);
    /* Scale 2: the screen's layout at twice the pixels. */
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1600);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 900);
    cairo_surface_destroy (image);
  }
  {
    g_autofree char *path = g_build_filename (dir, "chart.jpg", NULL);
    g_assert_false (pd_chart_write_file (spec, &theme, path, 800, 450, 1, &error));
    g_assert_error (error, PD_CHART_ERROR, PD_CHART_ERROR_FORMAT);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *path = g_build_filename (dir, "missing", "chart.png", NULL);
    g_assert_false (pd_chart_write_file (spec, &theme, path, 800, 450, 1, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error (&error);
  }
  g_assert_false (pd_chart_write_file (spec, &theme, "x.png", 8, 450, 1, &error));
  g_assert_error (error, PD_CHART_ERROR, PD_CHART_ERROR_FORMAT);
  pd_test_scratch_free (dir);
}

static void
test_format_values (void)
{
  static const struct { PdChartFormat format; double value, step; const char *text; } cases[] = {
    { PD_CHART_FORMAT_POUNDS, 1234567, 0, "£1.23m" },
    { PD_CHART_FORMAT_POUNDS, 450000, 0, "£450k" },
    { PD_CHART_FORMAT_POUNDS, 75, 0, "£75" },
    { PD_CHART_FORMAT_POUNDS, 1450, 50, "£1,450" },
    { PD_CHART_FORMAT_POUNDS, -2500000, 0, "−£2.50m" },
    { PD_CHART_FORMAT_POUNDS, 350e6, 50e6, "£350m" },
    { PD_CHART_FORMAT_POUNDS, 12500, 2500, "£12.5k" },
    { PD_CHART_FORMAT_POUNDS, 1.5e9, 0, "£1,500m" },
    { PD_CHART_FORMAT_PROPORTION, 0.253, 0.001, "25.3 %" },
    { PD_CHART_FORMAT_PROPORTION, 0.6, 0.05, "60 %" },
    { PD_CHART_FORMAT_PROPORTION, 0.025, 0.025, "2.5 %" },
    { PD_CHART_FORMAT_PERCENT, 12.5, 0, "12.5 %" },
    { PD_CHART_FORMAT_NUMBER, 1234.5, 0.1, "1,234.5" },
    { PD_CHART_FORMAT_NUMBER, 1000000, 0, "1,000,000" },
    { PD_CHART_FORMAT_NUMBER, -0.0001, 0.1, "0.0" },
    { PD_CHART_FORMAT_NUMBER, NAN, 0, "–" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = pd_chart_format_value (cases[i].format, cases[i].value, cases[i].step);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_nice_ticks (void)
{
  static const struct { double lo, hi; guint max; gboolean zero; double step, first, last; } cases[] = {
    { 0.0, 97.0, 6, FALSE, 20, 0, 100 },
    { 0.553, 0.775, 8, FALSE, 0.05, 0.55, 0.8 },
    { 396e6, 581e6, 6, FALSE, 50e6, 350e6, 600e6 },
    { 3, 4, 5, TRUE, 1, 0, 4 },
    { 5, 5, 5, FALSE, 0.25, 4.5, 5.5 },
    { -12, 30, 10, FALSE, 5, -15, 30 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PdChartAxis axis;
      _pd_chart_axis_init (&axis, cases[i].lo, cases[i].hi, cases[i].max, cases[i].zero);
      g_assert_cmpfloat_with_epsilon (axis.step, cases[i].step, cases[i].step * 1e-9);
      g_assert_cmpfloat_with_epsilon (axis.ticks[0], cases[i].first, cases[i].step * 1e-9);
      g_assert_cmpfloat_with_epsilon (axis.ticks[axis.n_ticks - 1], cases[i].last, cases[i].step * 1e-9);
      g_assert_cmpuint (axis.n_ticks, <=, cases[i].max + 1);
    }
}

static void
test_theme (void)
{
  PdChartTheme theme;
  PdChartThemeKind kind;
  PdChartColor c;

  pd_chart_theme_init (&theme, PD_CHART_THEME_LIGHT);
  g_assert_true (pd_chart_color_parse ("#e46c0a", &c));
  g_assert_cmpfloat (c.red, ==, theme.concern.red);
  g_assert_cmpfloat (c.green, ==, theme.concern.green);
  g_assert_true (pd_chart_color_parse ("#00b0f0", &c));
  g_assert_cmpfloat (c.blue, ==, theme.improvement.blue);
  g_assert_true (pd_chart_color_parse ("#de1b1b80", &c));
  g_assert_cmpfloat (c.red, ==, theme.target.red);
  g_assert_cmpfloat_with_epsilon (c.alpha, 128 / 255.0, 1e-9);
  g_assert_false (pd_chart_color_parse ("e46c0a", &c));
  g_assert_false (pd_chart_color_parse ("#e46c0", &c));
  g_assert_true (pd_chart_theme_parse_kind ("dark", &kind));
  g_assert_cmpint (kind, ==, PD_CHART_THEME_DARK);
  g_assert_true (pd_chart_theme_parse_kind ("print", &kind));
  g_assert_cmpint (kind, ==, PD_CHART_THEME_PRINT);
  g_assert_false (pd_chart_theme_parse_kind ("sepia", &kind));
  /* Print is white paper; dark is dark. */
  pd_chart_theme_init (&theme, PD_CHART_THEME_PRINT);
  g_assert_cmpfloat (theme.background.red, ==, 1.0);
  pd_chart_theme_init (&theme, PD_CHART_THEME_DARK);
  g_assert_cmpfloat (theme.background.red, <, 0.2);
}

static void
test_tables (void)
{
  g_autoptr(PdChartSpec) spc = chart_sample_new (PD_CHART_KIND_SPC, FALSE);
  g_autoptr(PdChartTable) table = pd_chart_spec_to_table (spc);
  g_autofree char *csv = pd_chart_table_to_csv (table);
  char **first = g_ptr_array_index (table->rows, 0);

  g_assert_cmpuint (table->rows->len, ==, 48);
  g_assert_cmpuint (table->n_columns, ==, 7);
  g_assert_cmpstr (first[0], ==, "Apr 2008");
  g_assert_true (g_str_has_suffix (first[1], " %"));
  g_assert_true (g_str_has_prefix (csv, "Period,Value,Mean,Lower process limit,Upper process limit,Point,Rule\r\nApr 2008,"));

  {
    g_autoptr(PdChartSpec) ranked = chart_sample_new (PD_CHART_KIND_RANKED, FALSE);
    g_autoptr(PdChartTable) t = pd_chart_spec_to_table (ranked);
    double previous = INFINITY;
    /* Best first: values never rise down the table. */
    for (guint i = 0; i < t->rows->len; i++)
      {
        char **row = g_ptr_array_index (t->rows, i);
        double v = g_ascii_strtod (row[2], NULL);
        g_assert_cmpfloat (v, <=, previous);
        previous = v;
      }
  }
  {
    g_autoptr(PdChartSpec) heat = chart_sample_new (PD_CHART_KIND_HEATMAP, FALSE);
    g_autofree char *summary = pd_chart_spec_summarize (heat);
    g_assert_nonnull (strstr (summary, "Look first at: "));
    g_assert_nonnull (strstr (summary, "R9B Wessmoor General (Safety)"));
  }
}

/* A colour over the background as an RGB24 pixel holds it. */
static guint32
rgb_of (const PdChartColor *c,
        double              alpha,
        const PdChartColor *under)
{
  double r = c->red * alpha + under->red * (1 - alpha);
  double g = c->green * alpha + under->green * (1 - alpha);
  double b = c->blue * alpha + under->blue * (1 - alpha);
  return ((guint32) round (r * 255) << 16) | ((guint32) round (g * 255) << 8) |
         (guint32) round (b * 255);
}

/* Timeline events are stamped on raster targets: each disc still sits where the
 * geometry says, in its row's colour, and vector files still get circles, not images. */
static void
test_timeline_event_discs (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_new (PD_CHART_KIND_TIMELINE, FALSE);
  const PdChartTimelineData *d = &spec->timeline;
  PdChartTheme t;
  guint n_checked = 0;

  pd_chart_theme_init (&t, PD_CHART_THEME_LIGHT);
  for (guint scale = 1; scale <= 2; scale++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600 * scale,
                                                             900 * scale);
      cairo_t *cr = cairo_create (surface);
      g_autoptr(PdChartGeometry) geometry = NULL;

      cairo_scale (cr, scale, scale);
      pd_chart_render (spec, &t, cr, 1600, 900, &geometry);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      for (guint i = 0; i < pd_chart_geometry_get_n_items (geometry); i++)
        {
          const PdChartItem *item = pd_chart_geometry_get_item (geometry, i);
          const double *counts;
          double most = 0;
          PdChartColor tint;

          if (item->type != PD_CHART_ITEM_EVENT)
            continue;
          counts = &d->event_counts[item->series * d->n_periods];
          for (gsize p = 0; p < d->n_periods; p++)
            most = MAX (most, counts[p]);
          /* The larger discs: their middle pixel is wholly inside. */
          if (counts[item->index] < most / 2)
            continue;
          tint = t.palette[item->series % 6];
          tint.red += (t.background.red - tint.red) * 0.25;
          tint.green += (t.background.green - tint.green) * 0.25;
          tint.blue += (t.background.blue - tint.blue) * 0.25;
          g_assert_true (colour_near (pixel_at (surface, item->cx * scale, item->cy * scale),
                                      rgb_of (&tint, 1, &t.background), 3));
          n_checked++;
        }
      cairo_surface_destroy (surface);
    }
  g_assert_cmpuint (n_checked, >, 40);

  {
    g_autoptr(GBytes) svg = pd_chart_render_to_bytes (spec, &t, PD_CHART_FILE_SVG, 1600, 900, 1,
                                                      NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
    g_assert_null (strstr (text, "<image"));
  }
}

/* Spend per weighted head: a spend-mix spec drawn as panels. */
static void
test_per_head_draws (void)
{
  for (PdChartThemeKind kind = PD_CHART_THEME_LIGHT; kind <= PD_CHART_THEME_PRINT; kind++)
    {
      g_autoptr(PdChartSpec) spec = chart_sample_per_head (FALSE);
      Rendered r = render_image (spec, kind, 800, 450);
      PdChartTheme t;
      double ink;
      g_autofree char *summary = pd_chart_spec_summarize (spec);

      pd_chart_theme_init (&t, kind);
      ink = ink_fraction (r.surface, rgb_of (&t.background, 1, &t.background));
      g_assert_true (pd_chart_spec_is_per_head (spec));
      g_assert_cmpint (pd_chart_spec_get_kind (spec), ==, PD_CHART_KIND_SPEND_MIX);
      g_assert_cmpfloat (ink, >, 0.03);
      g_assert_cmpfloat (ink, <, 0.85);
      g_assert_false (pd_chart_geometry_has_message (r.geometry));
      /* Ten PCTs in four panels: acute, community nursing, health visiting, all spend. */
      g_assert_cmpuint (pd_chart_geometry_get_n_items (r.geometry), ==, 40);
      g_assert_nonnull (pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 4, 12));
      g_assert_null (pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 4, 1));
      g_assert_true (g_str_has_prefix (summary, "Spend per weighted head against peers. 5Z3 Kingsmere"));
      g_assert_nonnull (strstr (summary, "Acute contracts £1,070 (median £"));
      g_assert_nonnull (strstr (summary, "Community nursing £29"));
      g_assert_nonnull (strstr (summary, "Health visiting £9"));
      rendered_clear (&r);
    }
}

/* Bars are as long as their values on a panel's axis from zero, the commissioner in its
 * category's full colour and its peers in a tint of it. */
static void
test_per_head_colours (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_per_head (FALSE);
  g_autoptr(PdChartTable) table = pd_chart_spec_to_table (spec);
  Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 1600, 900);
  const PdChartItem *chosen = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 4, 0);
  const PdChartItem *peer = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 0, 0);
  const PdChartItem *health = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 4, 11);
  PdChartTheme t;
  double peer_value = NAN;

  pd_chart_theme_init (&t, PD_CHART_THEME_LIGHT);
  g_assert_true (colour_near (pixel_at (r.surface, chosen->cx, chosen->cy),
                              rgb_of (&t.palette[0], 1, &t.background), 3));
  g_assert_true (colour_near (pixel_at (r.surface, peer->cx, peer->cy),
                              rgb_of (&t.palette[0], 0.4, &t.background), 3));
  /* Health visiting is the second end category: vermillion. */
  g_assert_true (colour_near (pixel_at (r.surface, health->cx, health->cy),
                              rgb_of (&t.palette[5], 1, &t.background), 3));
  /* Same panel, same zero: lengths in the ratio of the values. */
  g_assert_cmpfloat_with_epsilon (chosen->area.x, peer->area.x, 0.01);
  for (guint i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);
      if (strcmp (row[0], "0Y5 Wessmoor North") == 0 && strcmp (row[1], "Acute contracts") == 0)
        peer_value = g_ascii_strtod (row[2] + strlen ("£"), NULL);
    }
  g_assert_true (isfinite (peer_value));
  g_assert_cmpfloat (fabs (chosen->area.width / peer->area.width - 1070 / peer_value), <, 0.01);
  rendered_clear (&r);
}

static void
test_per_head_hit_testing (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_per_head (FALSE);
  Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, 800, 450);

  for (guint i = 0; i < pd_chart_geometry_get_n_items (r.geometry); i++)
    {
      const PdChartItem *item = pd_chart_geometry_get_item (r.geometry, i);
      g_assert_true (pd_chart_geometry_hit_test (r.geometry, item->cx, item->cy) == item);
    }
  {
    const PdChartItem *item = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 4, 0);
    const PdChartItem *hit = pd_chart_geometry_hit_test (r.geometry, item->area.x + 2,
                                                         item->area.y + 2);
    g_autofree char *tooltip = pd_chart_spec_describe_item (spec, hit);
    g_assert_true (g_str_has_prefix (tooltip, "5Z3 Kingsmere, Acute contracts: £1,070 per weighted head (peer median £"));
  }
  {
    const PdChartItem *item = pd_chart_geometry_find (r.geometry, PD_CHART_ITEM_BAR, 2, 12);
    const PdChartItem *hit = pd_chart_geometry_hit_test (r.geometry, item->cx, item->cy);
    g_autofree char *tooltip = pd_chart_spec_describe_item (spec, hit);
    g_assert_true (g_str_has_prefix (tooltip, "5Z1 Harbourside, All spend: £1,"));
  }
  g_assert_null (pd_chart_geometry_hit_test (r.geometry, 30, 20));
  rendered_clear (&r);
}

static void
test_per_head_labels (void)
{
  static const int sizes[][2] = { { 320, 240 }, { 640, 360 }, { 800, 450 }, { 1024, 768 },
                                  { 1600, 900 }, { 2400, 1000 } };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(PdChartSpec) spec = chart_sample_per_head (FALSE);
      Rendered r = render_image (spec, PD_CHART_THEME_LIGHT, sizes[s][0], sizes[s][1]);
      g_autofree char *what = g_strdup_printf ("per head at %d × %d", sizes[s][0], sizes[s][1]);
      guint n_panels = 0, n_ticks = 0;

      assert_no_overlap (r.geometry, sizes[s][0], sizes[s][1], what);
      for (guint i = 0; i < pd_chart_geometry_get_n_labels (r.geometry); i++)
        {
          const PdChartLabel *label = pd_chart_geometry_get_label (r.geometry, i);
          n_panels += label->role == PD_CHART_LABEL_CATEGORY &&
                      (strcmp (label->text, "All spend") == 0 ||
                       strcmp (label->text, "Acute contracts") == 0);
          n_ticks += label->role == PD_CHART_LABEL_X_TICK;
        }
      /* Every panel is named and, from 640 pixels across, has a scale past zero (a
       * 320-pixel thumbnail's panels are narrower than "£1,000"). */
      g_assert_cmpuint (n_panels, ==, 2);
      if (sizes[s][0] >= 640)
        g_assert_cmpuint (n_ticks, >=, 8);
      else
        g_assert_cmpuint (n_ticks, >=, 4);
      rendered_clear (&r);
    }
}

static void
test_per_head_empty (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_per_head (TRUE);
  Rendered r = render_image (spec, PD_CHART_THEME_DARK, 800, 450);
  g_autofree char *summary = pd_chart_spec_summarize (spec);
  gboolean found = FALSE;
  PdChartRect plot;

  g_assert_true (pd_chart_geometry_has_message (r.geometry));
  g_assert_cmpuint (pd_chart_geometry_get_n_items (r.geometry), ==, 0);
  pd_chart_geometry_get_plot_area (r.geometry, &plot);
  for (guint i = 0; i < pd_chart_geometry_get_n_labels (r.geometry); i++)
    {
      const PdChartLabel *label = pd_chart_geometry_get_label (r.geometry, i);
      if (label->role != PD_CHART_LABEL_MESSAGE)
        continue;
      found = TRUE;
      g_assert_true (g_str_has_prefix (label->text, "No spend per head"));
      g_assert_true (pd_chart_rect_contains (&plot, label->area.x + label->area.width / 2,
                                             label->area.y + label->area.height / 2));
    }
  g_assert_true (found);
  g_assert_nonnull (strstr (summary, "No data"));
  rendered_clear (&r);
}

static void
test_per_head_svg_and_table (void)
{
  g_autoptr(PdChartSpec) spec = chart_sample_per_head (FALSE);
  g_autoptr(PdChartTable) table = pd_chart_spec_to_table (spec);
  g_autoptr(GBytes) svg = NULL;
  g_autofree char *text = NULL;
  PdChartTheme theme;
  gsize size;
  const char *data;
  gboolean found = FALSE;

  pd_chart_theme_init (&theme, PD_CHART_THEME_LIGHT);
  svg = pd_chart_render_to_bytes (spec, &theme, PD_CHART_FILE_SVG, 800, 450, 1, NULL);
  data = g_bytes_get_data (svg, &size);
  text = g_strndup (data, size);
  g_assert_nonnull (strstr (text, "<title>Spend per weighted head against peers</title>"));
  g_assert_nonnull (strstr (text, "5Z3 Kingsmere, spend per weighted head against the median of its peers"));
  g_assert_nonnull (strstr (text, "Acute contracts £1,070"));

  g_assert_cmpuint (table->n_columns, ==, 4);
  g_assert_cmpstr (table->columns[2], ==, "Per weighted head");
  g_assert_cmpstr (table->columns[3], ==, "Peer median");
  /* Ten PCTs × (twelve categories and all spend). */
  g_assert_cmpuint (table->rows->len, ==, 130);
  for (guint i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);
      if (strcmp (row[0], "5Z3 Kingsmere") == 0 && strcmp (row[1], "Acute contracts") == 0)
        {
          double median = g_ascii_strtod (row[3] + strlen ("£"), NULL);
          found = TRUE;
          g_assert_cmpstr (row[2], ==, "£1,070");
          /* The peers' median, 5Z3 left out: close to the base of £824. */
          g_assert_cmpfloat (median, >, 770);
          g_assert_cmpfloat (median, <, 880);
        }
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/chart/render/every-kind", test_every_kind_draws);
  g_test_add_func ("/pctdash/chart/render/spc-point-colours", test_spc_point_colours);
  g_test_add_func ("/pctdash/chart/render/spc-long-series-thinned", test_spc_long_series_thinned);
  g_test_add_func ("/pctdash/chart/render/spc-single-point", test_spc_single_point);
  g_test_add_func ("/pctdash/chart/render/spc-value-range", test_spc_value_range);
  g_test_add_func ("/pctdash/chart/render/empty-data-message", test_empty_data_message);
  g_test_add_func ("/pctdash/chart/geometry/hit-testing", test_hit_testing);
  g_test_add_func ("/pctdash/chart/labels/never-overlap", test_labels_never_overlap);
  g_test_add_func ("/pctdash/chart/labels/axis-thins", test_axis_thins_labels);
  g_test_add_func ("/pctdash/chart/file/svg-pdf-png", test_svg_and_pdf);
  g_test_add_func ("/pctdash/chart/file/svg-holds-labels", test_svg_holds_labels);
  g_test_add_func ("/pctdash/chart/file/write", test_write_files);
  g_test_add_func ("/pctdash/chart/format/values", test_format_values);
  g_test_add_func ("/pctdash/chart/format/nice-ticks", test_nice_ticks);
  g_test_add_func ("/pctdash/chart/theme", test_theme);
  g_test_add_func ("/pctdash/chart/spec/tables", test_tables);
  g_test_add_func ("/pctdash/chart/render/timeline-event-discs", test_timeline_event_discs);
  g_test_add_func ("/pctdash/chart/per-head/draws", test_per_head_draws);
  g_test_add_func ("/pctdash/chart/per-head/colours", test_per_head_colours);
  g_test_add_func ("/pctdash/chart/per-head/hit-testing", test_per_head_hit_testing);
  g_test_add_func ("/pctdash/chart/per-head/labels-never-overlap", test_per_head_labels);
  g_test_add_func ("/pctdash/chart/per-head/empty-data-message", test_per_head_empty);
  g_test_add_func ("/pctdash/chart/per-head/svg-and-table", test_per_head_svg_and_table);

  return g_test_run ();
}
