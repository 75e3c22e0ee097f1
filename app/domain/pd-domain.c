/* pd-domain.c — shared words, errors and the statement cache of the domain queries
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pd-domain-private.h"

G_DEFINE_QUARK (pd-domain-error-quark, pd_domain_error)

/**
 * pd_financial_year_label:
 * @year: a financial year as its first calendar year
 *
 * Returns: (transfer full): the year as NHS finance writes it: 2009 gives "2009/10",
 * 1999 gives "1999/00".
 */
char *
pd_financial_year_label (int year)
{
  return g_strdup_printf ("%d/%02d", year, (year + 1) % 100);
}

/**
 * pd_financial_month_index:
 * @month: a calendar month, 1 to 12
 *
 * Returns: the month's place in the financial year: April 0, March 11.
 */
guint
pd_financial_month_index (int month)
{
  g_return_val_if_fail (month >= 1 && month <= 12, 0);

  return (guint) ((month + 8) % 12);
}

/**
 * pd_financial_year_of_month:
 * @calendar_year: a calendar year
 * @month: a calendar month, 1 to 12
 *
 * Returns: the financial year the month falls in: January 2010 is in 2009 (2009/10).
 */
int
pd_financial_year_of_month (int calendar_year,
                            int month)
{
  return month >= 4 ? calendar_year : calendar_year - 1;
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The cache lives as long as the workspace. The statements are finalized after the
 * connection is closed with sqlite3_close_v2, which waits for them. */
static GHashTable *
statement_cache (PdWorkspace *workspace)
{
  static GQuark quark;
  GHashTable *cache;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("pd-domain-statements");

  cache = g_object_get_qdata (G_OBJECT (workspace), quark);
  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                     statement_free);
      g_object_set_qdata_full (G_OBJECT (workspace), quark, cache,
                               (GDestroyNotify) g_hash_table_unref);
    }
  return cache;
}

/* Returns the prepared statement for @sql, which must be a string with static storage:
 * its address is the cache key. The statement comes back reset, with no bindings. */
PdDomainStmt *
_pd_domain_prepare (PdWorkspace  *workspace,
                    const char   *sql,
                    const char   *what,
                    GError      **error)
{
  GHashTable *cache;
  sqlite3_stmt *stmt;

  g_assert (PD_IS_WORKSPACE (workspace));
  g_assert (sql != NULL);

  cache = statement_cache (workspace);
  stmt = g_hash_table_lookup (cache, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (pd_workspace_get_db (workspace), sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, NULL) != SQLITE_OK)
    {
      pd_workspace_set_error (workspace, error, what);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (cache, (gpointer) sql, stmt);
  return stmt;
}

/* After a loop of sqlite3_step(): TRUE when it ended well, else sets @error. */
gboolean
_pd_domain_check_done (PdWorkspace  *workspace,
                       int           rc,
                       const char   *what,
                       GError      **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  pd_workspace_set_error (workspace, error, what);
  /* A sum() in the query overflowed: the same error as a sum the domain adds itself. */
  if (error != NULL && g_error_matches (*error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_OVERFLOW))
    {
      (*error)->domain = PD_DOMAIN_ERROR;
      (*error)->code = PD_DOMAIN_ERROR_OVERFLOW;
    }
  return FALSE;
}

/* A sum of money the domain adds in C passed G_MAXINT64 pence. */
void
_pd_domain_set_overflow_error (GError     **error,
                               const char  *what)
{
  g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_OVERFLOW,
               "%s: the amounts add up to more than £92,233,720,368,547,758.07, the most "
               "pctdash can count. An imported amount must be wrong (pence imported as "
               "pounds?): remove that import", what);
}

/* Queries that read several statements see one snapshot. Inside a transaction the caller
 * opened, there is nothing to begin. Returns whether a read transaction was begun. */
gboolean
_pd_domain_read_begin (PdWorkspace *workspace)
{
  sqlite3 *db = pd_workspace_get_db (workspace);

  if (!sqlite3_get_autocommit (db))
    return FALSE;
  return sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void
_pd_domain_read_end (PdWorkspace *workspace,
                     gboolean     began)
{
  if (began)
    sqlite3_exec (pd_workspace_get_db (workspace), "COMMIT", NULL, NULL, NULL);
}

char *
_pd_domain_column_strdup (PdDomainStmt *stmt,
                          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

double
_pd_domain_column_double (PdDomainStmt *stmt,
                          int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, column);
}

gint64
_pd_domain_column_int64 (PdDomainStmt *stmt,
                         int           column,
                         gint64        if_null)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return if_null;
  return sqlite3_column_int64 (stmt, column);
}

/* Binds @text, or NULL, which the queries read as "any". */
void
_pd_domain_bind_text (PdDomainStmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* A JSON array of @strings, for binding a list to json_each() in one statement instead of
 * running one statement per item. */
char *
_pd_domain_json_array (const char * const *strings)
{
  GString *out = g_string_new ("[");

  for (gsize i = 0; strings != NULL && strings[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      for (const unsigned char *p = (const unsigned char *) strings[i]; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_printf (out, "\\%c", *p);
          else if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}
