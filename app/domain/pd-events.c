/* pd-events.c — incidents and soft intelligence: one provider's events, monthly counts
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pd-events.h"
#include "pd-domain-private.h"

static const char *const type_names[PD_N_EVENT_TYPES] = {
  "serious_incident", "never_event", "mrsa", "c_difficile", "complaint", "concern",
  "regulator_notice",
};

static const char *const type_labels[PD_N_EVENT_TYPES] = {
  "Serious incident", "Never event", "MRSA bacteraemia", "C. difficile", "Complaint",
  "Concern", "Regulator notice",
};

/**
 * pd_event_type_to_string:
 * @type: an event type
 *
 * Returns: the type as the workspace stores it, e.g. "serious_incident"
 */
const char *
pd_event_type_to_string (PdEventType type)
{
  g_return_val_if_fail (type < PD_N_EVENT_TYPES, NULL);

  return type_names[type];
}

/**
 * pd_event_type_from_string:
 * @text: a type as the workspace stores it
 * @out_type: (out): the type
 *
 * Returns: %TRUE when @text names a type
 */
gboolean
pd_event_type_from_string (const char  *text,
                           PdEventType *out_type)
{
  g_return_val_if_fail (out_type != NULL, FALSE);

  for (guint i = 0; text != NULL && i < PD_N_EVENT_TYPES; i++)
    if (strcmp (text, type_names[i]) == 0)
      {
        *out_type = (PdEventType) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * pd_event_type_label:
 * @type: an event type
 *
 * Returns: a short English label for a legend, e.g. "Serious incident"
 */
const char *
pd_event_type_label (PdEventType type)
{
  g_return_val_if_fail (type < PD_N_EVENT_TYPES, NULL);

  return type_labels[type];
}

static gboolean
check_date (const char  *iso,
            GError     **error)
{
  int year, month, day;

  if (iso == NULL ||
      (sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) == 3 &&
       g_date_valid_dmy (day, month, year)))
    return TRUE;
  g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
               "“%s” is not an ISO date (YYYY-MM-DD)", iso);
  return FALSE;
}

static void
event_clear (gpointer data)
{
  PdEvent *event = data;

  g_free (event->note);
  g_free (event->source);
  g_free (event->suppressed);
  g_free (event->author);
}

/**
 * pd_events_query:
 * @workspace: a workspace
 * @provider: a provider's code
 * @first: (nullable): the first date to include (ISO), or %NULL
 * @last: (nullable): the last date to include (ISO), or %NULL
 * @types: a set of PD_EVENT_TYPE_BIT()s, or 0 for every type
 * @error: a #GError
 *
 * The imported events and the concerns entered in the app (the concerns table, as
 * PD_EVENT_CONCERN of count 1 with entered set), together.
 *
 * Returns: (transfer full) (element-type PdEvent): the provider's events by date (within a
 * day, imported in import order, then entered), or %NULL with @error set
 */
GArray *
pd_events_query (PdWorkspace  *workspace,
                 const char   *provider,
                 const char   *first,
                 const char   *last,
                 guint         types,
                 GError      **error)
{
  /* The events_provider (provider, date) index serves the range; the type is a filter. */
  static const char sql[] =
    "SELECT id, date, type, count, note, source, suppressed, NULL, 0 AS entered FROM events"
    " WHERE provider = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)"
    " UNION ALL"
    " SELECT id, date, 'concern', 1, note, source, NULL, author, 1 FROM concerns"
    " WHERE provider = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)"
    " ORDER BY 2, entered, 1";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) events = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_date (first, error) || !check_date (last, error))
    return NULL;
  if (types == 0)
    types = PD_EVENT_TYPE_BIT (PD_N_EVENT_TYPES) - 1;

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the events", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, provider);
  _pd_domain_bind_text (stmt, 2, first);
  _pd_domain_bind_text (stmt, 3, last);

  events = g_array_new (FALSE, TRUE, sizeof (PdEvent));
  g_array_set_clear_func (events, event_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdEvent event = { 0 };

      if (!pd_event_type_from_string ((const char *) sqlite3_column_text (stmt, 2), &event.type) ||
          (types & PD_EVENT_TYPE_BIT (event.type)) == 0)
        continue;
      event.id = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (event.date, (const char *) sqlite3_column_text (stmt, 1), sizeof event.date);
      event.count = _pd_domain_column_int64 (stmt, 3, -1);
      event.note = _pd_domain_column_strdup (stmt, 4);
      event.source = _pd_domain_column_strdup (stmt, 5);
      event.suppressed = _pd_domain_column_strdup (stmt, 6);
      event.author = _pd_domain_column_strdup (stmt, 7);
      event.entered = sqlite3_column_int (stmt, 8) != 0;
      g_array_append_val (events, event);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the events", error))
    return NULL;
  return g_steal_pointer (&events);
}

