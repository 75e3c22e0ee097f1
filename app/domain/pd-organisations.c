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
  g_free (group->author);
  g_free (group->edited_at);
  g_free (group);
}

/* Every peer group, or only group @only when it is positive. */
static GPtrArray *
read_peer_groups (PdWorkspace  *workspace,
                  gint64        only,
                  GError      **error)
{
  /* One pass over groups LEFT JOIN members, so an empty group still shows. */
  static const char sql[] =
    "SELECT g.id, g.name, g.description, m.org_code, g.origin, g.author, g.edited_at"
    " FROM peer_groups g LEFT JOIN peer_group_members m ON m.group_id = g.id"
    " WHERE ?1 IS NULL OR g.id = ?1"
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
  if (only > 0)
    sqlite3_bind_int64 (stmt, 1, only);

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
          group->user_made = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "user") == 0;
          group->author = _pd_domain_column_strdup (stmt, 5);
          group->edited_at = _pd_domain_column_strdup (stmt, 6);
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
  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_peer_groups (workspace, 0, error);
}

/**
 * pd_peer_group_lookup:
 * @workspace: a workspace
 * @id: a peer group's id
 * @error: a #GError
 *
 * Returns: (transfer full): the group with its members, or %NULL with @error set
 * (%PD_DOMAIN_ERROR_NOT_FOUND when there is no group @id)
 */
PdPeerGroup *
pd_peer_group_lookup (PdWorkspace  *workspace,
                      gint64        id,
                      GError      **error)
{
  g_autoptr(GPtrArray) groups = NULL;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (id <= 0)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                   "There is no peer group %" G_GINT64_FORMAT, id);
      return NULL;
    }
  groups = read_peer_groups (workspace, id, error);
  if (groups == NULL)
    return NULL;
  if (groups->len == 0)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                   "There is no peer group %" G_GINT64_FORMAT, id);
      return NULL;
    }
  return g_ptr_array_steal_index (groups, 0);
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* The name trimmed, or NULL with @error set when it is empty. */
static char *
check_group_name (const char  *name,
                  GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                           "A peer group needs a name");
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                           "A peer group's name must be UTF-8 text");
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

/* Steps a write; a clash with another group's name becomes a message naming it. */
static gboolean
step_group_write (PdWorkspace   *workspace,
                  PdDomainStmt  *stmt,
                  const char    *name,
                  const char    *what,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT &&
      sqlite3_extended_errcode (pd_workspace_get_db (workspace)) == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "A peer group named “%s” exists already", name);
      return FALSE;
    }
  pd_workspace_set_error (workspace, error, what);
  return FALSE;
}

/* Replaces the members of group @id; inside the caller's write transaction. A code must
 * name an organisation, unless the group holds it already (its organisation went with
 * an import that was removed, and the group keeps it for when the code comes back). */
