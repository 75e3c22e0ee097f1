/* test-chart-reference.c — fixed charts against committed reference images
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Catches a chart that changed by accident. The references in tests/fixtures/chart/ are
 * re-blessed deliberately, after looking at them, with
 *   PD_CHART_BLESS=1 meson test -C BUILD test-chart-reference
 * which rewrites them and fails no test; never automatically. A small tolerance absorbs
 * FreeType's antialiasing differences between machines; a moved line or a changed colour
 * is far above it.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "chart-samples.h"
#include "pd-test-util.h"

typedef struct
{
  const char       *name;
  PdChartKind       kind;
  PdChartThemeKind  theme;
} Reference;

static const Reference references[] = {
  { "spc-light", PD_CHART_KIND_SPC, PD_CHART_THEME_LIGHT },
  { "funnel-dark", PD_CHART_KIND_FUNNEL, PD_CHART_THEME_DARK },
  { "spend-mix-print", PD_CHART_KIND_SPEND_MIX, PD_CHART_THEME_PRINT },
  { "matrix-light", PD_CHART_KIND_MATRIX, PD_CHART_THEME_LIGHT },
};

#define REFERENCE_WIDTH 800
#define REFERENCE_HEIGHT 450
/* A pixel differs when a channel is off by more than this… */
#define CHANNEL_TOLERANCE 48
/* …and the image matches while at most this share of pixels differ. */
#define MAX_DIFFERING 0.005

static cairo_surface_t *
render (const Reference *ref)
{
  g_autoptr(PdChartSpec) spec = chart_sample_new (ref->kind, FALSE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, REFERENCE_WIDTH,
                                                         REFERENCE_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PdChartTheme theme;

  pd_chart_theme_init (&theme, ref->theme);
  pd_chart_render (spec, &theme, cr, REFERENCE_WIDTH, REFERENCE_HEIGHT, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_reference (gconstpointer data)
{
  const Reference *ref = data;
  g_autofree char *file = g_strdup_printf ("%s.png", ref->name);
  g_autofree char *path = pd_test_fixture_path ("chart", file, NULL);
  cairo_surface_t *actual = render (ref);
  cairo_surface_t *expected;
  const unsigned char *a, *e;
  int stride_a, stride_e;
  gsize differing = 0;

  if (g_strcmp0 (g_getenv ("PD_CHART_BLESS"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (actual, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("blessed %s", path);
      cairo_surface_destroy (actual);
      return;
    }

  expected = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (expected) != CAIRO_STATUS_SUCCESS)
    g_error ("no reference image %s (bless with PD_CHART_BLESS=1)", path);
  g_assert_cmpint (cairo_image_surface_get_width (expected), ==, REFERENCE_WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (expected), ==, REFERENCE_HEIGHT);

  a = cairo_image_surface_get_data (actual);
  e = cairo_image_surface_get_data (expected);
  stride_a = cairo_image_surface_get_stride (actual);
  stride_e = cairo_image_surface_get_stride (expected);
  for (int y = 0; y < REFERENCE_HEIGHT; y++)
    for (int x = 0; x < REFERENCE_WIDTH; x++)
      {
        guint32 pa = *(const guint32 *) (a + y * stride_a + x * 4);
        guint32 pe = *(const guint32 *) (e + y * stride_e + x * 4);
        for (int shift = 0; shift <= 16; shift += 8)
          if (abs ((int) ((pa >> shift) & 0xff) - (int) ((pe >> shift) & 0xff)) > CHANNEL_TOLERANCE)
            {
              differing++;
              break;
            }
      }
  g_test_message ("%s: %" G_GSIZE_FORMAT " pixels differ", ref->name, differing);
  if ((double) differing / (REFERENCE_WIDTH * REFERENCE_HEIGHT) > MAX_DIFFERING)
    {
      g_autofree char *scratch = g_build_filename (g_get_tmp_dir (), file, NULL);
      cairo_surface_write_to_png (actual, scratch);
      g_error ("%s differs from its reference in %" G_GSIZE_FORMAT " pixels; the new image "
               "is %s", ref->name, differing, scratch);
    }
  cairo_surface_destroy (expected);
  cairo_surface_destroy (actual);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pctdash/chart/reference/%s", references[i].name);
      g_test_add_data_func (path, &references[i], test_reference);
    }
  return g_test_run ();
}
