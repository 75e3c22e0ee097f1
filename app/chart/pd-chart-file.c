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

static cairo_status_t
append_to_string_cb (void                *closure,
                     const unsigned char *data,
                     unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo draws SVG text as glyph outlines, which no screen reader or search can read; a
 * <title> and <desc> right after the root element carry the chart's name and summary. */
static void
add_svg_text (GString           *svg,
              const PdChartSpec *spec)
{
  const char *root = strstr (svg->str, "<svg");
  const char *end = root != NULL ? strchr (root, '>') : NULL;
  g_autofree char *summary = pd_chart_spec_summarize (spec);
  g_autofree char *title = g_markup_escape_text (spec->title != NULL ? spec->title : "Chart", -1);
  g_autofree char *desc = g_markup_escape_text (summary, -1);
  g_autofree char *text = NULL;

  if (end == NULL)
    return;
  text = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", title, desc);
  g_string_insert (svg, end - svg->str + 1, text);
}

/**
 * pd_chart_render_to_bytes:
 * @spec: what to draw
 * @theme: how it looks
 * @format: PNG, SVG or PDF
 * @width: the chart's width in points (SVG, PDF) or pixels at scale 1 (PNG)
 * @height: its height
 * @scale: pixels per unit for PNG (2 for a sharp image on a high-density screen or in a
 *   printed pack); ignored by the vector formats
 * @error: return location for a #GError
 *
 * Renders one chart to a file's bytes with pd_chart_render(), so the file shows exactly
 * what the window shows; the board pack embeds these bytes. A PNG is laid out at
 * @width × @height and rendered at @scale, so a scale-2 image has the screen's layout
 * with twice the pixels. SVG and PDF carry the title and the text summary as metadata.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set.
 */
GBytes *
pd_chart_render_to_bytes (const PdChartSpec  *spec,
                          const PdChartTheme *theme,
                          PdChartFileFormat   format,
                          double              width,
                          double              height,
                          double              scale,
                          GError            **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (spec != NULL && theme != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(width >= 16 && height >= 16 && width <= 20000 && height <= 20000 &&
        scale >= 0.25 && scale <= 8 && width * scale <= 32767 && height * scale <= 32767))
    {
      g_set_error (error, PD_CHART_ERROR, PD_CHART_ERROR_FORMAT,
                   "A chart of %g × %g at scale %g is out of range", width, height, scale);
      return NULL;
    }

  switch (format)
    {
    case PD_CHART_FILE_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    case PD_CHART_FILE_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_string_cb, out, width, height);
      break;
    case PD_CHART_FILE_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_string_cb, out, width, height);
      if (spec->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, spec->title);
      {
        g_autofree char *summary = pd_chart_spec_summarize (spec);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, summary);
      }
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "pctdash");
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PD_CHART_ERROR, PD_CHART_ERROR_WRITE, "Could not draw the chart: %s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  if (format == PD_CHART_FILE_PNG)
    cairo_scale (cr, scale, scale);
  pd_chart_render (spec, theme, cr, width, height, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == PD_CHART_FILE_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_string_cb, out);
  /* Finishing flushes the vector formats into the stream. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PD_CHART_ERROR, PD_CHART_ERROR_WRITE, "Could not draw the chart: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  if (format == PD_CHART_FILE_SVG)
    add_svg_text (out, spec);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/**
 * pd_chart_write_file:
 * @spec: what to draw
 * @theme: how it looks
 * @path: the file to write; its extension (.png, .svg, .pdf) picks the format
 * @width: the chart's width (see pd_chart_render_to_bytes())
 * @height: its height
 * @scale: pixels per unit for PNG
 * @error: return location for a #GError
 *
 * Writes one chart to a file, atomically: a failed write leaves no half file behind.
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
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (spec != NULL && theme != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pd_chart_file_format_from_path (path, &format))
    {
      g_set_error (error, PD_CHART_ERROR, PD_CHART_ERROR_FORMAT,
                   "“%s” does not end in .png, .svg or .pdf", path);
      return FALSE;
    }
  bytes = pd_chart_render_to_bytes (spec, theme, format, width, height, scale, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents (path, data, (gssize) size, error))
    {
      g_prefix_error (error, "Could not write the chart: ");
      return FALSE;
    }
  return TRUE;
}
