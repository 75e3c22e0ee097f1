/* pd-spend.c — where the money goes: spend by commissioner, category, year and month
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-spend.h"
#include "pd-domain-private.h"

/* One GROUP BY result before it is placed in the table. */
typedef struct
{
  guint   row;
  char   *category;
  gint64  amount_pence;
  guint   n_rows;
  guint   n_suppressed;
} Aggregate;

static void
aggregate_clear (gpointer data)
{
  Aggregate *aggregate = data;

  g_free (aggregate->category);
}

static void
spend_row_clear (gpointer data)
{
  PdSpendRow *row = data;

  g_free (row->commissioner);
}

/**
 * pd_spend_mix_free:
 * @mix: (nullable): a spend mix
 *
 * Frees @mix.
 */
void
pd_spend_mix_free (PdSpendMix *mix)
{
  if (mix == NULL)
    return;

  g_clear_pointer (&mix->categories, g_ptr_array_unref);
  g_clear_pointer (&mix->rows, g_array_unref);
  g_clear_pointer (&mix->cells, g_array_unref);
  g_free (mix);
}

static PdSpendMix *
mix_new (int first_year,
         int last_year)
{
  PdSpendMix *mix = g_new0 (PdSpendMix, 1);

  mix->first_year = first_year;
  mix->last_year = last_year;
  mix->categories = g_ptr_array_new_with_free_func (g_free);
  mix->rows = g_array_new (FALSE, TRUE, sizeof (PdSpendRow));
  g_array_set_clear_func (mix->rows, spend_row_clear);
  mix->cells = g_array_new (FALSE, TRUE, sizeof (PdSpendCell));
  return mix;
}

static void
add_row (PdSpendMix *mix,
         const char *commissioner,
         int         year,
         gint64      population)
{
  PdSpendRow row = { 0 };

  row.commissioner = g_strdup (commissioner);
  row.year = year;
  row.population = population;
  g_array_append_val (mix->rows, row);
}

typedef struct
{
  const char *name;
  gint64      amount_pence;
} CategoryTotal;

static int
compare_category_totals (gconstpointer a,
                         gconstpointer b)
{
  const CategoryTotal *x = a, *y = b;

  if (x->amount_pence != y->amount_pence)
    return x->amount_pence > y->amount_pence ? -1 : 1;
  return strcmp (x->name, y->name);
}

static void
finish_cell (PdSpendCell *cell,
             gint64       row_total_pence,
             gint64       population,
             int          n_years)
{
  cell->share = row_total_pence != 0
    ? (double) cell->amount_pence / (double) row_total_pence : NAN;
  cell->pence_per_head = population > 0
    ? (double) cell->amount_pence / (double) population / (double) n_years : NAN;
}

/* Lays @aggregates out as the dense table: categories by size, every cell filled, shares
 * and per-head figures computed from the exact sums. */
