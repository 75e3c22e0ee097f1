/* pd-pack-snapshot.c — a board pack's parameters saved in the workspace under a name
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parameters are JSON written and read with SQLite's own JSON functions (json_object,
 * json_extract, json_each), which the workspace's CHECK (json_valid (…)) already relies
 * on, so no other JSON library is needed here.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "domain/pd-spc-changes.h"
#include "export/pd-board-pack-private.h"
#include "export/pd-pack-snapshot.h"

#define SNAPSHOT_VERSION 1
#define NAME_MAX_CHARS   120

void
pd_pack_snapshot_free (PdPackSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_free (snapshot->name);
  g_free (snapshot->author);
  g_free (snapshot->created_at);
  g_free (snapshot->parameters);
  g_free (snapshot->scorecard);
  g_free (snapshot->commissioner);
  g_free (snapshot->provider);
  g_free (snapshot->marking);
  g_clear_pointer (&snapshot->generated_at, g_date_time_unref);
  g_free (snapshot->spc_preset);
  g_free (snapshot->narrative);
  g_free (snapshot->workspace_sha256);
  g_free (snapshot->previous_snapshot);
  g_free (snapshot->previous_pack);
  g_clear_pointer (&snapshot->spc_changes, g_ptr_array_unref);
  g_free (snapshot);
}

static gboolean
sql_failed (PdWorkspace *workspace,
            const char  *what,
            GError     **error)
{
  g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID, "%s: %s", what,
               sqlite3_errmsg (pd_workspace_get_db (workspace)));
  return FALSE;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL
         ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * pd_pack_snapshot_check_name:
 * @name: a snapshot's name
 * @error: a #GError
 *
 * A name is UTF-8 text of 1 to 120 characters, not only spaces, with no control
 * characters, so it lists on one line.
 *
 * Returns: %TRUE when @name can name a snapshot
 */
gboolean
pd_pack_snapshot_check_name (const char  *name,
                             GError     **error)
{
  g_autofree char *stripped = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                           "A snapshot's name must be UTF-8 text");
      return FALSE;
    }
  stripped = g_strstrip (g_strdup (name));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                           "A snapshot's name cannot be empty");
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > NAME_MAX_CHARS)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "A snapshot's name has at most %d characters", NAME_MAX_CHARS);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                             "A snapshot's name cannot hold a line break, tab or other "
                             "control character");
        return FALSE;
      }
  return TRUE;
}

/* The stored SPC changes of a snapshot's parameters. */
static GPtrArray *
read_changes (PdWorkspace  *workspace,
              const char   *parameters,
              GError      **error)
{
  static const char sql[] =
    "SELECT json_extract (value, '$.indicator'), json_extract (value, '$.provider'), "
    "json_extract (value, '$.kind'), json_extract (value, '$.period'), "
    "json_extract (value, '$.reason'), json_extract (value, '$.author'), "
    "json_extract (value, '$.created_at') FROM json_each (?1, '$.spc_changes')";
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 pd_spc_change_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_failed (workspace, "Could not read a snapshot's SPC changes", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, parameters, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdSpcChange *change = g_new0 (PdSpcChange, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);

      change->indicator = column_strdup (stmt, 0);
      change->provider = column_strdup (stmt, 1);
      change->period = column_strdup (stmt, 3);
      change->reason = column_strdup (stmt, 4);
      change->author = column_strdup (stmt, 5);
      change->created_at = column_strdup (stmt, 6);
      g_ptr_array_add (changes, change);
      if (kind == NULL || !pd_spc_change_kind_from_string (kind, &change->kind) ||
          change->indicator == NULL || change->provider == NULL || change->period == NULL)
        {
          g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                       "A snapshot holds an SPC change it cannot read (kind “%s”)",
                       kind != NULL ? kind : "");
          sqlite3_finalize (stmt);
          return NULL;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_failed (workspace, "Could not read a snapshot's SPC changes", error);
      return NULL;
    }
  return g_steal_pointer (&changes);
}

