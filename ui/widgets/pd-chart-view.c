/* pd-chart-view.c — one chart on screen: cached drawing, tooltips, clicks, a menu
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core's renderer draws the chart once into an image at the widget's scale, held in a
 * render node that is replayed until the size, the scale, the spec or the theme changes;
 * only the hover outline is drawn afresh each frame. Tooltips and clicks are answered from the geometry
 * the same render handed back, so what is hit is exactly what was drawn.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pd-chart-data-window.h"
#include "pd-chart-view.h"

struct _PdChartView
{
  GtkWidget        parent_instance;

  /* Owned */
  PdChartSpec     *spec;
  PdChartGeometry *geometry;
  GskRenderNode   *node;
  cairo_surface_t *image;         /* the node's pixels, kept while the node lives */
  char            *summary;
  GtkWidget       *menu;          /* a GtkPopoverMenu parented to the view */
  GtkFileChooserNative *chooser;

  PdChartTheme     theme;
  int              node_width;
  int              node_height;
  int              node_scale;
  guint            n_renders;
  int              hover;         /* the item under the pointer, or -1 */
  double           menu_x;
  double           menu_y;

  guint            follow_style : 1;  /* the theme follows AdwStyleManager */
};

G_DEFINE_FINAL_TYPE (PdChartView, pd_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  PROP_THEME_KIND,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  QUERY_ITEM_TOOLTIP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_node (PdChartView *self)
{
  /* The node first: an image destroyed under Cairo's recording of it is copied. */
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_pointer (&self->image, cairo_surface_destroy);
}

static void
invalidate (PdChartView *self)
{
  clear_node (self);
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_accessible (PdChartView *self)
{
  const char *title = self->spec != NULL ? pd_chart_spec_get_title (self->spec) : NULL;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary != NULL ? self->summary : "",
                                  -1);
}

static void
set_theme (PdChartView      *self,
           PdChartThemeKind  kind)
{
  if (self->theme.kind == kind)
    return;

  pd_chart_theme_init (&self->theme, kind);
  self->node_width = 0;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THEME_KIND]);
}

static void
style_changed_cb (PdChartView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  PdChartThemeKind kind;

  if (!self->follow_style)
    return;

  if (adw_style_manager_get_high_contrast (manager))
    kind = PD_CHART_THEME_HIGH_CONTRAST;
  else if (adw_style_manager_get_dark (manager))
    kind = PD_CHART_THEME_DARK;
  else
    kind = PD_CHART_THEME_LIGHT;
  set_theme (self, kind);
}

/* The chart is rasterised once into an image at the widget's scale and the node paints
 * that image: a frame then composites pixels, the part it needs, instead of replaying
 * every path and glyph of the chart (with GTK's Cairo renderer a recorded matrix of
 * 2,400 icons cost some 15 ms each frame that showed it; the image costs the renderer's
 * 1-4 ms once). An image target also takes the renderer's raster fast paths (stamped
 * icons and discs), which a recording replayed later cannot. */
static void
ensure_node (PdChartView *self,
             int          width,
             int          height)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  PdChartGeometry *geometry = NULL;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *image;
  cairo_t *cr;

  if (self->node != NULL && self->node_width == width && self->node_height == height &&
      self->node_scale == scale)
    return;

  clear_node (self);
  g_clear_pointer (&self->geometry, pd_chart_geometry_free);
  self->node_width = width;
  self->node_height = height;
  self->node_scale = scale;
  if (self->spec == NULL || width <= 0 || height <= 0)
    return;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (image, scale, scale);
  cr = cairo_create (image);
  pd_chart_render (self->spec, &self->theme, cr, width, height, &geometry);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  self->geometry = geometry;

  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_surface (cr, image, 0, 0);
  /* Whole pixels at any offset (a scrolled chart may sit between two): sharp, not blurred. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_destroy (cr);
  self->image = image;
  self->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  self->n_renders++;
}

/* A chart out of sight (a view the stack does not show) keeps no pixels: its image is
 * width × height × 4 bytes at the screen's scale, a few megabytes a chart, and the app
 * has a dozen charts. Mapped again, it is drawn once more. The geometry (for tooltips,
 * clicks and the keyboard) is small and stays. */
static void
pd_chart_view_unmap (GtkWidget *widget)
{
  PdChartView *self = PD_CHART_VIEW (widget);

  clear_node (self);

  GTK_WIDGET_CLASS (pd_chart_view_parent_class)->unmap (widget);
}

