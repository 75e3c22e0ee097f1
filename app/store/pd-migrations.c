/* pd-migrations.c — the workspace schema, one ordered migration per version
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules for the schema (docs/workspace.md explains them):
 * - STRICT tables, foreign keys on.
 * - Money as integer pence. Organisation codes as TEXT, so "00L" keeps its zeros.
 * - A suppressed value is NULL and its row says why in `suppressed`; never 0.
 * - Every fact row carries the import it came from; deleting the import deletes its facts.
 * - Fact tables refer to organisations with deferred foreign keys, so an import can swap
 *   organisations and facts inside one transaction (--replace).
 * - Never edit a migration that has shipped: add a new one.
 */

#include "config.h"

#include "pd-workspace.h"
#include "pd-store-private.h"

static const char *const migrations[] = {
  /* 1: the first schema. */
  /* AUTOINCREMENT: an import's number is never reused, so "undo import 12" can never
   * remove a later import that happened to get the same number. */
  "CREATE TABLE imports (\n"
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  file_name   TEXT NOT NULL,\n"
  "  sha256      TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),\n"
  "  size        INTEGER NOT NULL,\n"
  "  imported_at TEXT NOT NULL,\n"
  "  format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),\n"
  "  encoding    TEXT NOT NULL\n"
  ") STRICT;\n"
  "\n"
  "CREATE TABLE import_parts (\n"
  "  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  kind      TEXT NOT NULL,\n"
  "  sheet     TEXT,\n"
  "  rows      INTEGER NOT NULL,\n"
  "  PRIMARY KEY (import_id, kind)\n"
  ") STRICT;\n"
  "\n"
  "CREATE TABLE organisations (\n"
  "  code       TEXT PRIMARY KEY CHECK (code <> ''),\n"
  "  name       TEXT NOT NULL,\n"
  "  role       TEXT NOT NULL CHECK (role IN ('commissioner', 'provider')),\n"
  "  type       TEXT,\n"
  "  region     TEXT,\n"
  "  population INTEGER CHECK (population IS NULL OR population >= 0),\n"
  "  import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE\n"
  ") STRICT;\n"
  "CREATE INDEX organisations_import ON organisations (import_id);\n"
  "\n"
  "CREATE TABLE peer_groups (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  name        TEXT NOT NULL UNIQUE,\n"
  "  description TEXT\n"
  ") STRICT;\n"
  "\n"
  "CREATE TABLE peer_group_members (\n"
  "  group_id INTEGER NOT NULL REFERENCES peer_groups (id) ON DELETE CASCADE,\n"
  "  org_code TEXT NOT NULL REFERENCES organisations (code) ON DELETE CASCADE\n"
  "           DEFERRABLE INITIALLY DEFERRED,\n"
  "  PRIMARY KEY (group_id, org_code)\n"
  ") STRICT;\n"
  "\n"
  /* year is the financial year's first calendar year: 2009 is 2009/10. month is the
   * calendar month 1..12, or NULL for a whole-year figure. */
  "CREATE TABLE spend (\n"
  "  id           INTEGER PRIMARY KEY,\n"
  "  import_id    INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  commissioner TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  year         INTEGER NOT NULL,\n"
  "  month        INTEGER CHECK (month BETWEEN 1 AND 12),\n"
  "  category     TEXT NOT NULL,\n"
  "  provider     TEXT REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  amount_pence INTEGER,\n"
  "  suppressed   TEXT,\n"
  "  CHECK ((amount_pence IS NULL) = (suppressed IS NOT NULL))\n"
  ") STRICT;\n"
  "CREATE INDEX spend_import ON spend (import_id);\n"
  "CREATE INDEX spend_commissioner ON spend (commissioner, year, month);\n"
  "CREATE INDEX spend_provider ON spend (provider) WHERE provider IS NOT NULL;\n"
  "\n"
  "CREATE TABLE allocations (\n"
  "  id               INTEGER PRIMARY KEY,\n"
  "  import_id        INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  commissioner     TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  year             INTEGER NOT NULL,\n"
  "  allocation_pence INTEGER,\n"
  "  suppressed       TEXT,\n"
  "  CHECK ((allocation_pence IS NULL) = (suppressed IS NOT NULL)),\n"
  "  UNIQUE (commissioner, year)\n"
  ") STRICT;\n"
  "CREATE INDEX allocations_import ON allocations (import_id);\n"
  "\n"
  /* A CQUIN scheme: one provider's scheme under one commissioner's contract for a year. */
  "CREATE TABLE cquin_schemes (\n"
  "  id                   INTEGER PRIMARY KEY,\n"
  "  import_id            INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  commissioner         TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  provider             TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  year                 INTEGER NOT NULL,\n"
  "  contract_value_pence INTEGER NOT NULL CHECK (contract_value_pence >= 0),\n"
  "  cquin_percent        REAL NOT NULL CHECK (cquin_percent BETWEEN 0 AND 100),\n"
  "  UNIQUE (commissioner, provider, year)\n"
  ") STRICT;\n"
  "CREATE INDEX cquin_schemes_import ON cquin_schemes (import_id);\n"
  "\n"
  "CREATE TABLE cquin_indicators (\n"
  "  id             INTEGER PRIMARY KEY,\n"
  "  scheme_id      INTEGER NOT NULL REFERENCES cquin_schemes (id) ON DELETE CASCADE,\n"
  "  code           TEXT NOT NULL,\n"
  "  name           TEXT NOT NULL,\n"
  "  domain         TEXT NOT NULL,\n"
  "  weight_percent REAL NOT NULL CHECK (weight_percent BETWEEN 0 AND 100),\n"
  "  direction      TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),\n"
  "  payment_rule   TEXT NOT NULL CHECK (payment_rule IN ('proportional', 'all_or_nothing')),\n"
  "  UNIQUE (scheme_id, code)\n"
  ") STRICT;\n"
  "\n"
  "CREATE TABLE cquin_milestones (\n"
  "  indicator_id  INTEGER NOT NULL REFERENCES cquin_indicators (id) ON DELETE CASCADE,\n"
  "  quarter       INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),\n"
  "  min_threshold REAL NOT NULL,\n"
  "  max_threshold REAL NOT NULL,\n"
  "  PRIMARY KEY (indicator_id, quarter)\n"
  ") STRICT;\n"
  "\n"
  "CREATE TABLE cquin_achievement (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  import_id   INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  provider    TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  year        INTEGER NOT NULL,\n"
  "  indicator   TEXT NOT NULL,\n"
  "  quarter     INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),\n"
  "  numerator   REAL,\n"
  "  denominator REAL,\n"
  "  value       REAL,\n"
  "  suppressed  TEXT,\n"
  "  UNIQUE (provider, year, indicator, quarter)\n"
  ") STRICT;\n"
  "CREATE INDEX cquin_achievement_import ON cquin_achievement (import_id);\n"
  "\n"
  "CREATE TABLE indicators (\n"
  "  code       TEXT PRIMARY KEY CHECK (code <> ''),\n"
  "  name       TEXT NOT NULL,\n"
  "  domain     TEXT NOT NULL CHECK (domain IN ('safety', 'effectiveness', 'experience', 'resources')),\n"
  "  unit       TEXT NOT NULL CHECK (unit IN ('proportion', 'rate', 'count', 'mean', 'ratio')),\n"
  "  polarity   TEXT NOT NULL CHECK (polarity IN ('higher', 'lower', 'neutral')),\n"
  "  target     REAL,\n"
  "  multiplier REAL NOT NULL DEFAULT 1 CHECK (multiplier > 0),\n"
  "  source     TEXT,\n"
  "  import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE\n"
  ") STRICT;\n"
  "CREATE INDEX indicators_import ON indicators (import_id);\n"
  "\n"
  /* period_kind and period_start (ISO date of the first day) name the period: a month, a
   * financial quarter or a financial year. */
  "CREATE TABLE indicator_values (\n"
  "  id           INTEGER PRIMARY KEY,\n"
  "  import_id    INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  indicator    TEXT NOT NULL REFERENCES indicators (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  provider     TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  period_kind  TEXT NOT NULL CHECK (period_kind IN ('month', 'quarter', 'year')),\n"
  "  period_start TEXT NOT NULL,\n"
  "  numerator    REAL,\n"
  "  denominator  REAL,\n"
  "  value        REAL,\n"
  "  suppressed   TEXT,\n"
  "  UNIQUE (indicator, provider, period_kind, period_start)\n"
  ") STRICT;\n"
  "CREATE INDEX indicator_values_import ON indicator_values (import_id);\n"
  "CREATE INDEX indicator_values_provider ON indicator_values (provider, indicator);\n"
  "\n"
  "CREATE TABLE events (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,\n"
  "  provider   TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  date       TEXT NOT NULL,\n"
  "  type       TEXT NOT NULL CHECK (type IN ('serious_incident', 'never_event', 'mrsa',\n"
  "                                            'c_difficile', 'complaint', 'concern',\n"
  "                                            'regulator_notice')),\n"
  "  count      INTEGER CHECK (count IS NULL OR count >= 0),\n"
  "  note       TEXT,\n"
  "  source     TEXT,\n"
  "  suppressed TEXT,\n"
  "  CHECK ((count IS NULL) = (suppressed IS NOT NULL))\n"
  ") STRICT;\n"
  "CREATE INDEX events_import ON events (import_id);\n"
  "CREATE INDEX events_provider ON events (provider, date);\n",

  /* 2: spend totals. Every spend question (the mix across peers, per head, the outlook,
   * monthly series) is a sum by commissioner, year, month, category and provider, so the
   * importer keeps those sums in spend_totals as it writes the rows, and removing an
   * import takes its sums away. Queries read a few thousand totals instead of millions
   * of rows, and the spend table needs no secondary index: each cost the import more
   * than parsing and validation together (bench/bench-import). Even the index on
   * import_id goes: an import's spend rows are written in one transaction under the
   * write lock, so their rowids form one run, recorded in import_parts as first_row
   * and last_row; removal deletes that run (checking import_id as well).
   * month 0 is a whole-year figure; provider '' is spend with no provider. */
  "DROP INDEX spend_commissioner;\n"
  "DROP INDEX spend_provider;\n"
  "DROP INDEX spend_import;\n"
  "ALTER TABLE import_parts ADD COLUMN first_row INTEGER;\n"
  "ALTER TABLE import_parts ADD COLUMN last_row INTEGER;\n"
  "UPDATE import_parts SET\n"
  "  first_row = (SELECT min (id) FROM spend WHERE spend.import_id = import_parts.import_id),\n"
  "  last_row = (SELECT max (id) FROM spend WHERE spend.import_id = import_parts.import_id)\n"
  "  WHERE kind = 'spend';\n"
  "CREATE TABLE spend_totals (\n"
  "  commissioner    TEXT NOT NULL REFERENCES organisations (code) DEFERRABLE INITIALLY DEFERRED,\n"
  "  year            INTEGER NOT NULL,\n"
  "  month           INTEGER NOT NULL CHECK (month BETWEEN 0 AND 12),\n"
  "  category        TEXT NOT NULL,\n"
  "  provider        TEXT NOT NULL,\n"
  "  amount_pence    INTEGER NOT NULL,\n"
  "  rows            INTEGER NOT NULL CHECK (rows >= 0),\n"
  "  suppressed_rows INTEGER NOT NULL CHECK (suppressed_rows BETWEEN 0 AND rows),\n"
  "  PRIMARY KEY (commissioner, year, month, category, provider)\n"
  ") STRICT, WITHOUT ROWID;\n"
  "INSERT INTO spend_totals\n"
  "  SELECT commissioner, year, coalesce (month, 0), category, coalesce (provider, ''),\n"
  "         coalesce (sum (amount_pence), 0), count(*), count(*) - count (amount_pence)\n"
  "    FROM spend GROUP BY 1, 2, 3, 4, 5;\n",

  /* 3: what users write in the app rather than import. These rows belong to no import,
   * so removing or replacing an import never takes them away, and they name indicators
   * and providers by code without a foreign key: a note on RXX's falls indicator
   * survives the indicator file being re-imported. Each row says who wrote it and when.
   *
   * spc_changes: the Quality view's choices for one indicator x provider chart.
   *   baseline       limits from the first periods up to and including `period`
   *   recalculation  a new partition of limits starting at `period`
   *   ghost          the point at `period` is drawn but left out of every calculation
   *   annotation     a note shown at `period`
   *   `period` is the ISO date of the period's first day; every kind needs a reason.
   * concerns: soft intelligence entered by hand (the Triangulation view's "Add concern");
   *   shown with imported events of type 'concern'.
   * pack_snapshots: a board pack's parameters (JSON: period, commissioner, filters, presets,
   *   sections, narrative, public threshold) under a name, so the pack can be regenerated
   *   with identical cells; `scorecard` (JSON) is what the pack showed, read by the next
   *   pack's "changes since the previous pack". */
  "CREATE TABLE spc_changes (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  indicator  TEXT NOT NULL CHECK (indicator <> ''),\n"
  "  provider   TEXT NOT NULL CHECK (provider <> ''),\n"
  "  kind       TEXT NOT NULL CHECK (kind IN ('baseline', 'recalculation', 'ghost',\n"
  "                                           'annotation')),\n"
  "  period     TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
  "  reason     TEXT NOT NULL CHECK (trim (reason) <> ''),\n"
  "  author     TEXT NOT NULL,\n"
  "  created_at TEXT NOT NULL,\n"
  "  UNIQUE (indicator, provider, kind, period)\n"
  ") STRICT;\n"
  "\n"
  "CREATE TABLE concerns (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  provider   TEXT NOT NULL CHECK (provider <> ''),\n"
  "  date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
  "  source     TEXT NOT NULL CHECK (trim (source) <> ''),\n"
  "  note       TEXT NOT NULL CHECK (trim (note) <> ''),\n"
  "  author     TEXT NOT NULL,\n"
  "  created_at TEXT NOT NULL\n"
  ") STRICT;\n"
  "CREATE INDEX concerns_provider ON concerns (provider, date);\n"
  "\n"
  "CREATE TABLE pack_snapshots (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  name       TEXT NOT NULL UNIQUE CHECK (trim (name) <> ''),\n"
  "  parameters TEXT NOT NULL CHECK (json_valid (parameters)),\n"
  "  scorecard  TEXT CHECK (scorecard IS NULL OR json_valid (scorecard)),\n"
  "  author     TEXT NOT NULL,\n"
  "  created_at TEXT NOT NULL\n"
  ") STRICT;\n",

  /* 4: CQUIN paid on account. Commissioners usually pay a provider's CQUIN monthly on
   * account during the year and reconcile against what was earned at year end; the
   * cquin_schemes import takes an optional paid_on_account column for it. NULL: not
   * recorded, which the report treats as nothing paid. */
  "ALTER TABLE cquin_schemes ADD COLUMN paid_on_account_pence INTEGER\n"
  "  CHECK (paid_on_account_pence IS NULL OR paid_on_account_pence >= 0);\n",
  /* 5: peer groups users make and edit (the Benchmarks view). `origin` tells the groups
   * the demo builder made from the organisations' regions and types ('built') from those
   * made in the app ('user'); `author` and `edited_at` say who last changed a group and
   * when (NULL for a built group nobody has edited). Members are kept by code without a
   * foreign key to organisations, as the notes of version 3 are: replacing or removing
   * the organisations import used to take every membership away by cascade, so a group
   * someone had picked by hand came back empty after a re-import. Now a member whose
   * organisation is gone stays in the group, is left out of every chart while it is
   * gone, and counts again when an import brings the code back. */
  "ALTER TABLE peer_groups ADD COLUMN origin TEXT NOT NULL DEFAULT 'built'\n"
  "  CHECK (origin IN ('built', 'user'));\n"
  "ALTER TABLE peer_groups ADD COLUMN author TEXT;\n"
  "ALTER TABLE peer_groups ADD COLUMN edited_at TEXT;\n"
  "CREATE TABLE peer_group_members_v5 (\n"
  "  group_id INTEGER NOT NULL REFERENCES peer_groups (id) ON DELETE CASCADE,\n"
  "  org_code TEXT NOT NULL CHECK (org_code <> ''),\n"
  "  PRIMARY KEY (group_id, org_code)\n"
  ") STRICT;\n"
  "INSERT INTO peer_group_members_v5 (group_id, org_code)\n"
  "  SELECT group_id, org_code FROM peer_group_members;\n"
  "DROP TABLE peer_group_members;\n"
  "ALTER TABLE peer_group_members_v5 RENAME TO peer_group_members;\n"
  "CREATE INDEX peer_group_members_org ON peer_group_members (org_code);\n",
};

guint
_pd_migrations_count (void)
{
  return G_N_ELEMENTS (migrations);
}

static int
get_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

gboolean
_pd_migrations_run (sqlite3  *db,
                    guint     target,
                    GError  **error)
{
  int current;

  g_assert (db != NULL);
  g_assert (target <= G_N_ELEMENTS (migrations));

  current = get_user_version (db);
  if (current < 0)
    {
      g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                   "Could not read the schema version: %s", sqlite3_errmsg (db));
      return FALSE;
    }

  for (guint version = current + 1; version <= target; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", version);
      char *message = NULL;

      if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (db, migrations[version - 1], NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (db, bump, NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (db, "COMMIT", NULL, NULL, &message) != SQLITE_OK)
        {
          g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
                       "Could not upgrade the workspace to version %u: %s", version,
                       message != NULL ? message : sqlite3_errmsg (db));
          sqlite3_free (message);
          if (!sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}
