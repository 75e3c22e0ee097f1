/* pd-organisations.h — commissioners, providers and their peer groups
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "domain/pd-domain.h"

G_BEGIN_DECLS

typedef enum
{
  PD_ROLE_ANY = -1,
  PD_ROLE_COMMISSIONER = 0,
  PD_ROLE_PROVIDER,
} PdRole;

typedef struct
{
  char   *code;        /* ODS-style code, leading zeros kept */
  char   *name;
  PdRole  role;
  char   *type;        /* e.g. "pct", "acute", "mental_health"; NULL when not given */
  char   *region;      /* NULL when not given */
  gint64  population;  /* weighted population; -1 when not given */
} PdOrganisation;

void            pd_organisation_free      (PdOrganisation *organisation);
PdOrganisation *pd_organisation_copy      (const PdOrganisation *organisation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdOrganisation, pd_organisation_free)

GPtrArray      *pd_organisations_query    (PdWorkspace  *workspace,
                                           PdRole        role,
                                           GError      **error);

PdOrganisation *pd_organisation_lookup    (PdWorkspace  *workspace,
                                           const char   *code,
                                           GError      **error);

typedef struct
{
  gint64    id;
  char     *name;
  char     *description;  /* NULL when not given */
  GStrv     members;      /* organisation codes, sorted; a code whose organisation is
                           * no longer in the workspace stays (docs/workspace.md) */
  gboolean  user_made;    /* made in the app, not built with the demo workspace */
  char     *author;       /* who made or last edited it; NULL for a built group
                           * nobody has edited */
  char     *edited_at;    /* when, as ISO 8601 UTC; NULL with author */
} PdPeerGroup;

void            pd_peer_group_free        (PdPeerGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPeerGroup, pd_peer_group_free)

GPtrArray      *pd_peer_groups_query      (PdWorkspace  *workspace,
                                           GError      **error);

PdPeerGroup    *pd_peer_group_lookup      (PdWorkspace         *workspace,
                                           gint64               id,
                                           GError             **error);

gint64          pd_peer_group_create      (PdWorkspace         *workspace,
                                           const char          *name,
                                           const char          *description,
                                           const char * const  *members,
                                           GError             **error);

gboolean        pd_peer_group_update      (PdWorkspace         *workspace,
                                           gint64               id,
                                           const char          *name,
                                           const char          *description,
                                           GError             **error);

gboolean        pd_peer_group_set_members (PdWorkspace         *workspace,
                                           gint64               id,
                                           const char * const  *members,
                                           GError             **error);

gboolean        pd_peer_group_delete      (PdWorkspace         *workspace,
                                           gint64               id,
                                           GError             **error);

GPtrArray      *pd_organisation_peers     (PdWorkspace  *workspace,
                                           const char   *code,
                                           char        **out_basis,
                                           GError      **error);

G_END_DECLS
