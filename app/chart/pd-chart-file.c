/* pd-chart-file.c — charts to PNG, SVG and PDF files through the one render call
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#include "chart/pd-chart-private.h"

/**
 * pd_chart_file_format_from_path:
 * @path: a file name
 * @out_format: (out): the format its extension names
 *
 * Returns: %TRUE when @path ends in .png, .svg or .pdf (any case).
 */
gboolean
pd_chart_file_format_from_path (const char        *path,
                                PdChartFileFormat *out_format)
{
  const char *dot;

  g_return_val_if_fail (path != NULL && out_format != NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *out_format = PD_CHART_FILE_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *out_format = PD_CHART_FILE_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *out_format = PD_CHART_FILE_PDF;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, PD_CHART_ERROR, PD_CHART_ERROR_WRITE, "Could not write “%s”: %s",
               path, cairo_status_to_string (status));
  return FALSE;
}

/**
 * pd_chart_write_file:
 * @spec: what to draw
 * @theme: how it looks
 * @path: the file to write; its extension (.png, .svg, .pdf) picks the format
 * @width: the chart's width in points (SVG, PDF) or pixels at scale 1 (PNG)
 * @height: its height
 * @scale: pixels per unit for PNG (2 for a sharp image on a high-density screen or in a
 *   printed pack); ignored by the vector formats
 * @error: return location for a #GError
 *
 * Writes one chart to a file with pd_chart_render(), so the file shows exactly what the
 * window shows. A PNG is laid out at @width × @height and rendered at @scale, so a
 * scale-2 image has the same layout as the screen with twice the pixels.
 *
 * Returns: %TRUE on success.
 */
gboolean
pd_chart_write_file (const PdChartSpec  *spec,
                     const PdChartTheme *theme,
                     const char         *path,
                     double              width,
                     double              height,
                     double              scale,
                     GError            **error)
{
  PdChartFileFormat format;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (spec != NULL && theme != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pd_chart_file_format_from_path (path, &format))
    {
      g_set_error (error, PD_CHART_ERROR, PD_CHART_ERROR_FORMAT,
                   "“%s” does not end in .png, .svg or .pdf", path);
      return FALSE;
    }
  if (!(width >= 16 && height >= 16 && width <= 20000 && height <= 20000 &&
        scale >= 0.25 && scale <= 8 && width * scale <= 32767 && height * scale <= 32767))
    {
      g_set_error (error, PD_CHART_ERROR, PD_CHART_ERROR_FORMAT,
                   "A chart of %g × %g at scale %g is out of range", width, height, scale);
      return FALSE;
    }

  switch (format)
    {
    case PD_CHART_FILE_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    case PD_CHART_FILE_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case PD_CHART_FILE_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!check_status (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  cr = cairo_create (surface);
  if (format == PD_CHART_FILE_PNG)
    cairo_scale (cr, scale, scale);
  pd_chart_render (spec, theme, cr, width, height, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == PD_CHART_FILE_PNG)
    status = cairo_surface_write_to_png (surface, path);
  /* Finishing flushes the vector formats to disk; their write errors surface here. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, path, error);
}