/* Reads the parameters' fields into @snapshot. */
static gboolean
parse_parameters (PdWorkspace     *workspace,
                  PdPackSnapshot  *snapshot,
                  GError         **error)
{
  static const char sql[] =
    "SELECT json_extract (?1, '$.version'), json_extract (?1, '$.commissioner'), "
    "json_extract (?1, '$.provider'), json_extract (?1, '$.year'), "
    "json_extract (?1, '$.marking'), json_extract (?1, '$.generated_at'), "
    "json_extract (?1, '$.charts'), json_extract (?1, '$.public'), "
    "json_extract (?1, '$.small_number'), json_extract (?1, '$.sections'), "
    "json_extract (?1, '$.spc_preset'), json_extract (?1, '$.narrative'), "
    "json_extract (?1, '$.workspace_sha256'), json_extract (?1, '$.previous_snapshot'), "
    "json_extract (?1, '$.previous_pack')";
  g_autofree char *generated = NULL;
  g_autofree char *sections = NULL;
  g_autoptr(GError) local = NULL;
  sqlite3_stmt *stmt = NULL;
  int version;

  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace), sql, -1, &stmt, NULL) != SQLITE_OK)
    return sql_failed (workspace, "Could not read a snapshot", error);
  sqlite3_bind_text (stmt, 1, snapshot->parameters, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return sql_failed (workspace, "Could not read a snapshot", error);
    }
  version = sqlite3_column_int (stmt, 0);
  snapshot->commissioner = column_strdup (stmt, 1);
  snapshot->provider = column_strdup (stmt, 2);
  snapshot->year = sqlite3_column_int (stmt, 3);
  snapshot->marking = column_strdup (stmt, 4);
  generated = column_strdup (stmt, 5);
  snapshot->charts = sqlite3_column_int (stmt, 6) != 0;
  snapshot->public_pack = sqlite3_column_int (stmt, 7) != 0;
  snapshot->small_number = (guint) sqlite3_column_int (stmt, 8);
  sections = column_strdup (stmt, 9);
  snapshot->spc_preset = column_strdup (stmt, 10);
  snapshot->narrative = column_strdup (stmt, 11);
  snapshot->workspace_sha256 = column_strdup (stmt, 12);
  snapshot->previous_snapshot = column_strdup (stmt, 13);
  snapshot->previous_pack = column_strdup (stmt, 14);
  sqlite3_finalize (stmt);

  if (version != SNAPSHOT_VERSION)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "The snapshot “%s” has parameters of version %d; this pctdash reads "
                   "version %d", snapshot->name, version, SNAPSHOT_VERSION);
      return FALSE;
    }
  if (g_strcmp0 (snapshot->spc_preset, "mdc") != 0)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "The snapshot “%s” uses the SPC preset “%s”; this pctdash draws packs "
                   "with Making Data Count's (mdc)", snapshot->name,
                   snapshot->spc_preset != NULL ? snapshot->spc_preset : "");
      return FALSE;
    }
  if (snapshot->commissioner == NULL || snapshot->year == 0 || generated == NULL)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "The snapshot “%s” lacks its commissioner, year or time", snapshot->name);
      return FALSE;
    }
  snapshot->generated_at = g_date_time_new_from_iso8601 (generated, NULL);
  if (snapshot->generated_at == NULL)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "The snapshot “%s” has a time that is not ISO 8601: “%s”", snapshot->name,
                   generated);
      return FALSE;
    }
  if (sections != NULL && !pd_board_pack_parse_sections (sections, &snapshot->sections, &local))
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID, "The snapshot “%s”: %s",
                   snapshot->name, local->message);
      return FALSE;
    }
  snapshot->spc_changes = read_changes (workspace, snapshot->parameters, error);
  return snapshot->spc_changes != NULL;
}

#define SELECT_SNAPSHOT \
  "SELECT id, name, author, created_at, parameters, scorecard FROM pack_snapshots "

static PdPackSnapshot *
snapshot_from_row (PdWorkspace   *workspace,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  g_autoptr(PdPackSnapshot) snapshot = g_new0 (PdPackSnapshot, 1);

  snapshot->id = sqlite3_column_int64 (stmt, 0);
  snapshot->name = column_strdup (stmt, 1);
  snapshot->author = column_strdup (stmt, 2);
  snapshot->created_at = column_strdup (stmt, 3);
  snapshot->parameters = column_strdup (stmt, 4);
  snapshot->scorecard = column_strdup (stmt, 5);
  if (!parse_parameters (workspace, snapshot, error))
    return NULL;
  return g_steal_pointer (&snapshot);
}

