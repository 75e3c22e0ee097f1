/* pd-spc-changes.c — the rows users write in the app: spc_changes and concerns
 * (schema version 3), and the providers a commissioner pays
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "domain/pd-spc-changes.h"

static const char * const kind_names[] = { "baseline", "recalculation", "ghost", "annotation" };

const char *
pd_spc_change_kind_to_string (PdSpcChangeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
pd_spc_change_kind_from_string (const char      *text,
                                PdSpcChangeKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out_kind = (PdSpcChangeKind) i;
        return TRUE;
      }
  return FALSE;
}

void
pd_spc_change_free (PdSpcChange *change)
{
  if (change == NULL)
    return;
  g_free (change->indicator);
  g_free (change->provider);
  g_free (change->period);
  g_free (change->reason);
  g_free (change->author);
  g_free (change->created_at);
  g_free (change);
}

void
pd_concern_free (PdConcern *concern)
{
  if (concern == NULL)
    return;
  g_free (concern->provider);
  g_free (concern->date);
  g_free (concern->source);
  g_free (concern->note);
  g_free (concern->author);
  g_free (concern->created_at);
  g_free (concern);
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
fail (GError     **error,
      sqlite3     *db,
      const char  *what)
{
  g_set_error (error, PD_WORKSPACE_ERROR,
               sqlite3_errcode (db) == SQLITE_READONLY ? PD_WORKSPACE_ERROR_READ_ONLY
                                                       : PD_WORKSPACE_ERROR_FAILED,
               "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

/* A calendar date "YYYY-MM-DD" that exists. */
static gboolean
check_date (const char  *date,
            const char  *what,
            GError     **error)
{
  int year, month, day;
  char end;

  if (date != NULL && strlen (date) == 10
      && sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3
      && g_date_valid_dmy (day, month, year))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s: “%s” is not a date (YYYY-MM-DD)", what, date ? date : "");
  return FALSE;
}

static gboolean
check_text (const char  *text,
            const char  *what,
            GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  if (*stripped != '\0')
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is empty", what);
  return FALSE;
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

GPtrArray *
pd_spc_changes_list (PdWorkspace  *workspace,
                     const char   *indicator,
                     const char   *provider,
                     GError      **error)
{
  sqlite3 *db = pd_workspace_get_db (workspace);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_spc_change_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, indicator, provider, kind, period, reason, author, created_at "
                           "FROM spc_changes WHERE indicator = ?1 AND provider = ?2 "
                           "ORDER BY period, CASE kind WHEN 'baseline' THEN 0 "
                           "WHEN 'recalculation' THEN 1 WHEN 'ghost' THEN 2 ELSE 3 END, id",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, indicator, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 2, provider, -1, SQLITE_TRANSIENT);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdSpcChange *change = g_new0 (PdSpcChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->indicator = column_strdup (stmt, 1);
      change->provider = column_strdup (stmt, 2);
      pd_spc_change_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &change->kind);
      change->period = column_strdup (stmt, 4);
      change->reason = column_strdup (stmt, 5);
      change->author = column_strdup (stmt, 6);
      change->created_at = column_strdup (stmt, 7);
      g_ptr_array_add (changes, change);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      fail (error, db, "Could not read the chart changes");
      return NULL;
    }
  return g_steal_pointer (&changes);
}

PdSpcPointInput *
pd_spc_changes_point_inputs (GPtrArray                *changes,
                             const PdIndicatorSeries  *series,
                             PdSpcOptions             *options,
                             guint                    *out_unmatched)
{
  gsize n = series->points->len;
  PdSpcPointInput *extra = g_new0 (PdSpcPointInput, MAX (n, 1));
  guint unmatched = 0;

  for (gsize i = 0; i < n; i++)
    {
      extra[i].target = NAN;
      extra[i].denominator = NAN;
    }
  for (guint c = 0; changes != NULL && c < changes->len; c++)
    {
      const PdSpcChange *change = g_ptr_array_index (changes, c);
      gsize at = n;

      for (gsize i = 0; i < n; i++)
        if (strcmp (g_array_index (series->points, PdIndicatorPoint, i).period_start,
                    change->period) == 0)
          {
            at = i;
            break;
          }
      if (at == n)
        {
          unmatched++;
          continue;
        }
      switch (change->kind)
        {
        case PD_SPC_CHANGE_BASELINE:
          options->fix_after = (guint) at + 1;
          break;
        case PD_SPC_CHANGE_RECALCULATION:
          extra[at].rebase = TRUE;
          break;
        case PD_SPC_CHANGE_GHOST:
          extra[at].ghost = TRUE;
          break;
        case PD_SPC_CHANGE_ANNOTATION:
        default:
          break;
        }
    }
  if (out_unmatched != NULL)
    *out_unmatched = unmatched;
  return extra;
}