static gboolean
mix_finish (PdSpendMix  *mix,
            GArray      *aggregates,
            GError     **error)
{
  g_autoptr(GHashTable) totals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (CategoryTotal));
  guint n_categories;

  for (guint i = 0; i < aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (aggregates, Aggregate, i);
      CategoryTotal *total;

      if (!g_hash_table_contains (totals, a->category))
        {
          CategoryTotal fresh = { a->category, 0 };

          g_array_append_val (sorted, fresh);
          g_hash_table_insert (totals, a->category, GUINT_TO_POINTER (sorted->len));
        }
      total = &g_array_index (sorted, CategoryTotal,
                              GPOINTER_TO_UINT (g_hash_table_lookup (totals, a->category)) - 1);
      if (!_pd_domain_add_pence (&total->amount_pence, a->amount_pence))
        {
          g_autofree char *what = g_strdup_printf ("The spend on “%s” cannot be added up",
                                                   a->category);

          _pd_domain_set_overflow_error (error, what);
          return FALSE;
        }
    }
  g_array_sort (sorted, compare_category_totals);
  for (guint i = 0; i < sorted->len; i++)
    {
      const CategoryTotal *total = &g_array_index (sorted, CategoryTotal, i);

      g_ptr_array_add (mix->categories, g_strdup (total->name));
      g_hash_table_insert (index_of, g_ptr_array_index (mix->categories, i), GUINT_TO_POINTER (i));
    }

  n_categories = mix->categories->len;
  g_array_set_size (mix->cells, mix->rows->len * n_categories);
  for (guint i = 0; i < aggregates->len; i++)
    {
      Aggregate *a = &g_array_index (aggregates, Aggregate, i);
      guint category = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, a->category));
      PdSpendCell *cell = &g_array_index (mix->cells, PdSpendCell,
                                          a->row * n_categories + category);
      PdSpendRow *row = &g_array_index (mix->rows, PdSpendRow, a->row);

      if (!_pd_domain_add_pence (&cell->amount_pence, a->amount_pence) ||
          !_pd_domain_add_pence (&row->total.amount_pence, a->amount_pence))
        {
          g_autofree char *what = g_strdup_printf ("The spend of %s cannot be added up",
                                                   row->commissioner);

          _pd_domain_set_overflow_error (error, what);
          return FALSE;
        }
      cell->n_rows += a->n_rows;
      cell->n_suppressed += a->n_suppressed;
      row->total.n_rows += a->n_rows;
      row->total.n_suppressed += a->n_suppressed;
    }

  for (guint r = 0; r < mix->rows->len; r++)
    {
      PdSpendRow *row = &g_array_index (mix->rows, PdSpendRow, r);
      int n_years = row->year >= 0 ? 1 : mix->last_year - mix->first_year + 1;

      for (guint c = 0; c < n_categories; c++)
        finish_cell (&g_array_index (mix->cells, PdSpendCell, r * n_categories + c),
                     row->total.amount_pence, row->population, n_years);
      finish_cell (&row->total, row->total.amount_pence, row->population, n_years);
    }
  return TRUE;
}

static void
read_aggregate (PdDomainStmt *stmt,
                guint         row,
                GArray       *aggregates)
{
  Aggregate a;

  a.row = row;
  a.category = _pd_domain_column_strdup (stmt, 1);
  a.amount_pence = sqlite3_column_int64 (stmt, 2);
  a.n_rows = (guint) sqlite3_column_int64 (stmt, 3);
  a.n_suppressed = (guint) sqlite3_column_int64 (stmt, 4);
  g_array_append_val (aggregates, a);
}

/**
 * pd_spend_mix_query:
 * @workspace: a workspace
 * @first_year: the first financial year of the span (2009 for 2009/10)
 * @last_year: the last one, inclusive
 * @commissioners: (nullable) (array zero-terminated=1): the commissioners, in the order
 *   the rows should take; %NULL for every commissioner, sorted by code
 * @error: a #GError
 *
 * Each commissioner's spend in each category over the span: sums to the penny, the
 * share of the commissioner's total, and pence per weighted head a year (the span's
 * amount divided by the population and by the number of years, so a five-year span
 * compares with a single year). A commissioner without spend still has its row, all
 * zero with NaN shares. Whole-year and monthly rows both count. Suppressed rows add
 * nothing to the sums and are counted in n_suppressed, so a reader can say the figure
 * is a floor.
 *
 * Returns: (transfer full): the mix, or %NULL with @error set
 * (%PD_DOMAIN_ERROR_NOT_FOUND for an unknown commissioner, %PD_DOMAIN_ERROR_OVERFLOW for
 * sums beyond G_MAXINT64 pence)
 */