/**
 * pd_pack_snapshot_load:
 * @workspace: the workspace
 * @name: the snapshot's name
 * @error: a #GError; %G_IO_ERROR_NOT_FOUND when there is no such snapshot
 *
 * Returns: (transfer full): the snapshot, or %NULL
 */
PdPackSnapshot *
pd_pack_snapshot_load (PdWorkspace  *workspace,
                       const char   *name,
                       GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  PdPackSnapshot *snapshot = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);

  if (!pd_pack_snapshot_check_name (name, error))
    return NULL;
  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace), SELECT_SNAPSHOT "WHERE name = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_failed (workspace, "Could not read the snapshots", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    snapshot = snapshot_from_row (workspace, stmt, error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The workspace has no snapshot “%s”",
                 name);
  else
    sql_failed (workspace, "Could not read the snapshots", error);
  sqlite3_finalize (stmt);
  return snapshot;
}

/**
 * pd_pack_snapshot_list:
 * @workspace: the workspace
 * @error: a #GError
 *
 * Returns: (transfer full): every snapshot, oldest first
 */
GPtrArray *
pd_pack_snapshot_list (PdWorkspace  *workspace,
                       GError      **error)
{
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                   pd_pack_snapshot_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);

  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace),
                          SELECT_SNAPSHOT "ORDER BY created_at, id", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      sql_failed (workspace, "Could not read the snapshots", error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdPackSnapshot *snapshot = snapshot_from_row (workspace, stmt, error);

      if (snapshot == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (snapshots, snapshot);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_failed (workspace, "Could not read the snapshots", error);
      return NULL;
    }
  return g_steal_pointer (&snapshots);
}

char *
pd_pack_snapshot_latest_name (PdWorkspace  *workspace,
                              const char   *except,
                              GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  char *name = NULL;
  int rc;

  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace),
                          "SELECT name FROM pack_snapshots WHERE ?1 IS NULL OR name <> ?1 "
                          "ORDER BY created_at DESC, id DESC LIMIT 1", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      sql_failed (workspace, "Could not read the snapshots", error);
      return NULL;
    }
  if (except != NULL)
    sqlite3_bind_text (stmt, 1, except, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    name = column_strdup (stmt, 0);
  else if (rc != SQLITE_DONE)
    sql_failed (workspace, "Could not read the snapshots", error);
  sqlite3_finalize (stmt);
  return name;
}

/**
 * pd_pack_snapshot_delete:
 * @workspace: a writable workspace
 * @name: the snapshot's name
 * @error: a #GError; %G_IO_ERROR_NOT_FOUND when there is no such snapshot
 *
 * Returns: %TRUE when it was deleted
 */
gboolean
pd_pack_snapshot_delete (PdWorkspace  *workspace,
                         const char   *name,
                         GError      **error)
{
  sqlite3 *db = pd_workspace_get_db (workspace);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), FALSE);

  if (!pd_pack_snapshot_check_name (name, error))
    return FALSE;
  if (!pd_workspace_begin_write (workspace, error))
    return FALSE;
  if (sqlite3_prepare_v2 (db, "DELETE FROM pack_snapshots WHERE name = ?1", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      pd_workspace_rollback (workspace);
      return sql_failed (workspace, "Could not delete the snapshot", error);
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_failed (workspace, "Could not delete the snapshot", error);
      pd_workspace_rollback (workspace);
      return FALSE;
    }
  if (sqlite3_changes (db) == 0)
    {
      pd_workspace_rollback (workspace);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The workspace has no snapshot “%s”",
                   name);
      return FALSE;
    }
  return pd_workspace_commit (workspace, error);
}

void
pd_pack_snapshot_get_options (const PdPackSnapshot *snapshot,
                              PdBoardPackOptions   *options)
{
  g_return_if_fail (snapshot != NULL && options != NULL);

  pd_board_pack_options_init (options);
  options->commissioner = snapshot->commissioner;
  options->provider = snapshot->provider;
  options->year = snapshot->year;
  options->marking = snapshot->marking;
  options->generated_at = snapshot->generated_at;
  options->charts = snapshot->charts;
  options->public_pack = snapshot->public_pack;
  options->small_number = snapshot->small_number;
  options->sections = snapshot->sections;
  options->previous_pack = snapshot->previous_pack;
  options->previous_snapshot = snapshot->previous_snapshot;
  options->spc_changes = snapshot->spc_changes;
  options->narrative = snapshot->narrative;
  options->snapshot = snapshot->name;
  options->workspace_sha256 = snapshot->workspace_sha256;
}