static gboolean
write_members (PdWorkspace         *workspace,
               gint64               id,
               const char * const  *members,
               GError             **error)
{
  static const char check_sql[] =
    "SELECT EXISTS (SELECT 1 FROM organisations WHERE code = ?2)"
    "    OR EXISTS (SELECT 1 FROM peer_group_members WHERE group_id = ?1 AND org_code = ?2)";
  static const char clear_sql[] = "DELETE FROM peer_group_members WHERE group_id = ?1";
  static const char insert_sql[] =
    "INSERT OR IGNORE INTO peer_group_members (group_id, org_code) VALUES (?1, ?2)";
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    {
      g_autoptr(PdDomainStmt) check = NULL;
      int rc;

      check = _pd_domain_prepare (workspace, check_sql, "Could not check the members", error);
      if (check == NULL)
        return FALSE;
      sqlite3_bind_int64 (check, 1, id);
      _pd_domain_bind_text (check, 2, members[i]);
      rc = sqlite3_step (check);
      if (rc != SQLITE_ROW)
        {
          pd_workspace_set_error (workspace, error, "Could not check the members");
          return FALSE;
        }
      if (!sqlite3_column_int (check, 0))
        {
          g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                       "No organisation has the code “%s”", members[i]);
          return FALSE;
        }
      g_ptr_array_add (codes, (gpointer) members[i]);
    }

  {
    g_autoptr(PdDomainStmt) clear = _pd_domain_prepare (workspace, clear_sql,
                                                        "Could not change the members", error);
    if (clear == NULL)
      return FALSE;
    sqlite3_bind_int64 (clear, 1, id);
    if (!_pd_domain_check_done (workspace, sqlite3_step (clear), "Could not change the members",
                                error))
      return FALSE;
  }
  for (guint i = 0; i < codes->len; i++)
    {
      g_autoptr(PdDomainStmt) insert = _pd_domain_prepare (workspace, insert_sql,
                                                           "Could not change the members", error);
      if (insert == NULL)
        return FALSE;
      sqlite3_bind_int64 (insert, 1, id);
      _pd_domain_bind_text (insert, 2, g_ptr_array_index (codes, i));
      if (!_pd_domain_check_done (workspace, sqlite3_step (insert), "Could not change the members",
                                  error))
        return FALSE;
    }
  return TRUE;
}

/* Records who changed group @id and when; fails with NOT_FOUND when there is no such
 * group. Inside the caller's write transaction. */
static gboolean
touch_group (PdWorkspace  *workspace,
             gint64        id,
             GError      **error)
{
  static const char sql[] = "UPDATE peer_groups SET author = ?2, edited_at = ?3 WHERE id = ?1";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autofree char *now = now_utc ();

  stmt = _pd_domain_prepare (workspace, sql, "Could not change the peer group", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  _pd_domain_bind_text (stmt, 2, g_get_user_name ());
  _pd_domain_bind_text (stmt, 3, now);
  if (!_pd_domain_check_done (workspace, sqlite3_step (stmt), "Could not change the peer group",
                              error))
    return FALSE;
  if (sqlite3_changes (pd_workspace_get_db (workspace)) == 0)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                   "There is no peer group %" G_GINT64_FORMAT, id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish_write (PdWorkspace  *workspace,
              gboolean      ok,
              GError      **error)
{
  if (!ok)
    {
      pd_workspace_rollback (workspace);
      return FALSE;
    }
  return pd_workspace_commit (workspace, error);
}

/* A description of only spaces is none. */
static char *
normalise_description (const char *description)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (description != NULL ? description : ""));

  return *trimmed != '\0' ? g_steal_pointer (&trimmed) : NULL;
}

/**
 * pd_peer_group_create:
 * @workspace: a workspace, open for writing
 * @name: the group's name, unique in the workspace (trimmed)
 * @description: (nullable): what the group is for
 * @members: (nullable) (array zero-terminated=1): organisation codes
 * @error: a #GError
 *
 * Makes a peer group in the app (its origin "user"), recording who made it and when. A
 * duplicate or empty name and an unknown code are %PD_DOMAIN_ERROR_INVALID and
 * %PD_DOMAIN_ERROR_NOT_FOUND; nothing is written then.
 *
 * Returns: the new group's id, or 0 with @error set
 */
gint64
pd_peer_group_create (PdWorkspace         *workspace,
                      const char          *name,
                      const char          *description,
                      const char * const  *members,
                      GError             **error)
{
  static const char sql[] =
    "INSERT INTO peer_groups (name, description, origin, author, edited_at)"
    " VALUES (?1, ?2, 'user', ?3, ?4)";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = now_utc ();
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  trimmed = check_group_name (name, error);
  if (trimmed == NULL)
    return 0;
  text = normalise_description (description);
  if (!pd_workspace_begin_write (workspace, error))
    return 0;
  stmt = _pd_domain_prepare (workspace, sql, "Could not save the peer group", error);
  ok = stmt != NULL;
  if (ok)
    {
      _pd_domain_bind_text (stmt, 1, trimmed);
      _pd_domain_bind_text (stmt, 2, text);
      _pd_domain_bind_text (stmt, 3, g_get_user_name ());
      _pd_domain_bind_text (stmt, 4, now);
      ok = step_group_write (workspace, stmt, trimmed, "Could not save the peer group", error);
    }
  if (ok)
    {
      id = sqlite3_last_insert_rowid (pd_workspace_get_db (workspace));
      ok = write_members (workspace, id, members, error);
    }
  if (!finish_write (workspace, ok, error))
    return 0;
  return id;
}

