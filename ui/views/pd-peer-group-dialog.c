/* pd-peer-group-dialog.c — make or edit a peer group: name, description, providers
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog only collects: it emits ::save with what was entered, and whoever opened it
 * writes the group (off the main loop) and then closes it, or shows the error in it (a
 * name another group has) so nothing typed is lost. The checklist holds the providers;
 * members that are not providers (a commissioner, or a code whose organisation left with
 * an import) are kept as they were.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-peer-group-dialog.h"

struct _PdPeerGroupDialog
{
  AdwWindow       parent_instance;

  GtkWidget      *save_button;
  GtkLabel       *error_label;
  AdwEntryRow    *name_row;
  AdwEntryRow    *description_row;
  GHashTable     *checks;        /* code → GtkCheckButton (borrowed) */
  GPtrArray      *kept;          /* of char *: members the checklist does not show */
  gint64          id;            /* 0 for a new group */
};

G_DEFINE_FINAL_TYPE (PdPeerGroupDialog, pd_peer_group_dialog, ADW_TYPE_WINDOW)

enum {
  SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_save (PdPeerGroupDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  gtk_widget_set_sensitive (self->save_button, *name != '\0');
}

static void
save_clicked_cb (PdPeerGroupDialog *self)
{
  g_auto(GStrv) members = pd_peer_group_dialog_dup_members (self);

  if (!gtk_widget_get_sensitive (self->save_button))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[SAVE], 0,
                 gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                 gtk_editable_get_text (GTK_EDITABLE (self->description_row)),
                 members);
}

static void
pd_peer_group_dialog_finalize (GObject *object)
{
  PdPeerGroupDialog *self = PD_PEER_GROUP_DIALOG (object);

  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->kept, g_ptr_array_unref);

  G_OBJECT_CLASS (pd_peer_group_dialog_parent_class)->finalize (object);
}

