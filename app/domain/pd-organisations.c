/* pd-organisations.c — commissioners, providers and their peer groups
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pd-organisations.h"
#include "pd-domain-private.h"

#define ORGANISATION_COLUMNS "o.code, o.name, o.role, o.type, o.region, o.population"

/**
 * pd_organisation_free:
 * @organisation: (nullable): an organisation
 *
 * Frees @organisation and its strings.
 */
void
pd_organisation_free (PdOrganisation *organisation)
{
  if (organisation == NULL)
    return;

  g_free (organisation->code);
  g_free (organisation->name);
  g_free (organisation->type);
  g_free (organisation->region);
  g_free (organisation);
}

/**
 * pd_organisation_copy:
 * @organisation: an organisation
 *
 * Returns: (transfer full): a deep copy of @organisation
 */
PdOrganisation *
pd_organisation_copy (const PdOrganisation *organisation)
{
  PdOrganisation *copy;

  g_return_val_if_fail (organisation != NULL, NULL);

  copy = g_new0 (PdOrganisation, 1);
  copy->code = g_strdup (organisation->code);
  copy->name = g_strdup (organisation->name);
  copy->role = organisation->role;
  copy->type = g_strdup (organisation->type);
  copy->region = g_strdup (organisation->region);
  copy->population = organisation->population;
  return copy;
}

/* Reads ORGANISATION_COLUMNS from @first on. */
static PdOrganisation *
organisation_from_row (PdDomainStmt *stmt,
                       int           first)
{
  PdOrganisation *organisation = g_new0 (PdOrganisation, 1);
  const char *role = (const char *) sqlite3_column_text (stmt, first + 2);

  organisation->code = _pd_domain_column_strdup (stmt, first);
  organisation->name = _pd_domain_column_strdup (stmt, first + 1);
  organisation->role = g_strcmp0 (role, "commissioner") == 0 ? PD_ROLE_COMMISSIONER
                                                             : PD_ROLE_PROVIDER;
  organisation->type = _pd_domain_column_strdup (stmt, first + 3);
  organisation->region = _pd_domain_column_strdup (stmt, first + 4);
  organisation->population = _pd_domain_column_int64 (stmt, first + 5, -1);
  return organisation;
}

static GPtrArray *
read_organisations (PdWorkspace   *workspace,
                    PdDomainStmt  *stmt,
                    GError       **error)
{
  g_autoptr(GPtrArray) organisations =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pd_organisation_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (organisations, organisation_from_row (stmt, 0));
  if (!_pd_domain_check_done (workspace, rc, "Could not read the organisations", error))
    return NULL;
  return g_steal_pointer (&organisations);
}

/**
 * pd_organisations_query:
 * @workspace: a workspace
 * @role: the commissioners, the providers, or %PD_ROLE_ANY for both
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type PdOrganisation): the organisations, sorted by
 * code, or %NULL with @error set
 */
GPtrArray *
pd_organisations_query (PdWorkspace  *workspace,
                        PdRole        role,
                        GError      **error)
{
  static const char sql[] =
    "SELECT " ORGANISATION_COLUMNS " FROM organisations o"
    " WHERE ?1 IS NULL OR o.role = ?1 ORDER BY o.code";
  g_autoptr(PdDomainStmt) stmt = NULL;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the organisations", error);
  if (stmt == NULL)
    return NULL;
  if (role != PD_ROLE_ANY)
    _pd_domain_bind_text (stmt, 1, role == PD_ROLE_COMMISSIONER ? "commissioner" : "provider");
  return read_organisations (workspace, stmt, error);
}

/**
 * pd_organisation_lookup:
 * @workspace: a workspace
 * @code: an organisation code
 * @error: a #GError
 *
 * Returns: (transfer full): the organisation, or %NULL with @error set
 * (%PD_DOMAIN_ERROR_NOT_FOUND when no organisation has that code)
 */
PdOrganisation *
pd_organisation_lookup (PdWorkspace  *workspace,
                        const char   *code,
                        GError      **error)
{
  static const char sql[] =
    "SELECT " ORGANISATION_COLUMNS " FROM organisations o WHERE o.code = ?1";
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the organisations", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return organisation_from_row (stmt, 0);
  if (_pd_domain_check_done (workspace, rc, "Could not read the organisations", error))
    g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                 "No organisation has the code “%s”", code);
  return NULL;
}

/**
 * pd_peer_group_free:
 * @group: (nullable): a peer group
 *
 * Frees @group.
 */
void
pd_peer_group_free (PdPeerGroup *group)
{
  if (group == NULL)
    return;

  g_free (group->name);
  g_free (group->description);
  g_strfreev (group->members);
  g_free (group);
}

/**
 * pd_peer_groups_query:
 * @workspace: a workspace
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type PdPeerGroup): every peer group with its members,
 * sorted by name, or %NULL with @error set
 */
