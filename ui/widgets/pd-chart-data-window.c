/* pd-chart-data-window.c — a chart's data as a table, with a copy as CSV
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same table the board pack and pctdash-cli print (pd_chart_spec_to_table), so what
 * a screen reader user or an analyst checks is exactly what the chart drew. Each row is
 * a GtkStringList of its formatted cells; the columns come from the table.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pd-chart-data-window.h"

struct _PdChartDataWindow
{
  AdwWindow       parent_instance;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkColumnView  *table;
  GListStore     *store;

  /* Owned */
  char           *csv;
};

G_DEFINE_FINAL_TYPE (PdChartDataWindow, pd_chart_data_window, ADW_TYPE_WINDOW)

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkStringList *row = gtk_list_item_get_item (item);
  const char *text = gtk_string_list_get_string (row, GPOINTER_TO_UINT (user_data));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
copy_csv_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PdChartDataWindow *self = PD_CHART_DATA_WINDOW (widget);

  if (self->csv != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->csv);
}

static void
pd_chart_data_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_CHART_DATA_WINDOW);

  G_OBJECT_CLASS (pd_chart_data_window_parent_class)->dispose (object);
}

static void
pd_chart_data_window_finalize (GObject *object)
{
  PdChartDataWindow *self = PD_CHART_DATA_WINDOW (object);

  g_free (self->csv);

  G_OBJECT_CLASS (pd_chart_data_window_parent_class)->finalize (object);
}

static void
pd_chart_data_window_class_init (PdChartDataWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_chart_data_window_dispose;
  object_class->finalize = pd_chart_data_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/pctdash/Pctdash/ui/pd-chart-data-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdChartDataWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdChartDataWindow, table);
  gtk_widget_class_bind_template_child (widget_class, PdChartDataWindow, store);

  gtk_widget_class_install_action (widget_class, "data.copy-csv", NULL, copy_csv_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_chart_data_window_init (PdChartDataWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pd_chart_data_window_new:
 * @spec: the chart whose data to show; read now, not kept
 *
 * Returns: (transfer floating): a window with the chart's table
 */
GtkWidget *
pd_chart_data_window_new (const PdChartSpec *spec)
{
  g_autoptr(PdChartTable) table = NULL;
  PdChartDataWindow *self;
  const char *title;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (PD_TYPE_CHART_DATA_WINDOW, NULL);
  table = pd_chart_spec_to_table (spec);
  self->csv = pd_chart_table_to_csv (table);

  title = pd_chart_spec_get_title (spec);
  if (title != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_window_title_set_subtitle (self->window_title, title);
    }

  for (guint c = 0; c < table->n_columns; c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (table->columns[c], g_object_ref (factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->table, column);
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      g_autoptr(GtkStringList) row =
        gtk_string_list_new ((const char * const *) g_ptr_array_index (table->rows, r));

      g_list_store_append (self->store, row);
    }

  return GTK_WIDGET (self);
}

GtkColumnView *
pd_chart_data_window_get_table (PdChartDataWindow *self)
{
  g_return_val_if_fail (PD_IS_CHART_DATA_WINDOW (self), NULL);

  return self->table;
}

/* The table as CSV, as "Copy as CSV" puts it on the clipboard. */
const char *
pd_chart_data_window_get_csv (PdChartDataWindow *self)
{
  g_return_val_if_fail (PD_IS_CHART_DATA_WINDOW (self), NULL);

  return self->csv;
}