static void
pd_peer_group_dialog_class_init (PdPeerGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pd_peer_group_dialog_finalize;

  /**
   * PdPeerGroupDialog::save:
   * @name: the name as typed
   * @description: the description as typed
   * @members: (array zero-terminated=1): the codes of the members
   *
   * Save was pressed with a name. The handler writes the group, then closes the dialog
   * or calls pd_peer_group_dialog_show_error().
   */
  signals[SAVE] = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRV);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pd_peer_group_dialog_init (PdPeerGroupDialog *self)
{
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->kept = g_ptr_array_new_with_free_func (g_free);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const PdOrganisation *x = *(const PdOrganisation * const *) a;
  const PdOrganisation *y = *(const PdOrganisation * const *) b;

  return g_utf8_collate (x->name, y->name);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * pd_peer_group_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @group: (nullable): the group to edit, or %NULL for a new one
 * @providers: (element-type PdOrganisation): the providers to choose from
 *
 * Returns: (transfer full): a modal dialog, not yet shown
 */
PdPeerGroupDialog *
pd_peer_group_dialog_new (GtkWindow         *parent,
                          const PdPeerGroup *group,
                          GPtrArray         *providers)
{
  PdPeerGroupDialog *self = g_object_new (PD_TYPE_PEER_GROUP_DIALOG,
                                          "modal", TRUE,
                                          "transient-for", parent,
                                          "destroy-with-parent", TRUE,
                                          "default-width", 460,
                                          "default-height", 620,
                                          "title", group != NULL ? _("Edit Peer Group")
                                                                 : _("New Peer Group"),
                                          NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (providers->len);  /* borrowed */
  GtkWidget *box, *header, *cancel, *page, *details, *members, *title;

  self->id = group != NULL ? group->id : 0;
  for (guint i = 0; i < providers->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (providers, i));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  title = adw_window_title_new (gtk_window_get_title (GTK_WINDOW (self)), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  details = adw_preferences_group_new ();
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  self->description_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->description_row), _("Description"));
  if (group != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), group->name);
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             group->description != NULL ? group->description : "");
    }
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_save), self);
  g_signal_connect_swapped (self->name_row, "entry-activated", G_CALLBACK (save_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), GTK_WIDGET (self->name_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (details), GTK_WIDGET (self->description_row));
  if (group != NULL && group->author != NULL)
    {
      g_autoptr(GDateTime) when = group->edited_at != NULL
                                  ? g_date_time_new_from_iso8601 (group->edited_at, NULL) : NULL;
      g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;
      g_autofree char *date = local != NULL ? g_date_time_format (local, "%-d %b %Y, %H:%M")
                                            : g_strdup (group->edited_at != NULL ? group->edited_at : "");
      g_autofree char *who = g_strdup_printf (group->user_made ? _("Made or last changed by %s on %s")
                                                               : _("Built with the workspace; last changed by %s on %s"),
                                              group->author, date);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (details), who);
    }
  else if (group != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (details),
                                           _("Built with the workspace from the organisations’ types and regions"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (details));

  members = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (members), _("Providers"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (members),
                                         _("The funnel plot and ranked chart compare the providers ticked here, with the pooled value and limits over them alone"));
  g_ptr_array_sort (sorted, compare_names);
  for (guint i = 0; i < sorted->len; i++)
    {
      const PdOrganisation *org = g_ptr_array_index (sorted, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), org->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), org->code);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      org->name, -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (group != NULL && g_strv_contains ((const char * const *) group->members, org->code))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_hash_table_insert (self->checks, g_strdup (org->code), check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (members), row);
    }
  if (group != NULL)
    for (guint i = 0; group->members[i] != NULL; i++)
      if (!g_hash_table_contains (self->checks, group->members[i]))
        g_ptr_array_add (self->kept, g_strdup (group->members[i]));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (members));
  gtk_box_append (GTK_BOX (box), page);

  adw_window_set_content (ADW_WINDOW (self), box);
  update_save (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

/* The group edited, or 0 for a new one. */
gint64
pd_peer_group_dialog_get_id (PdPeerGroupDialog *self)
{
  g_return_val_if_fail (PD_IS_PEER_GROUP_DIALOG (self), 0);

  return self->id;
}

GtkEditable *
pd_peer_group_dialog_get_name_entry (PdPeerGroupDialog *self)
{
  g_return_val_if_fail (PD_IS_PEER_GROUP_DIALOG (self), NULL);

  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
pd_peer_group_dialog_get_description_entry (PdPeerGroupDialog *self)
{
  g_return_val_if_fail (PD_IS_PEER_GROUP_DIALOG (self), NULL);

  return GTK_EDITABLE (self->description_row);
}

/* The check box of provider @code, or NULL. */
GtkCheckButton *
pd_peer_group_dialog_get_check (PdPeerGroupDialog *self,
                                const char        *code)
{
  g_return_val_if_fail (PD_IS_PEER_GROUP_DIALOG (self), NULL);

  return g_hash_table_lookup (self->checks, code);
}

GtkWidget *
pd_peer_group_dialog_get_save_button (PdPeerGroupDialog *self)
{
  g_return_val_if_fail (PD_IS_PEER_GROUP_DIALOG (self), NULL);

  return self->save_button;
}

/* The providers ticked, and the members the checklist does not show, sorted. */
char **
pd_peer_group_dialog_dup_members (PdPeerGroupDialog *self)
{
  GPtrArray *codes = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer code, check;

  g_return_val_if_fail (PD_IS_PEER_GROUP_DIALOG (self), NULL);

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &code, &check))
    if (gtk_check_button_get_active (check))
      g_ptr_array_add (codes, g_strdup (code));
  for (guint i = 0; i < self->kept->len; i++)
    g_ptr_array_add (codes, g_strdup (g_ptr_array_index (self->kept, i)));
  g_ptr_array_sort (codes, compare_codes);
  g_ptr_array_add (codes, NULL);
  return (char **) g_ptr_array_free (codes, FALSE);
}

/* Shows why the group could not be saved, above the fields; the dialog stays open. */
void
pd_peer_group_dialog_show_error (PdPeerGroupDialog *self,
                                 const char        *message)
{
  g_return_if_fail (PD_IS_PEER_GROUP_DIALOG (self));

  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The error shown, or NULL. */
const char *
pd_peer_group_dialog_get_error (PdPeerGroupDialog *self)
{
  g_return_val_if_fail (PD_IS_PEER_GROUP_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}
