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
#include "pd-domain-private.h"

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

/* Every change when @indicator and @provider are NULL: the Overview reads them once. */
GPtrArray *
pd_spc_changes_list (PdWorkspace  *workspace,
                     const char   *indicator,
                     const char   *provider,
                     GError      **error)
{
  static const char sql[] =
    "SELECT id, indicator, provider, kind, period, reason, author, created_at"
    " FROM spc_changes WHERE (?1 IS NULL OR indicator = ?1) AND (?2 IS NULL OR provider = ?2)"
    " ORDER BY indicator, provider, period, CASE kind WHEN 'baseline' THEN 0"
    " WHEN 'recalculation' THEN 1 WHEN 'ghost' THEN 2 ELSE 3 END, id";
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the chart changes", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, indicator);
  _pd_domain_bind_text (stmt, 2, provider);
  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_spc_change_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdSpcChange *change = g_new0 (PdSpcChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->indicator = _pd_domain_column_strdup (stmt, 1);
      change->provider = _pd_domain_column_strdup (stmt, 2);
      pd_spc_change_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &change->kind);
      change->period = _pd_domain_column_strdup (stmt, 4);
      change->reason = _pd_domain_column_strdup (stmt, 5);
      change->author = _pd_domain_column_strdup (stmt, 6);
      change->created_at = _pd_domain_column_strdup (stmt, 7);
      g_ptr_array_add (changes, change);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the chart changes", error))
    return NULL;
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
          /* Its own partition only: options->fix_after would fix every partition. */
          extra[at].baseline_end = TRUE;
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
  static const char sql[] =
    "INSERT INTO spc_changes (indicator, provider, kind, period, reason, author, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  g_autofree char *now = now_utc ();
  g_autofree char *stripped = NULL;
  g_autoptr(PdDomainStmt) stmt = NULL;
  sqlite3 *db = pd_workspace_get_db (workspace);
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), 0);
  if (!check_text (indicator, "The indicator", error)
      || !check_text (provider, "The provider", error)
      || !check_date (period, "The period", error)
      || !check_text (reason, "The reason", error))
    return 0;
  stripped = g_strstrip (g_strdup (reason));

  stmt = _pd_domain_prepare (workspace, sql, "Could not save the chart change", error);
  if (stmt == NULL)
    return 0;
  _pd_domain_bind_text (stmt, 1, indicator);
  _pd_domain_bind_text (stmt, 2, provider);
  _pd_domain_bind_text (stmt, 3, kind_names[kind]);
  _pd_domain_bind_text (stmt, 4, period);
  _pd_domain_bind_text (stmt, 5, stripped);
  _pd_domain_bind_text (stmt, 6, g_get_user_name ());
  _pd_domain_bind_text (stmt, 7, now);
  rc = sqlite3_step (stmt);
  if (sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s of %s at %s already has a %s", indicator, provider, period,
                   kind_names[kind]);
      return 0;
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not save the chart change", error))
    return 0;
  return sqlite3_last_insert_rowid (db);
}

static gboolean
remove_row (PdWorkspace  *workspace,
            const char   *sql,
            gint64        id,
            const char   *what,
            GError      **error)
{
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  stmt = _pd_domain_prepare (workspace, sql, what, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (!_pd_domain_check_done (workspace, rc, what, error))
    return FALSE;
  if (sqlite3_changes (pd_workspace_get_db (workspace)) == 0)
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
  static const char sql[] = "DELETE FROM spc_changes WHERE id = ?1";

  return remove_row (workspace, sql, id, "Could not remove the chart change", error);
}

GPtrArray *
pd_concerns_list (PdWorkspace  *workspace,
                  const char   *provider,
                  GError      **error)
{
  static const char sql[] =
    "SELECT id, provider, date, source, note, author, created_at"
    " FROM concerns WHERE provider = ?1 ORDER BY date, id";
  g_autoptr(GPtrArray) concerns = NULL;
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the concerns", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, provider);
  concerns = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_concern_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdConcern *concern = g_new0 (PdConcern, 1);

      concern->id = sqlite3_column_int64 (stmt, 0);
      concern->provider = _pd_domain_column_strdup (stmt, 1);
      concern->date = _pd_domain_column_strdup (stmt, 2);
      concern->source = _pd_domain_column_strdup (stmt, 3);
      concern->note = _pd_domain_column_strdup (stmt, 4);
      concern->author = _pd_domain_column_strdup (stmt, 5);
      concern->created_at = _pd_domain_column_strdup (stmt, 6);
      g_ptr_array_add (concerns, concern);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the concerns", error))
    return NULL;
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
  static const char sql[] =
    "INSERT INTO concerns (provider, date, source, note, author, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  g_autofree char *now = now_utc ();
  g_autofree char *source_s = NULL;
  g_autofree char *note_s = NULL;
  g_autoptr(PdDomainStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), 0);
  if (!check_text (provider, "The provider", error)
      || !check_date (date, "The concern's date", error)
      || !check_text (source, "The concern's source", error)
      || !check_text (note, "The concern's note", error))
    return 0;
  source_s = g_strstrip (g_strdup (source));
  note_s = g_strstrip (g_strdup (note));

  stmt = _pd_domain_prepare (workspace, sql, "Could not save the concern", error);
  if (stmt == NULL)
    return 0;
  _pd_domain_bind_text (stmt, 1, provider);
  _pd_domain_bind_text (stmt, 2, date);
  _pd_domain_bind_text (stmt, 3, source_s);
  _pd_domain_bind_text (stmt, 4, note_s);
  _pd_domain_bind_text (stmt, 5, g_get_user_name ());
  _pd_domain_bind_text (stmt, 6, now);
  rc = sqlite3_step (stmt);
  if (!_pd_domain_check_done (workspace, rc, "Could not save the concern", error))
    return 0;
  return sqlite3_last_insert_rowid (pd_workspace_get_db (workspace));
}

gboolean
pd_concerns_remove (PdWorkspace  *workspace,
                    gint64        id,
                    GError      **error)
{
  static const char sql[] = "DELETE FROM concerns WHERE id = ?1";

  return remove_row (workspace, sql, id, "Could not remove the concern", error);
}

/* The spend ledger's provider column is the only link between a commissioner and the
 * providers it buys from. Read from spend_totals, which the importer keeps with a row for
 * every commissioner, year, month, category and provider that has spend rows (provider ''
 * for none): a search of its primary key, where the spend table itself, with no index on
 * commissioner, would be scanned whole (2.7 s at 10 million rows, on every open and every
 * commissioner change). */
GPtrArray *
pd_organisations_paid_by (PdWorkspace  *workspace,
                          const char   *commissioner,
                          GError      **error)
{
  static const char sql[] =
    "SELECT DISTINCT provider FROM spend_totals WHERE commissioner = ?1 AND provider <> ''";
  g_autoptr(GPtrArray) all = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
  g_autoptr(GHashTable) paid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(PdDomainStmt) stmt = NULL;
  GPtrArray *providers;
  int rc;

  if (all == NULL)
    return NULL;
  if (commissioner == NULL)
    return g_steal_pointer (&all);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the providers a commissioner pays",
                             error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, commissioner);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (paid, _pd_domain_column_strdup (stmt, 0));
  if (!_pd_domain_check_done (workspace, rc, "Could not read the providers a commissioner pays",
                              error))
    return NULL;
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
