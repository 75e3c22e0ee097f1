/* pd-application.c — the application: actions, accelerators, settings, start-up
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "pd-application.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  GSettings      *settings;

  guint           open_demo : 1;  /* --demo on the command line of this process */
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

/* The installed schema first; from a build tree, the one data/ compiled beside it, so the
 * app runs straight from the build directory without `meson install`. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

#ifdef PD_UNINSTALLED_SCHEMA_DIR
  if (schema == NULL && g_file_test (PD_UNINSTALLED_SCHEMA_DIR "/gschemas.compiled",
                                     G_FILE_TEST_EXISTS))
    {
      g_autoptr(GSettingsSchemaSource) build_source = NULL;

      build_source = g_settings_schema_source_new_from_directory (PD_UNINSTALLED_SCHEMA_DIR,
                                                                  source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APPLICATION_ID, FALSE);
    }
#endif

  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  PdApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close rather than quit, so every window saves its size on the way out. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The pctdash authors", NULL };

  adw_show_about_window (parent,
                         "application-name", "pctdash",
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "The pctdash authors",
                         "developers", developers,
                         "comments", _("Spend, CQUIN and quality for NHS commissioners, "
                                       "with board packs their boards can trust"),
                         "copyright", "© 2026 The pctdash authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static PdWindow *
ensure_window (PdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (PD_IS_WINDOW (window))
    return PD_WINDOW (window);
  return pd_window_new (self);
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer      user_data)
{
  PdApplication *self = user_data;
  PdWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  pd_window_open_demo (window);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "open-demo", open_demo_action },
};

static int
pd_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  PdApplication *self = PD_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("pctdash %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("pctdash: %s\n", error->message);
          return EXIT_FAILURE;
        }

      /* pctdash is already running: ask that instance to open the demo. */
      if (g_application_get_is_remote (application))
        {
          GDBusConnection *bus = g_application_get_dbus_connection (application);

          g_action_group_activate_action (G_ACTION_GROUP (application), "open-demo", NULL);
          if (bus != NULL)
            g_dbus_connection_flush_sync (bus, NULL, NULL);
          return EXIT_SUCCESS;
        }

      self->open_demo = TRUE;
    }

  return G_APPLICATION_CLASS (pd_application_parent_class)->handle_local_options (application,
                                                                                  options);
}

static void
pd_application_startup (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);
  GtkApplication *gtk_application = GTK_APPLICATION (application);

  /* GTK would only warn "cannot open display"; say what works without one. */
  if (!gtk_init_check ())
    {
      g_printerr ("pctdash: no display to show a window on. pctdash-cli works without one: "
                  "`pctdash-cli demo demo.pctdash`, then `pctdash-cli info -w demo.pctdash`.\n");
      exit (EXIT_FAILURE);
    }

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (application);

  self->settings = create_settings ();
  if (self->settings == NULL)
    {
      g_printerr ("pctdash: the settings schema %s is not installed: run `meson install`, or "
                  "set GSETTINGS_SCHEMA_DIR to the build’s data folder\n", APPLICATION_ID);
      exit (EXIT_FAILURE);
    }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (gtk_application, "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (gtk_application, "win.open",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (gtk_application, "win.import",
                                         (const char *[]) { "<Control>i", NULL });
  gtk_application_set_accels_for_action (gtk_application, "win.new",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (gtk_application, "win.export-pack",
                                         (const char *[]) { "<Control>e", NULL });
  gtk_application_set_accels_for_action (gtk_application, "win.save-as",
                                         (const char *[]) { "<Control><Shift>s", NULL });
  gtk_application_set_accels_for_action (gtk_application, "win.find",
                                         (const char *[]) { "<Control>f", NULL });
  gtk_application_set_accels_for_action (gtk_application, "win.show-help-overlay",
                                         (const char *[]) { "F1", "<Control>question", NULL });
  gtk_application_set_accels_for_action (gtk_application, "window.close",
                                         (const char *[]) { "<Control>w", NULL });
}

static void
pd_application_activate (GApplication *application)
{
  PdApplication *self = PD_APPLICATION (application);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *last = NULL;
  PdWindow *window;

  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }

  window = pd_window_new (self);
  gtk_window_present (GTK_WINDOW (window));

  if (self->open_demo)
    {
      self->open_demo = FALSE;
      pd_window_open_demo (window);
      return;
    }

  last = g_settings_get_string (self->settings, "last-workspace");
  if (last[0] == '\0')
    {
      /* First run: there is nothing to show but the demo, so build it and show it. */
      pd_window_open_demo (window);
    }
  else if (g_file_test (last, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (last);

      pd_window_open (window, file);
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (last);
      g_autofree char *text = NULL;
      AdwToast *toast;

      text = g_strdup_printf (_("The last workspace, “%s”, is no longer there"), name);
      toast = adw_toast_new (text);
      adw_toast_set_timeout (toast, 0);
      pd_window_add_toast (window, toast);
      g_settings_set_string (self->settings, "last-workspace", "");
    }
}

/* `pctdash FILE…`: each file in a window of its own, reusing an empty one. */
static void
pd_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  PdApplication *self = PD_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      PdWindow *window = NULL;

      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
        {
          if (PD_IS_WINDOW (l->data)
              && pd_window_get_workspace (l->data) == NULL
              && !pd_window_get_busy (l->data))
            {
              window = l->data;
              break;
            }
        }
      if (window == NULL)
        window = pd_window_new (self);

      gtk_window_present (GTK_WINDOW (window));
      pd_window_open (window, files[i]);
    }
}

static void
pd_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (pd_application_parent_class)->constructed (object);

  /* The resources keep their path whatever id the application runs under (GApplication
   * derives the path from the id, and only once constructed). */
  g_application_set_resource_base_path (G_APPLICATION (object), "/org/pctdash/Pctdash");
}

static void
pd_application_dispose (GObject *object)
{
  PdApplication *self = PD_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pd_application_parent_class)->dispose (object);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->constructed = pd_application_constructed;
  object_class->dispose = pd_application_dispose;

  application_class->handle_local_options = pd_application_handle_local_options;
  application_class->startup = pd_application_startup;
  application_class->activate = pd_application_activate;
  application_class->open = pd_application_open;
}

static void
pd_application_init (PdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo workspace, building it if needed"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[WORKSPACE…]"));
}

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

GSettings *
pd_application_get_settings (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->settings;
}

char *
pd_application_dup_demo_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "pctdash", "demo.pctdash", NULL);
}