char *
pd_pack_snapshot_describe (const PdPackSnapshot *snapshot)
{
  g_autofree char *year = pd_financial_year_label (snapshot->year);
  g_autofree char *sections = pd_board_pack_sections_to_string (snapshot->sections);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s %s", snapshot->commissioner, year);
  if (snapshot->provider != NULL)
    g_string_append_printf (text, ", provider %s", snapshot->provider);
  g_string_append_printf (text, ", %s", snapshot->marking != NULL ? snapshot->marking
                                                                  : "OFFICIAL");
  if (snapshot->public_pack)
    g_string_append_printf (text, ", public (<%u)",
                            snapshot->small_number > 0 ? snapshot->small_number : 5);
  if (!snapshot->charts)
    g_string_append (text, ", no charts");
  g_string_append_printf (text, ", %s", sections != NULL ? sections : "all sections");
  g_string_append_printf (text, ", %u SPC change%s", snapshot->spc_changes->len,
                          snapshot->spc_changes->len == 1 ? "" : "s");
  if (snapshot->previous_snapshot != NULL)
    g_string_append_printf (text, ", against “%s”", snapshot->previous_snapshot);
  if (snapshot->narrative != NULL)
    g_string_append (text, ", with a narrative");
  return g_string_free (text, FALSE);
}

/**
 * pd_pack_spc_changes_all:
 * @workspace: the workspace
 * @error: a #GError
 *
 * Returns: (transfer full): every spc_changes row, as PdSpcChange
 */
GPtrArray *
pd_pack_spc_changes_all (PdWorkspace  *workspace,
                         GError      **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 pd_spc_change_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace),
                          "SELECT id, indicator, provider, kind, period, reason, author, "
                          "created_at FROM spc_changes ORDER BY indicator, provider, period, "
                          "kind", -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_failed (workspace, "Could not read the stored SPC changes", error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdSpcChange *change = g_new0 (PdSpcChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->indicator = column_strdup (stmt, 1);
      change->provider = column_strdup (stmt, 2);
      pd_spc_change_kind_from_string ((const char *) sqlite3_column_text (stmt, 3),
                                      &change->kind);
      change->period = column_strdup (stmt, 4);
      change->reason = column_strdup (stmt, 5);
      change->author = column_strdup (stmt, 6);
      change->created_at = column_strdup (stmt, 7);
      g_ptr_array_add (changes, change);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_failed (workspace, "Could not read the stored SPC changes", error);
      return NULL;
    }
  return g_steal_pointer (&changes);
}

