/* pd-column-layout.c — a bin layout whose width does not depend on the height it is given
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A column of rows with wrapped labels beside a chart, in a horizontal box: the box asks
 * each child its width for the box's height, and GtkLabel answers that question for a
 * wrapped label by a binary search over widths, laying the text out (shaping it) at each
 * one, for every label of every row, on every layout whose height or texts changed. A
 * column's width never depends on its height, so this layout answers the width the child
 * has with no height given (measured once per text and cached by GTK) and asks the height
 * for the width it allocates: one layout of each label at that width.
 */

#include "config.h"

#include "pd-column-layout.h"

struct _PdColumnLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (PdColumnLayout, pd_column_layout, GTK_TYPE_LAYOUT_MANAGER)

static GtkSizeRequestMode
pd_column_layout_get_request_mode (GtkLayoutManager *manager,
                                   GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pd_column_layout_measure (GtkLayoutManager *manager,
                          GtkWidget        *widget,
                          GtkOrientation    orientation,
                          int               for_size,
                          int              *minimum,
                          int              *natural,
                          int              *minimum_baseline,
                          int              *natural_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation,
                          orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                          &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
pd_column_layout_allocate (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           int               width,
                           int               height,
                           int               baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, -1, NULL);
}

static void
pd_column_layout_class_init (PdColumnLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = pd_column_layout_get_request_mode;
  layout_class->measure = pd_column_layout_measure;
  layout_class->allocate = pd_column_layout_allocate;
}

static void
pd_column_layout_init (PdColumnLayout *self)
{
}

/* A layout for a widget with one child (or children stacked, as GtkBinLayout does) that
 * is a column: its width is the child's with no height given. */
GtkLayoutManager *
pd_column_layout_new (void)
{
  return g_object_new (PD_TYPE_COLUMN_LAYOUT, NULL);
}
