/* pd-chart-geometry.c — hit areas and placed labels of a rendered chart
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "chart/pd-chart-private.h"

static void
clear_label (gpointer data)
{
  PdChartLabel *label = data;
  g_free (label->text);
}

/**
 * pd_chart_geometry_new:
 *
 * Returns: (transfer full): an empty geometry; pd_chart_render() fills one.
 */
PdChartGeometry *
pd_chart_geometry_new (void)
{
  PdChartGeometry *geometry = g_new0 (PdChartGeometry, 1);

  geometry->items = g_array_new (FALSE, FALSE, sizeof (PdChartItem));
  geometry->labels = g_array_new (FALSE, FALSE, sizeof (PdChartLabel));
  g_array_set_clear_func (geometry->labels, clear_label);
  return geometry;
}

/**
 * pd_chart_geometry_free:
 * @geometry: (nullable): a geometry
 *
 * Frees @geometry.
 */
void
pd_chart_geometry_free (PdChartGeometry *geometry)
{
  if (geometry == NULL)
    return;
  g_array_unref (geometry->items);
  g_array_unref (geometry->labels);
  g_free (geometry);
}

/**
 * pd_chart_geometry_get_plot_area:
 * @geometry: a geometry
 * @out_area: (out): the plot area (inside the axes)
 *
 * The plot area, where a pointer means "the data" rather than a title or a legend.
 */
void
pd_chart_geometry_get_plot_area (const PdChartGeometry *geometry,
                                 PdChartRect           *out_area)
{
  g_return_if_fail (geometry != NULL && out_area != NULL);
  *out_area = geometry->plot;
}

/**
 * pd_chart_geometry_get_n_items:
 * @geometry: a geometry
 *
 * Returns: how many marks carry a hit area.
 */
guint
pd_chart_geometry_get_n_items (const PdChartGeometry *geometry)
{
  g_return_val_if_fail (geometry != NULL, 0);
  return geometry->items->len;
}

/**
 * pd_chart_geometry_get_item:
 * @geometry: a geometry
 * @i: an index below pd_chart_geometry_get_n_items()
 *
 * Returns: (transfer none): the item.
 */
const PdChartItem *
pd_chart_geometry_get_item (const PdChartGeometry *geometry,
                            guint                  i)
{
  g_return_val_if_fail (geometry != NULL && i < geometry->items->len, NULL);
  return &g_array_index (geometry->items, PdChartItem, i);
}

/**
 * pd_chart_geometry_find:
 * @geometry: a geometry
 * @type: the item type
 * @series: the series (row)
 * @index: the index in the series
 *
 * Returns: (transfer none) (nullable): the item drawn for that datum, or %NULL when it
 * was not drawn as a mark of its own (a thinned point, say).
 */
const PdChartItem *
pd_chart_geometry_find (const PdChartGeometry *geometry,
                        PdChartItemType        type,
                        guint                  series,
                        guint                  index)
{
  g_return_val_if_fail (geometry != NULL, NULL);

  for (guint i = 0; i < geometry->items->len; i++)
    {
      const PdChartItem *item = &g_array_index (geometry->items, PdChartItem, i);
      if (item->type == type && item->series == series && item->index == index)
        return item;
    }
  return NULL;
}

/**
 * pd_chart_geometry_hit_test:
 * @geometry: a geometry
 * @x: a position in the user space the chart was rendered in
 * @y: the same
 *
 * Finds the item under a pointer. When hit areas overlap (crowded points) the one whose
 * centre is nearest wins, so a tooltip names the mark the user is pointing at.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL.
 */
const PdChartItem *
pd_chart_geometry_hit_test (const PdChartGeometry *geometry,
                            double                 x,
                            double                 y)
{
  const PdChartItem *best = NULL;
  double best_distance = INFINITY;

  g_return_val_if_fail (geometry != NULL, NULL);

  for (guint i = 0; i < geometry->items->len; i++)
    {
      const PdChartItem *item = &g_array_index (geometry->items, PdChartItem, i);
      double distance;

      if (!pd_chart_rect_contains (&item->area, x, y))
        continue;
      distance = hypot (x - item->cx, y - item->cy);
      if (distance < best_distance)
        {
          best = item;
          best_distance = distance;
        }
    }
  return best;
}

/**
 * pd_chart_geometry_get_n_labels:
 * @geometry: a geometry
 *
 * Returns: how many texts the renderer placed.
 */
guint
pd_chart_geometry_get_n_labels (const PdChartGeometry *geometry)
{
  g_return_val_if_fail (geometry != NULL, 0);
  return geometry->labels->len;
}

/**
 * pd_chart_geometry_get_label:
 * @geometry: a geometry
 * @i: an index below pd_chart_geometry_get_n_labels()
 *
 * Returns: (transfer none): the label: its role, box and text.
 */
const PdChartLabel *
pd_chart_geometry_get_label (const PdChartGeometry *geometry,
                             guint                  i)
{
  g_return_val_if_fail (geometry != NULL && i < geometry->labels->len, NULL);
  return &g_array_index (geometry->labels, PdChartLabel, i);
}

/**
 * pd_chart_geometry_has_message:
 * @geometry: a geometry
 *
 * Returns: %TRUE when the chart drew a message ("No data…") instead of data.
 */
gboolean
pd_chart_geometry_has_message (const PdChartGeometry *geometry)
{
  g_return_val_if_fail (geometry != NULL, FALSE);
  return geometry->message;
}

/**
 * pd_chart_rect_contains:
 * @rect: a rectangle
 * @x: a position
 * @y: a position
 *
 * Returns: %TRUE when (@x, @y) lies in @rect, edges included.
 */
gboolean
pd_chart_rect_contains (const PdChartRect *rect,
                        double             x,
                        double             y)
{
  g_return_val_if_fail (rect != NULL, FALSE);
  return x >= rect->x && x <= rect->x + rect->width &&
         y >= rect->y && y <= rect->y + rect->height;
}

/**
 * pd_chart_rect_intersects:
 * @a: a rectangle
 * @b: another
 *
 * Returns: %TRUE when the two overlap by more than a touching edge.
 */
gboolean
pd_chart_rect_intersects (const PdChartRect *a,
                          const PdChartRect *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}