PdSpendMix *
pd_spend_mix_query (PdWorkspace        *workspace,
                    int                 first_year,
                    int                 last_year,
                    const char * const *commissioners,
                    GError            **error)
{
  /* ?1 NULL: every commissioner; else the JSON array of the codes asked for. */
  static const char rows_sql[] =
    "SELECT o.code, o.population, o.role FROM organisations o"
    " WHERE ?1 IS NULL AND o.role = 'commissioner'"
    " UNION ALL"
    " SELECT j.value, o.population, o.role FROM json_each (?1) j"
    " LEFT JOIN organisations o ON o.code = j.value";
  /* From spend_totals, the sums the importer keeps: a few thousand rows to read
   * whatever the size of the spend table. */
  static const char spend_sql[] =
    "SELECT s.commissioner, s.category, SUM (s.amount_pence), SUM (s.rows),"
    "       SUM (s.suppressed_rows)"
    " FROM spend_totals s"
    " WHERE s.commissioner IN (SELECT code FROM organisations"
    "                          WHERE ?1 IS NULL AND role = 'commissioner'"
    "                          UNION ALL SELECT value FROM json_each (?1))"
    "   AND s.year BETWEEN ?2 AND ?3"
    " GROUP BY s.commissioner, s.year, s.category";
  g_autoptr(PdSpendMix) mix = NULL;
  g_autoptr(GArray) aggregates = NULL;
  g_autoptr(GHashTable) row_of = NULL;
  g_autofree char *codes = NULL;
  gboolean began;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (first_year > last_year)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "The span of years starts after it ends (%d, %d)", first_year, last_year);
      return NULL;
    }

  mix = mix_new (first_year, last_year);
  aggregates = g_array_new (FALSE, FALSE, sizeof (Aggregate));
  g_array_set_clear_func (aggregates, aggregate_clear);
  row_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (commissioners != NULL)
    codes = _pd_domain_json_array (commissioners);

  began = _pd_domain_read_begin (workspace);
  {
    g_autoptr(PdDomainStmt) stmt = _pd_domain_prepare (workspace, rows_sql,
                                                       "Could not read the commissioners", error);
    if (stmt == NULL)
      goto failed;
    _pd_domain_bind_text (stmt, 1, codes);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *code = (const char *) sqlite3_column_text (stmt, 0);
        const char *role = (const char *) sqlite3_column_text (stmt, 2);

        if (g_strcmp0 (role, "commissioner") != 0)
          {
            g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                         "No commissioner has the code “%s”", code);
            goto failed;
          }
        if (g_hash_table_contains (row_of, code))
          continue;
        g_hash_table_insert (row_of, g_strdup (code), GUINT_TO_POINTER (mix->rows->len));
        add_row (mix, code, -1, _pd_domain_column_int64 (stmt, 1, -1));
      }
    if (!_pd_domain_check_done (workspace, rc, "Could not read the commissioners", error))
      goto failed;
  }
  {
    g_autoptr(PdDomainStmt) stmt = _pd_domain_prepare (workspace, spend_sql,
                                                       "Could not read the spend", error);
    if (stmt == NULL)
      goto failed;
    _pd_domain_bind_text (stmt, 1, codes);
    sqlite3_bind_int (stmt, 2, first_year);
    sqlite3_bind_int (stmt, 3, last_year);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gpointer row = NULL;

        if (g_hash_table_lookup_extended (row_of, sqlite3_column_text (stmt, 0), NULL, &row))
          read_aggregate (stmt, GPOINTER_TO_UINT (row), aggregates);
      }
    if (!_pd_domain_check_done (workspace, rc, "Could not read the spend", error))
      goto failed;
  }
  _pd_domain_read_end (workspace, began);

  if (!mix_finish (mix, aggregates, error))
    return NULL;
  return g_steal_pointer (&mix);

failed:
  _pd_domain_read_end (workspace, began);
  return NULL;
}

/**
 * pd_spend_mix_over_years:
 * @workspace: a workspace
 * @commissioner: a commissioner's code
 * @error: a #GError
 *
 * One commissioner's mix, one row per financial year with spend, oldest first; each
 * row's pence per head is that year's. See pd_spend_mix_query() for the figures.
 *
 * Returns: (transfer full): the mix (first_year and last_year the years found, or 0 and
 * -1 when there is no spend), or %NULL with @error set
 */