static void
pd_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PdChartView *self = PD_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  ensure_node (self, width, height);
  if (self->node == NULL)
    return;

  gtk_snapshot_append_node (snapshot, self->node);

  if (self->geometry != NULL && self->hover >= 0 &&
      (guint) self->hover < pd_chart_geometry_get_n_items (self->geometry))
    {
      const PdChartItem *item = pd_chart_geometry_get_item (self->geometry, self->hover);
      GskRoundedRect outline;
      const PdChartColor *c = &self->theme.highlight;
      GdkRGBA color = { c->red, c->green, c->blue, 1.0 };
      float w = 2.0f;

      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (item->area.x - 1, item->area.y - 1,
                                                            item->area.width + 2,
                                                            item->area.height + 2),
                                       2.0f);
      gtk_snapshot_append_border (snapshot, &outline,
                                  (float[4]) { w, w, w, w },
                                  (GdkRGBA[4]) { color, color, color, color });
    }
}

static GtkSizeRequestMode
pd_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
pd_chart_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  /* Below this a chart's labels collide; the renderer says "too small" but it helps no one. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 640;
    }
  else
    {
      *minimum = 200;
      *natural = 400;
    }
}

static void
pd_chart_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  PdChartView *self = PD_CHART_VIEW (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static int
item_at (PdChartView *self,
         double       x,
         double       y)
{
  const PdChartItem *item;

  if (self->geometry == NULL)
    return -1;
  item = pd_chart_geometry_hit_test (self->geometry, x, y);
  if (item == NULL)
    return -1;
  for (guint i = 0; i < pd_chart_geometry_get_n_items (self->geometry); i++)
    if (pd_chart_geometry_get_item (self->geometry, i) == item)
      return (int) i;
  return -1;
}

/* The spec's description of @item, and the owner's line under it. */
static char *
describe_item (PdChartView       *self,
               const PdChartItem *item)
{
  g_autofree char *text = pd_chart_spec_describe_item (self->spec, item);
  g_autofree char *extra = NULL;

  g_signal_emit (self, signals[QUERY_ITEM_TOOLTIP], 0, (guint) item->type, item->series,
                 item->index, &extra);
  if (extra == NULL)
    return g_steal_pointer (&text);
  return g_strdup_printf ("%s\n%s", text, extra);
}

