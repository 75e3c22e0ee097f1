/* pd-peer-group-dialog.h — make or edit a peer group: name, description, providers
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "domain/pd-organisations.h"

G_BEGIN_DECLS

#define PD_TYPE_PEER_GROUP_DIALOG (pd_peer_group_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PdPeerGroupDialog, pd_peer_group_dialog, PD, PEER_GROUP_DIALOG, AdwWindow)

PdPeerGroupDialog *pd_peer_group_dialog_new        (GtkWindow          *parent,
                                                    const PdPeerGroup  *group,
                                                    GPtrArray          *providers);
gint64             pd_peer_group_dialog_get_id     (PdPeerGroupDialog  *self);
GtkEditable       *pd_peer_group_dialog_get_name_entry (PdPeerGroupDialog *self);
GtkEditable       *pd_peer_group_dialog_get_description_entry (PdPeerGroupDialog *self);
GtkCheckButton    *pd_peer_group_dialog_get_check  (PdPeerGroupDialog  *self,
                                                    const char         *code);
GtkWidget         *pd_peer_group_dialog_get_save_button (PdPeerGroupDialog *self);
char             **pd_peer_group_dialog_dup_members (PdPeerGroupDialog *self);
void               pd_peer_group_dialog_show_error (PdPeerGroupDialog  *self,
                                                    const char         *message);
const char        *pd_peer_group_dialog_get_error  (PdPeerGroupDialog  *self);

G_END_DECLS