PdSpendMix *
pd_spend_mix_over_years (PdWorkspace  *workspace,
                         const char   *commissioner,
                         GError      **error)
{
  static const char population_sql[] =
    "SELECT population, role FROM organisations WHERE code = ?1";
  static const char spend_sql[] =
    "SELECT year, category, SUM (amount_pence), SUM (rows), SUM (suppressed_rows)"
    " FROM spend_totals WHERE commissioner = ?1 GROUP BY year, category ORDER BY year";
  g_autoptr(PdSpendMix) mix = NULL;
  g_autoptr(GArray) aggregates = NULL;
  gint64 population = -1;
  gboolean began;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (commissioner != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mix = mix_new (0, -1);
  aggregates = g_array_new (FALSE, FALSE, sizeof (Aggregate));
  g_array_set_clear_func (aggregates, aggregate_clear);

  began = _pd_domain_read_begin (workspace);
  {
    g_autoptr(PdDomainStmt) stmt = _pd_domain_prepare (workspace, population_sql,
                                                       "Could not read the commissioners", error);
    if (stmt == NULL)
      goto failed;
    _pd_domain_bind_text (stmt, 1, commissioner);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW &&
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "commissioner") == 0)
      {
        population = _pd_domain_column_int64 (stmt, 0, -1);
      }
    else
      {
        if (rc == SQLITE_ROW || _pd_domain_check_done (workspace, rc,
                                                       "Could not read the commissioners", error))
          g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND,
                       "No commissioner has the code “%s”", commissioner);
        goto failed;
      }
  }
  {
    g_autoptr(PdDomainStmt) stmt = _pd_domain_prepare (workspace, spend_sql,
                                                       "Could not read the spend", error);
    if (stmt == NULL)
      goto failed;
    _pd_domain_bind_text (stmt, 1, commissioner);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        int year = sqlite3_column_int (stmt, 0);

        if (mix->rows->len == 0 ||
            g_array_index (mix->rows, PdSpendRow, mix->rows->len - 1).year != year)
          {
            add_row (mix, commissioner, year, population);
            if (mix->rows->len == 1)
              mix->first_year = year;
            mix->last_year = year;
          }
        read_aggregate (stmt, mix->rows->len - 1, aggregates);
      }
    if (!_pd_domain_check_done (workspace, rc, "Could not read the spend", error))
      goto failed;
  }
  _pd_domain_read_end (workspace, began);

  if (!mix_finish (mix, aggregates, error))
    return NULL;
  return g_steal_pointer (&mix);

failed:
  _pd_domain_read_end (workspace, began);
  return NULL;
}

/**
 * pd_spend_mix_cell:
 * @mix: a spend mix
 * @row: a row index
 * @category: a category index
 *
 * Returns: (transfer none): the cell of @row and @category
 */
const PdSpendCell *
pd_spend_mix_cell (const PdSpendMix *mix,
                   guint             row,
                   guint             category)
{
  g_return_val_if_fail (mix != NULL, NULL);
  g_return_val_if_fail (row < mix->rows->len, NULL);
  g_return_val_if_fail (category < mix->categories->len, NULL);

  return &g_array_index (mix->cells, PdSpendCell, row * mix->categories->len + category);
}

/**
 * pd_spend_mix_find_row:
 * @mix: a spend mix
 * @commissioner: a commissioner's code
 * @year: the row's year, or -1 for a mix over a span
 *
 * Returns: the row's index, or -1 when there is none
 */
int
pd_spend_mix_find_row (const PdSpendMix *mix,
                       const char       *commissioner,
                       int               year)
{
  g_return_val_if_fail (mix != NULL, -1);
  g_return_val_if_fail (commissioner != NULL, -1);

  for (guint i = 0; i < mix->rows->len; i++)
    {
      const PdSpendRow *row = &g_array_index (mix->rows, PdSpendRow, i);

      if (row->year == year && strcmp (row->commissioner, commissioner) == 0)
        return (int) i;
    }
  return -1;
}

/**
 * pd_spend_mix_find_category:
 * @mix: a spend mix
 * @category: a category's name, as imported
 *
 * Returns: the category's index, or -1 when the mix has no spend in it
 */
int
pd_spend_mix_find_category (const PdSpendMix *mix,
                            const char       *category)
{
  g_return_val_if_fail (mix != NULL, -1);
  g_return_val_if_fail (category != NULL, -1);

  for (guint i = 0; i < mix->categories->len; i++)
    if (strcmp (g_ptr_array_index (mix->categories, i), category) == 0)
      return (int) i;
  return -1;
}

/**
 * pd_spend_mix_mean_share:
 * @mix: a spend mix over a span (from pd_spend_mix_query())
 * @category: a category index
 * @commissioners: (array zero-terminated=1): the commissioners to average, e.g. a
 *   commissioner's peers
 *
 * The peer average a chart draws beside one commissioner's share: the plain mean of each
 * commissioner's share, so every commissioner counts once whatever its size. Rows without
 * spend (NaN shares) are left out.
 *
 * Returns: the mean share from 0 to 1, or NaN when no commissioner has spend
 */