gint64
pd_spc_changes_add (PdWorkspace      *workspace,
                    const char       *indicator,
                    const char       *provider,
                    PdSpcChangeKind   kind,
                    const char       *period,
                    const char       *reason,
                    GError          **error)
{
  sqlite3 *db = pd_workspace_get_db (workspace);
  g_autofree char *now = now_utc ();
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), 0);
  if (!check_text (indicator, "The indicator", error)
      || !check_text (provider, "The provider", error)
      || !check_date (period, "The period", error)
      || !check_text (reason, "The reason", error))
    return 0;
  stripped = g_strstrip (g_strdup (reason));

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO spc_changes (indicator, provider, kind, period, reason, "
                           "author, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 1, indicator, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 2, provider, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 3, kind_names[kind], -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 4, period, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 5, stripped, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 6, g_get_user_name (), -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT || sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_UNIQUE)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s of %s at %s already has a %s", indicator, provider, period,
                   kind_names[kind]);
      return 0;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      fail (error, db, "Could not save the chart change");
      return 0;
    }
  return sqlite3_last_insert_rowid (db);
}

static gboolean
remove_row (PdWorkspace  *workspace,
            const char   *sql,
            gint64        id,
            const char   *what,
            GError      **error)
{
  sqlite3 *db = pd_workspace_get_db (workspace);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_int64 (stmt, 1, id);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return fail (error, db, what);
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no row %" G_GINT64_FORMAT,
                   what, id);
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_spc_changes_remove (PdWorkspace  *workspace,
                       gint64        id,
                       GError      **error)
{
  return remove_row (workspace, "DELETE FROM spc_changes WHERE id = ?1", id,
                     "Could not remove the chart change", error);
}

GPtrArray *
pd_concerns_list (PdWorkspace  *workspace,
                  const char   *provider,
                  GError      **error)
{
  sqlite3 *db = pd_workspace_get_db (workspace);
  g_autoptr(GPtrArray) concerns = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_concern_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, provider, date, source, note, author, created_at "
                           "FROM concerns WHERE provider = ?1 ORDER BY date, id",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_TRANSIENT);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdConcern *concern = g_new0 (PdConcern, 1);

      concern->id = sqlite3_column_int64 (stmt, 0);
      concern->provider = column_strdup (stmt, 1);
      concern->date = column_strdup (stmt, 2);
      concern->source = column_strdup (stmt, 3);
      concern->note = column_strdup (stmt, 4);
      concern->author = column_strdup (stmt, 5);
      concern->created_at = column_strdup (stmt, 6);
      g_ptr_array_add (concerns, concern);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      fail (error, db, "Could not read the concerns");
      return NULL;
    }
  return g_steal_pointer (&concerns);
}

gint64
pd_concerns_add (PdWorkspace  *workspace,
                 const char   *provider,
                 const char   *date,
                 const char   *source,
                 const char   *note,
                 GError      **error)
{
  sqlite3 *db = pd_workspace_get_db (workspace);
  g_autofree char *now = now_utc ();
  g_autofree char *source_s = NULL;
  g_autofree char *note_s = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!check_text (provider, "The provider", error)
      || !check_date (date, "The concern's date", error)
      || !check_text (source, "The concern's source", error)
      || !check_text (note, "The concern's note", error))
    return 0;
  source_s = g_strstrip (g_strdup (source));
  note_s = g_strstrip (g_strdup (note));

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO concerns (provider, date, source, note, author, created_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 3, source_s, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 4, note_s, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 5, g_get_user_name (), -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      fail (error, db, "Could not save the concern");
      return 0;
    }
  return sqlite3_last_insert_rowid (db);
}

gboolean
pd_concerns_remove (PdWorkspace  *workspace,
                    gint64        id,
                    GError      **error)
{
  return remove_row (workspace, "DELETE FROM concerns WHERE id = ?1", id,
                     "Could not remove the concern", error);
}

/* The spend ledger's provider column is the only link between a commissioner and the
 * providers it buys from. */
GPtrArray *
pd_organisations_paid_by (PdWorkspace  *workspace,
                          const char   *commissioner,
                          GError      **error)
{
  g_autoptr(GPtrArray) all = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
  g_autoptr(GHashTable) paid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *providers;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = pd_workspace_get_db (workspace);
  int rc;

  if (all == NULL)
    return NULL;
  if (commissioner == NULL)
    return g_steal_pointer (&all);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT DISTINCT provider FROM spend "
                           "WHERE commissioner = ?1 AND provider IS NOT NULL",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_text (stmt, 1, commissioner, -1, SQLITE_TRANSIENT);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_add (paid, column_strdup (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "Could not read the providers of %s: %s", commissioner, sqlite3_errmsg (db));
      return NULL;
    }
  if (g_hash_table_size (paid) == 0)
    return g_steal_pointer (&all);

  providers = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_organisation_free);
  for (guint i = 0; i < all->len; i++)
    {
      const PdOrganisation *org = g_ptr_array_index (all, i);

      if (g_hash_table_contains (paid, org->code))
        g_ptr_array_add (providers, pd_organisation_copy (org));
    }
  return providers;
}