static void
motion_cb (PdChartView *self,
           double       x,
           double       y)
{
  int hover = item_at (self, x, y);

  if (hover == self->hover)
    return;
  self->hover = hover;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hover >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (PdChartView *self)
{
  if (self->hover < 0)
    return;
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
query_tooltip_cb (PdChartView *self,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip)
{
  g_autofree char *text = NULL;

  if (keyboard && self->geometry != NULL && self->hover >= 0 &&
      (guint) self->hover < pd_chart_geometry_get_n_items (self->geometry))
    {
      const PdChartItem *item = pd_chart_geometry_get_item (self->geometry, self->hover);

      text = describe_item (self, item);
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) item->area.x,
                                                           (int) item->area.y,
                                                           MAX ((int) item->area.width, 1),
                                                           MAX ((int) item->area.height, 1) });
    }
  else
    text = pd_chart_view_dup_tooltip_at (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Keyboard: the arrows walk the marks in the renderer's order, Enter opens the one
 * focused, and its tooltip is what a pointer over it would show. */
static void
move_focus (PdChartView *self,
            int          delta)
{
  guint n;

  if (self->geometry == NULL || (n = pd_chart_geometry_get_n_items (self->geometry)) == 0)
    return;
  if (self->hover < 0)
    self->hover = delta > 0 ? 0 : (int) n - 1;
  else
    self->hover = CLAMP (self->hover + delta, 0, (int) n - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static gboolean
key_pressed_cb (PdChartView     *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  const PdChartItem *item;

  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Right:
    case GDK_KEY_KP_Down:
      move_focus (self, 1);
      return TRUE;

    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Left:
    case GDK_KEY_KP_Up:
      move_focus (self, -1);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->geometry == NULL || self->hover < 0 ||
          (guint) self->hover >= pd_chart_geometry_get_n_items (self->geometry))
        return FALSE;
      item = pd_chart_geometry_get_item (self->geometry, self->hover);
      g_signal_emit (self, signals[ITEM_ACTIVATED], 0, (guint) item->type, item->series,
                     item->index);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
popup_menu (PdChartView *self,
            double       x,
            double       y)
{
  self->menu_x = x;
  self->menu_y = y;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
pressed_cb (PdChartView     *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkEvent *event = gtk_gesture_get_last_event (GTK_GESTURE (gesture), NULL);

  if (button == GDK_BUTTON_SECONDARY || (event != NULL && gdk_event_triggers_context_menu (event)))
    {
      popup_menu (self, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }

  if (button == GDK_BUTTON_PRIMARY && n_press == 1)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self));
      if (pd_chart_view_activate_at (self, x, y))
        gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdChartView *self = PD_CHART_VIEW (widget);

  popup_menu (self, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

/* Files and the clipboard leave the screen: they get the light theme, which reads on
 * paper and in a document whatever the desktop's style. */
static void
copy_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PdChartView *self = PD_CHART_VIEW (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  PdChartTheme light;
  int width = MAX (gtk_widget_get_width (widget), 640);
  int height = MAX (gtk_widget_get_height (widget), 400);

  if (self->spec == NULL)
    return;
  pd_chart_theme_init (&light, PD_CHART_THEME_LIGHT);
  bytes = pd_chart_render_to_bytes (self->spec, &light, PD_CHART_FILE_PNG, width, height, 2.0,
                                    &error);
  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      g_warning ("Could not copy the chart: %s", error->message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

static void
show_error (PdChartView  *self,
            const char   *heading,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (PdChartView          *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  PdChartFileFormat format;
  PdChartTheme light;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || self->spec == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    return;
  /* No extension typed: PNG, what most people paste into a document. */
  if (!pd_chart_file_format_from_path (path, &format))
    {
      char *with_png = g_strconcat (path, ".png", NULL);
      g_free (path);
      path = with_png;
    }
  pd_chart_theme_init (&light, PD_CHART_THEME_LIGHT);
  if (!pd_chart_write_file (self->spec, &light, path,
                            MAX (gtk_widget_get_width (GTK_WIDGET (self)), 640),
                            MAX (gtk_widget_get_height (GTK_WIDGET (self)), 400),
                            2.0, &error))
    show_error (self, _("Could Not Save the Chart"), error);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PdChartView *self = PD_CHART_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *title;
  g_autofree char *name = NULL;

  if (self->spec == NULL)
    return;
  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Save Chart"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("PNG Image"), "*.png", "image/png");
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("SVG Image"), "*.svg", "image/svg+xml");
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("PDF Document"), "*.pdf", "application/pdf");

  /* The title, made safe as a file name: a board paper's chart keeps its name. */
  title = pd_chart_spec_get_title (self->spec);
  name = g_strdup (title != NULL && *title != '\0' ? title : _("Chart"));
  g_strdelimit (name, "/\\:*?\"<>|", '-');
  {
    g_autofree char *file_name = g_strconcat (name, ".png", NULL);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
  }

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
show_data_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdChartView *self = PD_CHART_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *window;

  if (self->spec == NULL)
    return;
  window = pd_chart_data_window_new (self->spec);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
pd_chart_view_dispose (GObject *object)
{
  PdChartView *self = PD_CHART_VIEW (object);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (),
                                        style_changed_cb, self);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  clear_node (self);
  g_clear_pointer (&self->geometry, pd_chart_geometry_free);
  g_clear_pointer (&self->spec, pd_chart_spec_free);

  G_OBJECT_CLASS (pd_chart_view_parent_class)->dispose (object);
}

static void
pd_chart_view_finalize (GObject *object)
{
  PdChartView *self = PD_CHART_VIEW (object);

  g_free (self->summary);

  G_OBJECT_CLASS (pd_chart_view_parent_class)->finalize (object);
}

static void
pd_chart_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdChartView *self = PD_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_THEME_KIND:
      g_value_set_int (value, self->theme.kind);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_chart_view_class_init (PdChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_chart_view_dispose;
  object_class->finalize = pd_chart_view_finalize;
  object_class->get_property = pd_chart_view_get_property;

  widget_class->snapshot = pd_chart_view_snapshot;
  widget_class->unmap = pd_chart_view_unmap;
  widget_class->measure = pd_chart_view_measure;
  widget_class->get_request_mode = pd_chart_view_get_request_mode;
  widget_class->size_allocate = pd_chart_view_size_allocate;

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_THEME_KIND] =
    g_param_spec_int ("theme-kind", NULL, NULL,
                      PD_CHART_THEME_LIGHT, PD_CHART_THEME_PRINT, PD_CHART_THEME_LIGHT,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdChartView::item-activated:
   * @type: the item's PdChartItemType
   * @series: its series (a row)
   * @index: its index (a column, a point)
   *
   * A mark was clicked: the view drills down into what it stands for.
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * PdChartView::query-item-tooltip:
   * @type: the item's PdChartItemType
   * @series: its series (a row)
   * @index: its index (a column, a point)
   *
   * Lets the view that owns the chart add a line the spec cannot know, such as an
   * indicator's latest value and target, under the item's own description.
   *
   * Returns: (transfer full) (nullable): the line, or %NULL
   */
  signals[QUERY_ITEM_TOOLTIP] =
    g_signal_new ("query-item-tooltip",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_first_wins, NULL, NULL,
                  G_TYPE_STRING, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "chart.copy-image", NULL, copy_image_action);
  gtk_widget_class_install_action (widget_class, "chart.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "chart.show-data", NULL, show_data_action);
  gtk_widget_class_install_action (widget_class, "chart.menu", NULL, menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "chart.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "chart.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "chart.copy-image", NULL);
}

static void
pd_chart_view_init (PdChartView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkEventController *motion;
  GtkEventController *key;
  GtkGesture *click;

  self->hover = -1;
  self->follow_style = TRUE;
  pd_chart_theme_init (&self->theme, PD_CHART_THEME_LIGHT);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  key = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_menu_append (menu, _("_Copy Image"), "chart.copy-image");
  g_menu_append (menu, _("_Save As…"), "chart.save-as");
  g_menu_append (menu, _("Show _Data"), "chart.show-data");
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  style_changed_cb (self);

  update_accessible (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.copy-image", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.save-as", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.show-data", FALSE);
}

/* ---- public API --------------------------------------------------------------------------- */

GtkWidget *
pd_chart_view_new (void)
{
  return g_object_new (PD_TYPE_CHART_VIEW, NULL);
}

/* Shows @spec (transfer full; NULL: nothing), re-rendered at the next frame. */
void
pd_chart_view_set_spec (PdChartView *self,
                        PdChartSpec *spec)
{
  g_return_if_fail (PD_IS_CHART_VIEW (self));

  if (self->spec == spec)
    return;

  g_clear_pointer (&self->spec, pd_chart_spec_free);
  g_clear_pointer (&self->geometry, pd_chart_geometry_free);
  self->spec = spec;
  g_free (self->summary);
  self->summary = spec != NULL ? pd_chart_spec_summarize (spec) : NULL;
  self->node_width = 0;
  invalidate (self);
  update_accessible (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.copy-image", spec != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.save-as", spec != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chart.show-data", spec != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

const PdChartSpec *
pd_chart_view_get_spec (PdChartView *self)
{
  g_return_val_if_fail (PD_IS_CHART_VIEW (self), NULL);

  return self->spec;
}

/* What a screen reader says: the spec's text summary, also the accessible description. */
const char *
pd_chart_view_get_summary (PdChartView *self)
{
  g_return_val_if_fail (PD_IS_CHART_VIEW (self), NULL);

  return self->summary;
}

PdChartThemeKind
pd_chart_view_get_theme_kind (PdChartView *self)
{
  g_return_val_if_fail (PD_IS_CHART_VIEW (self), PD_CHART_THEME_LIGHT);

  return self->theme.kind;
}

/* Fixes the theme, no longer following the desktop's style (the print preview, tests). */
void
pd_chart_view_set_theme_kind (PdChartView      *self,
                              PdChartThemeKind  kind)
{
  g_return_if_fail (PD_IS_CHART_VIEW (self));

  self->follow_style = FALSE;
  set_theme (self, kind);
}

/* The geometry of the last render, or NULL before the first frame. */
const PdChartGeometry *
pd_chart_view_get_geometry (PdChartView *self)
{
  g_return_val_if_fail (PD_IS_CHART_VIEW (self), NULL);

  return self->geometry;
}

/* How many times the chart was drawn with Cairo: frames in between replay the node. */
guint
pd_chart_view_get_n_renders (PdChartView *self)
{
  g_return_val_if_fail (PD_IS_CHART_VIEW (self), 0);

  return self->n_renders;
}

/* What a click at (@x, @y) does: emits ::item-activated for the mark there. */
gboolean
pd_chart_view_activate_at (PdChartView *self,
                           double       x,
                           double       y)
{
  const PdChartItem *item;

  g_return_val_if_fail (PD_IS_CHART_VIEW (self), FALSE);

  if (self->geometry == NULL)
    return FALSE;
  item = pd_chart_geometry_hit_test (self->geometry, x, y);
  if (item == NULL)
    return FALSE;
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, (guint) item->type, item->series, item->index);
  return TRUE;
}

/* The tooltip at (@x, @y), or NULL where there is no mark. */
char *
pd_chart_view_dup_tooltip_at (PdChartView *self,
                              double       x,
                              double       y)
{
  const PdChartItem *item;

  g_return_val_if_fail (PD_IS_CHART_VIEW (self), NULL);

  if (self->geometry == NULL || self->spec == NULL)
    return NULL;
  item = pd_chart_geometry_hit_test (self->geometry, x, y);
  if (item == NULL)
    return NULL;
  return describe_item (self, item);
}