GPtrArray *
pd_peer_groups_query (PdWorkspace  *workspace,
                      GError      **error)
{
  /* One pass over groups LEFT JOIN members, so an empty group still shows. */
  static const char sql[] =
    "SELECT g.id, g.name, g.description, m.org_code FROM peer_groups g"
    " LEFT JOIN peer_group_members m ON m.group_id = g.id"
    " ORDER BY g.name, g.id, m.org_code";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) members = NULL;
  PdPeerGroup *group = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the peer groups", error);
  if (stmt == NULL)
    return NULL;

  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_peer_group_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (group == NULL || group->id != id)
        {
          if (group != NULL)
            {
              g_ptr_array_add (members, NULL);
              group->members = (GStrv) g_ptr_array_free (g_steal_pointer (&members), FALSE);
            }
          group = g_new0 (PdPeerGroup, 1);
          group->id = id;
          group->name = _pd_domain_column_strdup (stmt, 1);
          group->description = _pd_domain_column_strdup (stmt, 2);
          g_ptr_array_add (groups, group);
          members = g_ptr_array_new_with_free_func (g_free);
        }
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        g_ptr_array_add (members, _pd_domain_column_strdup (stmt, 3));
    }
  if (group != NULL)
    {
      g_ptr_array_add (members, NULL);
      group->members = (GStrv) g_ptr_array_free (g_steal_pointer (&members), FALSE);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the peer groups", error))
    return NULL;
  return g_steal_pointer (&groups);
}

/**
 * pd_organisation_peers:
 * @workspace: a workspace
 * @code: a commissioner's or provider's code
 * @out_basis: (out) (optional) (transfer full): what made them peers, for a chart's
 *   caption: "peer group NAME" or "region REGION"; %NULL when there are none
 * @error: a #GError
 *
 * The organisations to compare @code with. When it belongs to a peer group, they are the
 * other members of its smallest peer group (the closest comparison; ties go to the
 * oldest group). Otherwise they are the other organisations of the same role in the same
 * region. An organisation with neither has no peers: an empty array.
 *
 * Returns: (transfer full) (element-type PdOrganisation): the peers without @code itself,
 * sorted by code, or %NULL with @error set (%PD_DOMAIN_ERROR_NOT_FOUND for an unknown code)
 */
GPtrArray *
pd_organisation_peers (PdWorkspace  *workspace,
                       const char   *code,
                       char        **out_basis,
                       GError      **error)
{
  static const char group_sql[] =
    "SELECT g.id, g.name FROM peer_group_members m JOIN peer_groups g ON g.id = m.group_id"
    " WHERE m.org_code = ?1"
    " ORDER BY (SELECT COUNT(*) FROM peer_group_members c WHERE c.group_id = g.id), g.id"
    " LIMIT 1";
  static const char members_sql[] =
    "SELECT " ORGANISATION_COLUMNS " FROM peer_group_members m"
    " JOIN organisations o ON o.code = m.org_code"
    " WHERE m.group_id = ?1 AND o.code <> ?2 ORDER BY o.code";
  static const char region_sql[] =
    "SELECT " ORGANISATION_COLUMNS " FROM organisations o JOIN organisations me"
    " ON me.code = ?1 AND o.role = me.role AND o.region = me.region AND o.code <> me.code"
    " ORDER BY o.code";
  g_autoptr(PdOrganisation) self = NULL;
  g_autoptr(PdDomainStmt) group = NULL;
  g_autoptr(PdDomainStmt) members = NULL;
  g_autofree char *basis = NULL;
  GPtrArray *peers;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = pd_organisation_lookup (workspace, code, error);
  if (self == NULL)
    return NULL;

  group = _pd_domain_prepare (workspace, group_sql, "Could not read the peer groups", error);
  if (group == NULL)
    return NULL;
  _pd_domain_bind_text (group, 1, code);
  rc = sqlite3_step (group);
  if (rc == SQLITE_ROW)
    {
      members = _pd_domain_prepare (workspace, members_sql, "Could not read the peer groups",
                                    error);
      if (members == NULL)
        return NULL;
      sqlite3_bind_int64 (members, 1, sqlite3_column_int64 (group, 0));
      _pd_domain_bind_text (members, 2, code);
      basis = g_strdup_printf ("peer group %s", (const char *) sqlite3_column_text (group, 1));
    }
  else if (!_pd_domain_check_done (workspace, rc, "Could not read the peer groups", error))
    {
      return NULL;
    }
  else
    {
      members = _pd_domain_prepare (workspace, region_sql, "Could not read the organisations",
                                    error);
      if (members == NULL)
        return NULL;
      _pd_domain_bind_text (members, 1, code);
      if (self->region != NULL)
        basis = g_strdup_printf ("region %s", self->region);
    }

  peers = read_organisations (workspace, members, error);
  if (peers == NULL)
    return NULL;
  if (peers->len == 0)
    g_clear_pointer (&basis, g_free);
  if (out_basis != NULL)
    *out_basis = g_steal_pointer (&basis);
  return peers;
}