double
pd_spend_mix_mean_share (const PdSpendMix   *mix,
                         guint               category,
                         const char * const *commissioners)
{
  double sum = 0.0;
  guint n = 0;

  g_return_val_if_fail (mix != NULL, NAN);
  g_return_val_if_fail (category < mix->categories->len, NAN);
  g_return_val_if_fail (commissioners != NULL, NAN);

  for (gsize i = 0; commissioners[i] != NULL; i++)
    {
      int row = pd_spend_mix_find_row (mix, commissioners[i], -1);
      const PdSpendCell *cell;

      if (row < 0)
        continue;
      cell = pd_spend_mix_cell (mix, row, category);
      if (isnan (cell->share))
        continue;
      sum += cell->share;
      n++;
    }
  return n > 0 ? sum / n : NAN;
}

/**
 * pd_spend_monthly_query:
 * @workspace: a workspace
 * @commissioner: a commissioner's code
 * @category: (nullable): one category, or %NULL for all
 * @first_year: the first financial year
 * @last_year: the last financial year, inclusive
 * @error: a #GError
 *
 * A commissioner's monthly spend, April of @first_year to March after @last_year: every
 * month of the span in order, a month without rows having n_rows 0 so a chart shows a
 * gap rather than a fall to zero. Whole-year rows (no month) cannot be placed in a month
 * and are left out; pd_spend_mix_query() counts them.
 *
 * Returns: (transfer full) (element-type PdSpendMonth): 12 months a year, or %NULL with
 * @error set
 */
GArray *
pd_spend_monthly_query (PdWorkspace  *workspace,
                        const char   *commissioner,
                        const char   *category,
                        int           first_year,
                        int           last_year,
                        GError      **error)
{
  static const char sql[] =
    "SELECT year, month, SUM (amount_pence), SUM (rows), SUM (suppressed_rows)"
    " FROM spend_totals"
    " WHERE commissioner = ?1 AND year BETWEEN ?2 AND ?3 AND month > 0"
    "   AND (?4 IS NULL OR category = ?4)"
    " GROUP BY year, month";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) months = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (commissioner != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (first_year > last_year)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "The span of years starts after it ends (%d, %d)", first_year, last_year);
      return NULL;
    }

  months = g_array_sized_new (FALSE, TRUE, sizeof (PdSpendMonth),
                              (guint) (last_year - first_year + 1) * 12);
  for (int year = first_year; year <= last_year; year++)
    for (guint i = 0; i < 12; i++)
      {
        PdSpendMonth month = { 0 };

        month.financial_year = year;
        month.month = (int) (i + 3) % 12 + 1;
        month.year = month.month >= 4 ? year : year + 1;
        g_array_append_val (months, month);
      }

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the spend", error);
  if (stmt == NULL)
    return NULL;
  _pd_domain_bind_text (stmt, 1, commissioner);
  sqlite3_bind_int (stmt, 2, first_year);
  sqlite3_bind_int (stmt, 3, last_year);
  _pd_domain_bind_text (stmt, 4, category);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int year = sqlite3_column_int (stmt, 0);
      int calendar_month = sqlite3_column_int (stmt, 1);
      PdSpendMonth *month;

      if (calendar_month < 1 || calendar_month > 12)
        continue;
      month = &g_array_index (months, PdSpendMonth,
                              (year - first_year) * 12 + pd_financial_month_index (calendar_month));
      month->amount_pence = sqlite3_column_int64 (stmt, 2);
      month->n_rows = (guint) sqlite3_column_int64 (stmt, 3);
      month->n_suppressed = (guint) sqlite3_column_int64 (stmt, 4);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the spend", error))
    return NULL;
  return g_steal_pointer (&months);
}

/**
 * pd_spend_years_query:
 * @workspace: a workspace
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type int): the financial years that have spend,
 * oldest first, or %NULL with @error set
 */
GArray *
pd_spend_years_query (PdWorkspace  *workspace,
                      GError      **error)
{
  static const char sql[] =
    "SELECT DISTINCT year FROM spend_totals ORDER BY year";
  g_autoptr(PdDomainStmt) stmt = NULL;
  g_autoptr(GArray) years = NULL;
  int rc;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _pd_domain_prepare (workspace, sql, "Could not read the spend", error);
  if (stmt == NULL)
    return NULL;
  years = g_array_new (FALSE, FALSE, sizeof (int));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int year = sqlite3_column_int (stmt, 0);

      g_array_append_val (years, year);
    }
  if (!_pd_domain_check_done (workspace, rc, "Could not read the spend", error))
    return NULL;
  return g_steal_pointer (&years);
}