/* The changes as the parameters' "spc_changes" array, each row quoted by SQLite. */
static char *
changes_json (PdWorkspace  *workspace,
              GPtrArray    *changes,
              GError      **error)
{
  g_autoptr(GString) json = g_string_new ("[");
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace),
                          "SELECT json_object ('indicator', ?1, 'provider', ?2, 'kind', ?3, "
                          "'period', ?4, 'reason', ?5, 'author', ?6, 'created_at', ?7)", -1,
                          &stmt, NULL) != SQLITE_OK)
    {
      sql_failed (workspace, "Could not save the SPC changes", error);
      return NULL;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      const PdSpcChange *change = g_ptr_array_index (changes, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, change->indicator, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, change->provider, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, pd_spc_change_kind_to_string (change->kind), -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, change->period, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, change->reason, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, change->author, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, change->created_at, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sql_failed (workspace, "Could not save the SPC changes", error);
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_string_append_printf (json, "%s%s", i > 0 ? "," : "",
                              (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* The parameters of a new snapshot, resolved, as JSON. */
static char *
parameters_json (PdWorkspace              *workspace,
                 const PdBoardPackOptions *options,
                 const char               *generated,
                 GError                  **error)
{
  static const char sql[] =
    "SELECT json_object ('version', ?1, 'commissioner', ?2, 'provider', ?3, 'year', ?4, "
    "'marking', ?5, 'generated_at', ?6, 'charts', json (?7), 'public', json (?8), "
    "'small_number', ?9, 'sections', ?10, 'spc_preset', 'mdc', 'narrative', ?11, "
    "'workspace_sha256', ?12, 'previous_snapshot', ?13, 'previous_pack', ?14, "
    "'spc_changes', json (?15))";
  g_autofree char *changes = changes_json (workspace, options->spc_changes, error);
  g_autofree char *sections = pd_board_pack_sections_to_string (options->sections);
  sqlite3_stmt *stmt = NULL;
  char *json = NULL;

  if (changes == NULL)
    return NULL;
  if (sqlite3_prepare_v2 (pd_workspace_get_db (workspace), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_failed (workspace, "Could not save the snapshot", error);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, SNAPSHOT_VERSION);
  sqlite3_bind_text (stmt, 2, options->commissioner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, options->provider, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, options->year);
  sqlite3_bind_text (stmt, 5, options->marking, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, generated, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, options->charts ? "true" : "false", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, options->public_pack ? "true" : "false", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, options->small_number > 0 ? (int) options->small_number : 5);
  sqlite3_bind_text (stmt, 10, sections, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, options->narrative, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, options->workspace_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, options->previous_snapshot, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, options->previous_pack, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 15, changes, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = column_strdup (stmt, 0);
  else
    sql_failed (workspace, "Could not save the snapshot", error);
  sqlite3_finalize (stmt);
  return json;
}

static gboolean
insert_snapshot (PdWorkspace  *workspace,
                 const char   *name,
                 const char   *parameters,
                 const char   *scorecard,
                 GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  sqlite3 *db = pd_workspace_get_db (workspace);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!pd_workspace_begin_write (workspace, error))
    return FALSE;
  if (sqlite3_prepare_v2 (db, "INSERT INTO pack_snapshots (name, parameters, scorecard, "
                          "author, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      pd_workspace_rollback (workspace);
      return sql_failed (workspace, "Could not save the snapshot", error);
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, parameters, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, scorecard, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, created, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     "The workspace already has a snapshot “%s”", name);
      else
        sql_failed (workspace, "Could not save the snapshot", error);
      pd_workspace_rollback (workspace);
      return FALSE;
    }
  return pd_workspace_commit (workspace, error);
}

static gboolean
write_any (PdWorkspace              *workspace,
           const PdBoardPackOptions *options,
           const char               *path,
           char                    **out_scorecard,
           GCancellable             *cancellable,
           GError                  **error)
{
  if (g_str_has_suffix (path, ".pdf"))
    return _pd_board_pack_write_pdf (workspace, options, path, out_scorecard, cancellable,
                                     error);
  return _pd_board_pack_write_xlsx (workspace, options, path, out_scorecard, cancellable,
                                    error);
}

/**
 * pd_pack_snapshot_write:
 * @workspace: the workspace; writable to save a new snapshot
 * @name: the snapshot's name
 * @options: (nullable): the pack's options when the snapshot is new
 * @path: the xlsx or PDF file to write
 * @out_regenerated: (out) (optional): %TRUE when the snapshot existed
 * @cancellable: (nullable): stops the work
 * @error: a #GError
 *
 * Returns: %TRUE when the pack is written (and a new snapshot saved)
 */
gboolean
pd_pack_snapshot_write (PdWorkspace              *workspace,
                        const char               *name,
                        const PdBoardPackOptions *options,
                        const char               *path,
                        gboolean                 *out_regenerated,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  g_autoptr(PdPackSnapshot) existing = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *parameters = NULL;
  g_autofree char *scorecard = NULL;
  PdBoardPackOptions resolved;
  PdPack pack = { 0 };
  gboolean ok;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (out_regenerated != NULL)
    *out_regenerated = FALSE;
  existing = pd_pack_snapshot_load (workspace, name, &local);
  if (existing != NULL)
    {
      pd_pack_snapshot_get_options (existing, &resolved);
      /* How the caller follows the work is not a parameter of the pack. */
      if (options != NULL)
        {
          resolved.progress = options->progress;
          resolved.progress_data = options->progress_data;
        }
      if (out_regenerated != NULL)
        *out_regenerated = TRUE;
      return write_any (workspace, &resolved, path, NULL, cancellable, error);
    }
  if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_clear_error (&local);
  if (pd_workspace_is_read_only (workspace))
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "The workspace is open read-only, so the snapshot “%s” cannot be saved",
                   name);
      return FALSE;
    }

  /* The question as it resolves now, so a later regeneration asks the same one even when
   * new data would change a default (the latest year, the largest contract). */
  if (options != NULL)
    resolved = *options;
  else
    pd_board_pack_options_init (&resolved);
  if (resolved.marking == NULL)
    resolved.marking = "OFFICIAL";
  pack.workspace = workspace;
  if (!_pd_pack_resolve (&pack, &resolved, error))
    {
      _pd_pack_clear (&pack);
      return FALSE;
    }
  sha256 = _pd_pack_workspace_sha256 (&pack, error);
  if (sha256 == NULL)
    {
      _pd_pack_clear (&pack);
      return FALSE;
    }
  resolved.commissioner = pack.commissioner;
  resolved.provider = pack.provider;
  resolved.year = pack.year;
  resolved.workspace_sha256 = sha256;
  if (resolved.generated_at == NULL)
    {
      /* Whole seconds: what the cover shows and the JSON keeps. */
      g_autoptr(GDateTime) exact = g_date_time_new_now_utc ();
      now = g_date_time_new_utc (g_date_time_get_year (exact), g_date_time_get_month (exact),
                                 g_date_time_get_day_of_month (exact),
                                 g_date_time_get_hour (exact), g_date_time_get_minute (exact),
                                 g_date_time_get_second (exact));
      resolved.generated_at = now;
    }
  generated = g_date_time_format (resolved.generated_at, "%Y-%m-%dT%H:%M:%SZ");
  if (resolved.spc_changes == NULL)
    {
      changes = pd_pack_spc_changes_all (workspace, error);
      if (changes == NULL)
        {
          _pd_pack_clear (&pack);
          return FALSE;
        }
      resolved.spc_changes = changes;
    }
  if (resolved.previous_snapshot == NULL && resolved.previous_pack == NULL)
    {
      previous = pd_pack_snapshot_latest_name (workspace, NULL, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          _pd_pack_clear (&pack);
          return FALSE;
        }
      resolved.previous_snapshot = previous;
    }
  resolved.snapshot = name;

  parameters = parameters_json (workspace, &resolved, generated, error);
  ok = parameters != NULL &&
       write_any (workspace, &resolved, path, &scorecard, cancellable, error);
  if (ok && !insert_snapshot (workspace, name, parameters, scorecard, error))
    {
      /* A pack naming a snapshot that was not saved would mislead: remove it. */
      g_unlink (path);
      ok = FALSE;
    }
  _pd_pack_clear (&pack);
  return ok;
}

/**
 * pd_pack_snapshot_write_async:
 * @workspace: the workspace; the worker opens a connection of its own
 * @name: the snapshot
 * @options: (nullable): as for pd_pack_snapshot_write(); copied. Its progress function
 *   is called on the calling thread's main context.
 * @path: the pack to write: a PDF when it ends in ".pdf", else the xlsx workbook
 * @cancellable: (nullable): stops the export between steps; no file is left behind
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * pd_pack_snapshot_write() on a worker thread. Finish with pd_pack_snapshot_write_finish().
 */
void
pd_pack_snapshot_write_async (PdWorkspace              *workspace,
                              const char               *name,
                              const PdBoardPackOptions *options,
                              const char               *path,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_return_if_fail (PD_IS_WORKSPACE (workspace));
  g_return_if_fail (name != NULL);
  g_return_if_fail (path != NULL);

  _pd_board_pack_write_task (workspace, options, path, name, pd_pack_snapshot_write_async,
                             cancellable, callback, user_data);
}

/**
 * pd_pack_snapshot_write_finish:
 * @workspace: the workspace given to pd_pack_snapshot_write_async()
 * @result: the result
 * @out_regenerated: (out) (optional): TRUE when a stored snapshot was regenerated, FALSE
 *   when a new one was saved
 * @error: a #GError; %G_IO_ERROR_CANCELLED after a cancellation
 *
 * Returns: %TRUE when the pack is written (and a new snapshot saved)
 */
gboolean
pd_pack_snapshot_write_finish (PdWorkspace   *workspace,
                               GAsyncResult  *result,
                               gboolean      *out_regenerated,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, workspace), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_pack_snapshot_write_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_regenerated != NULL)
    *out_regenerated = _pd_board_pack_task_regenerated (G_TASK (result));
  return TRUE;
}