/**
 * pd_peer_group_update:
 * @workspace: a workspace, open for writing
 * @id: the group
 * @name: its new name (trimmed; unique)
 * @description: (nullable): its new description
 * @error: a #GError
 *
 * Renames and redescribes a group, built or made in the app, and records who did it.
 *
 * Returns: %TRUE, or %FALSE with @error set (%PD_DOMAIN_ERROR_NOT_FOUND for no group @id)
 */
gboolean
pd_peer_group_update (PdWorkspace  *workspace,
                      gint64        id,
                      const char   *name,
                      const char   *description,
                      GError      **error)
{
  static const char sql[] = "UPDATE peer_groups SET name = ?2, description = ?3 WHERE id = ?1";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *text = NULL;
  gboolean ok;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = check_group_name (name, error);
  if (trimmed == NULL)
    return FALSE;
  text = normalise_description (description);
  if (!pd_workspace_begin_write (workspace, error))
    return FALSE;
  ok = touch_group (workspace, id, error);
  if (ok)
    {
      stmt = _pd_domain_prepare (workspace, sql, "Could not change the peer group", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      _pd_domain_bind_text (stmt, 2, trimmed);
      _pd_domain_bind_text (stmt, 3, text);
      ok = step_group_write (workspace, stmt, trimmed, "Could not change the peer group", error);
    }
  return finish_write (workspace, ok, error);
}

/**
 * pd_peer_group_set_members:
 * @workspace: a workspace, open for writing
 * @id: the group
 * @members: (nullable) (array zero-terminated=1): the codes it holds from now on
 * @error: a #GError
 *
 * Replaces the group's members. Each code must name an organisation, or be a member
 * already (kept while its organisation is out of the workspace).
 *
 * Returns: %TRUE, or %FALSE with @error set and the members unchanged
 */
gboolean
pd_peer_group_set_members (PdWorkspace         *workspace,
                           gint64               id,
                           const char * const  *members,
                           GError             **error)
{
  gboolean ok;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pd_workspace_begin_write (workspace, error))
    return FALSE;
  ok = touch_group (workspace, id, error) && write_members (workspace, id, members, error);
  return finish_write (workspace, ok, error);
}

/**
 * pd_peer_group_delete:
 * @workspace: a workspace, open for writing
 * @id: the group
 * @error: a #GError
 *
 * Deletes a group and its members (the organisations stay).
 *
 * Returns: %TRUE, or %FALSE with @error set (%PD_DOMAIN_ERROR_NOT_FOUND for no group @id)
 */
gboolean
pd_peer_group_delete (PdWorkspace  *workspace,
                      gint64        id,
                      GError      **error)
{
  /* A row back says the group was there; the statement is reset before the commit. */
  static const char sql[] = "DELETE FROM peer_groups WHERE id = ?1 RETURNING id";
  g_autoptr(PdDomainStmt) stmt = NULL;
  gboolean ok;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!pd_workspace_begin_write (workspace, error))
    return FALSE;
  stmt = _pd_domain_prepare (workspace, sql, "Could not delete the peer group", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        rc = sqlite3_step (stmt);
      else if (rc == SQLITE_DONE)
        {
          g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                       "There is no peer group %" G_GINT64_FORMAT, id);
          ok = FALSE;
        }
    }
  if (ok)
    ok = _pd_domain_check_done (workspace, rc, "Could not delete the peer group", error);
  g_clear_pointer (&stmt, _pd_domain_stmt_release);
  return finish_write (workspace, ok, error);
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