/**
 * pd_events_monthly_query:
 * @workspace: a workspace
 * @provider: a provider's code
 * @first: (nullable): the first date to include (ISO), or %NULL for the provider's first
 *   event
 * @last: (nullable): the last date to include (ISO), or %NULL for its last
 * @error: a #GError
 *
 * The provider's events added up by calendar month and type, for the triangulation
 * timeline beside the monthly indicators. Every month from the month of @first (or of
 * the first event) to the month of @last (or of the last event) is there, a month
 * without events holding zeros. A suppressed count adds nothing and is counted apart.
 * Concerns entered in the app (the concerns table) count one each as PD_EVENT_CONCERN.
 *
 * Returns: (transfer full) (element-type PdEventMonth): oldest first (empty when there
 * are no events and no dates were given), or %NULL with @error set
 */
GArray *
pd_events_monthly_query (PdWorkspace  *workspace,
                         const char   *provider,
                         const char   *first,
                         const char   *last,
                         GError      **error)
{
  static const char sql[] =
    "SELECT substr (date, 1, 7) AS month, type, COALESCE (SUM (count), 0),"
    "       COUNT (*) - COUNT (count)"
    " FROM (SELECT date, type, count FROM events"
    "       WHERE provider = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)"
    "       UNION ALL"
    "       SELECT date, 'concern', 1 FROM concerns"
    "       WHERE provider = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3))"
    " GROUP BY month, type ORDER BY month";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) months = NULL;
  int origin = -1, end = -1;
  int year, month, day;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_date (first, error) || !check_date (last, error))
    return NULL;
  if (first != NULL && sscanf (first, "%4d-%2d-%2d", &year, &month, &day) == 3)
    origin = year * 12 + month - 1;
  if (last != NULL && sscanf (last, "%4d-%2d-%2d", &year, &month, &day) == 3)
    end = year * 12 + month - 1;

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the events", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, provider);
  _pd_domain_bind_text (stmt, 2, first);
  _pd_domain_bind_text (stmt, 3, last);

  months = g_array_new (FALSE, TRUE, sizeof (PdEventMonth));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PdEventType type;
      PdEventMonth *slot;
      int m;

      if (sscanf ((const char *) sqlite3_column_text (stmt, 0), "%4d-%2d", &year, &month) != 2 ||
          !pd_event_type_from_string ((const char *) sqlite3_column_text (stmt, 1), &type))
        continue;
      m = year * 12 + month - 1;
      if (origin < 0)
        origin = m;
      /* Fill every month up to this one, so gaps are zero months, not missing ones. */
      while (origin + (int) months->len <= m)
        {
          PdEventMonth fresh = { 0 };
          int n = origin + (int) months->len;

          fresh.year = n / 12;
          fresh.month = n % 12 + 1;
          g_array_append_val (months, fresh);
        }
      slot = &g_array_index (months, PdEventMonth, m - origin);
      slot->counts[type] += sqlite3_column_int64 (stmt, 2);
      slot->suppressed[type] += (guint) sqlite3_column_int64 (stmt, 3);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the events", error))
    return NULL;

  while (origin >= 0 && end >= origin && origin + (int) months->len <= end)
    {
      PdEventMonth fresh = { 0 };
      int n = origin + (int) months->len;

      fresh.year = n / 12;
      fresh.month = n % 12 + 1;
      g_array_append_val (months, fresh);
    }
  return g_steal_pointer (&months);
}
