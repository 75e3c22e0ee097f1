/* pd-importer.c — files into the workspace, all or nothing
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One import is one write transaction. Every row of every table in the file is read,
 * parsed and inserted; a row that fails becomes a problem (file, sheet, row, column,
 * value, reason) and the reading goes on, so the user sees every bad row at once. At the
 * end, any problem means ROLLBACK: the workspace is exactly as it was. Cancelling and
 * reader errors (broken quoting, a zip bomb) roll back the same way.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <nettle/sha2.h>

#include "pd-importer.h"
#include "pd-batch-writer.h"
#include "pd-csv-reader.h"
#include "pd-parse.h"
#include "pd-xlsx-reader.h"
#include "store/pd-store-private.h"

/* How many rows the header may be preceded by (title rows in real exports). */
#define MAX_ROWS_BEFORE_HEADER 20
/* Problems kept in memory; beyond this they are only counted. */
#define MAX_PROBLEMS_KEPT 100000
/* Rows between two checks of the cancellable and two progress calls. */
#define ROWS_PER_CHECK 4096

static const char *const kind_names[PD_N_KINDS] = {
  [PD_KIND_ORGANISATIONS] = "organisations",
  [PD_KIND_SPEND] = "spend",
  [PD_KIND_ALLOCATIONS] = "allocations",
  [PD_KIND_CQUIN_SCHEMES] = "cquin_schemes",
  [PD_KIND_CQUIN_ACHIEVEMENT] = "cquin_achievement",
  [PD_KIND_INDICATORS] = "indicators",
  [PD_KIND_INDICATOR_VALUES] = "indicator_values",
  [PD_KIND_EVENTS] = "events",
};

/* ------------------------------------------------------------------------------------ */
/* Columns                                                                              */

typedef enum
{
  COL_TEXT,          /* free text, may be empty unless required */
  COL_COMMISSIONER,  /* organisation code of a commissioner */
  COL_PROVIDER,      /* organisation code of a provider */
  COL_CODE,          /* a code: trimmed text, never empty */
  COL_MONEY,         /* pounds → integer pence; suppression allowed */
  COL_NUMBER,        /* decimal; suppression allowed */
  COL_INTEGER,       /* whole number; suppression allowed */
  COL_YEAR,          /* financial year */
  COL_MONTH,         /* month within the row's financial year */
  COL_QUARTER,       /* financial quarter */
  COL_PERIOD,        /* month, quarter or financial year */
  COL_DATE,          /* calendar date */
} ColumnType;

typedef struct
{
  const char *name;     /* canonical header, as documented */
  ColumnType  type;
  gboolean    required; /* the header must have it, and every row a value */
  const char *aliases;  /* normalised alternative headers, '|' separated */
} ColumnSpec;

#define MAX_KIND_COLUMNS 16

typedef struct
{
  PdKind            kind;
  const ColumnSpec  columns[MAX_KIND_COLUMNS];
} KindSpec;

/* Aliases are normalised as pd_header_normalise() does: lower case, no spaces, dashes,
 * underscores or dots. They are the names seen in NHS exports. */
#define COMMISSIONER_ALIASES "commissionercode|pct|pctcode|ccg|ccgcode|icb|icbcode|orgcode|odscode|commissioningorganisation"
#define PROVIDER_ALIASES "providercode|providerodscode|trust|trustcode|orgcode|odscode|organisationcode|supplier|suppliercode"
#define YEAR_ALIASES "financialyear|fy|fyear|yearofaccount"

static const KindSpec kind_specs[PD_N_KINDS] = {
  { PD_KIND_ORGANISATIONS, {
      { "code", COL_CODE, TRUE, "orgcode|odscode|organisationcode|organisationodscode|providercode|commissionercode" },
      { "name", COL_TEXT, TRUE, "orgname|organisationname|organisation" },
      { "role", COL_TEXT, TRUE, "orgrole|organisationrole" },
      { "type", COL_TEXT, FALSE, "orgtype|organisationtype|providertype|sector" },
      { "region", COL_TEXT, FALSE, "sha|regionname|cluster" },
      { "population", COL_INTEGER, FALSE, "weightedpopulation|weightedpop|registeredpopulation" },
    } },
  { PD_KIND_SPEND, {
      { "commissioner", COL_COMMISSIONER, TRUE, COMMISSIONER_ALIASES },
      { "year", COL_YEAR, TRUE, YEAR_ALIASES },
      { "month", COL_MONTH, FALSE, "period|monthname|financialmonth" },
      { "category", COL_TEXT, TRUE, "spendcategory|programme|programmebudgetcategory|service|servicecategory" },
      { "provider", COL_PROVIDER, FALSE, "providercode|supplier|suppliercode|trustcode" },
      { "amount", COL_MONEY, TRUE, "amountgbp|amount£|spend|spendgbp|expenditure|cost|value|gbp" },
    } },
  { PD_KIND_ALLOCATIONS, {
      { "commissioner", COL_COMMISSIONER, TRUE, COMMISSIONER_ALIASES },
      { "year", COL_YEAR, TRUE, YEAR_ALIASES },
      { "allocation", COL_MONEY, TRUE, "allocationgbp|recurrentallocation|budget|amount" },
    } },
  { PD_KIND_CQUIN_SCHEMES, {
      { "commissioner", COL_COMMISSIONER, TRUE, COMMISSIONER_ALIASES },
      { "provider", COL_PROVIDER, TRUE, "providercode|trust|trustcode" },
      { "year", COL_YEAR, TRUE, YEAR_ALIASES },
      { "contract_value", COL_MONEY, TRUE, "contractvaluegbp|contract" },
      { "cquin_percent", COL_NUMBER, TRUE, "cquin%|cquinpercentage|cquinpct|cquinvalue%" },
      { "indicator", COL_CODE, TRUE, "indicatorcode|cquinindicator|goal|goalcode" },
      { "name", COL_TEXT, FALSE, "indicatorname|goalname|description" },
      { "domain", COL_TEXT, FALSE, "qualitydomain" },
      { "weight_percent", COL_NUMBER, TRUE, "weight|weighting|weight%|weightpct" },
      { "direction", COL_TEXT, FALSE, "polarity|betteris" },
      { "quarter", COL_QUARTER, TRUE, "qtr|q|milestonequarter" },
      { "min_threshold", COL_NUMBER, TRUE, "minimum|minthreshold|thresholdmin|lowerthreshold|floor" },
      { "max_threshold", COL_NUMBER, TRUE, "maximum|maxthreshold|thresholdmax|upperthreshold|milestone|goaltarget" },
      { "payment_rule", COL_TEXT, FALSE, "paymentrule|rule|paymentbasis" },
      { "paid_on_account", COL_MONEY, FALSE,
        "paidonaccount|onaccount|paymentsonaccount|cquinpaidonaccount|paidtodate" },
    } },
  { PD_KIND_CQUIN_ACHIEVEMENT, {
      { "provider", COL_PROVIDER, TRUE, PROVIDER_ALIASES },
      { "year", COL_YEAR, TRUE, YEAR_ALIASES },
      { "indicator", COL_CODE, TRUE, "indicatorcode|cquinindicator|goal|goalcode" },
      { "quarter", COL_QUARTER, TRUE, "qtr|q" },
      { "numerator", COL_NUMBER, FALSE, "num" },
      { "denominator", COL_NUMBER, FALSE, "den|denom" },
      { "value", COL_NUMBER, TRUE, "achievement|performance|achieved|result" },
    } },
  { PD_KIND_INDICATORS, {
      { "code", COL_CODE, TRUE, "indicatorcode|indicatorid|id" },
      { "name", COL_TEXT, TRUE, "indicatorname|indicator|title" },
      { "domain", COL_TEXT, TRUE, "qualitydomain" },
      { "unit", COL_TEXT, TRUE, "units|valuetype|measuretype" },
      { "polarity", COL_TEXT, TRUE, "direction|betteris" },
      { "target", COL_NUMBER, FALSE, "standard|goal" },
      { "multiplier", COL_NUMBER, FALSE, "per|scale|scalefactor" },
      { "source", COL_TEXT, FALSE, "datasource|sourcename" },
    } },
  { PD_KIND_INDICATOR_VALUES, {
      { "indicator", COL_CODE, TRUE, "indicatorcode|indicatorid" },
      { "provider", COL_PROVIDER, TRUE, PROVIDER_ALIASES },
      { "period", COL_PERIOD, TRUE, "month|periodstart|date|timeperiod" },
      { "numerator", COL_NUMBER, FALSE, "num|count|events" },
      { "denominator", COL_NUMBER, FALSE, "den|denom|activity" },
      { "value", COL_NUMBER, FALSE, "indicatorvalue|rate|percentage|result" },
    } },
  { PD_KIND_EVENTS, {
      { "provider", COL_PROVIDER, TRUE, PROVIDER_ALIASES },
      { "date", COL_DATE, TRUE, "eventdate|incidentdate|datereported|reporteddate|datereceived" },
      { "type", COL_TEXT, TRUE, "eventtype|category|incidenttype" },
      { "count", COL_INTEGER, FALSE, "number|n|numberofevents" },
      { "note", COL_TEXT, FALSE, "notes|description|comment|summary" },
      { "source", COL_TEXT, FALSE, "reportedvia|system|datasource" },
    } },
};

/* Kinds are imported in this order within one workbook, so organisations and indicator
 * definitions exist before the facts that name them. */
static const PdKind kind_order[PD_N_KINDS] = {
  PD_KIND_ORGANISATIONS, PD_KIND_INDICATORS, PD_KIND_ALLOCATIONS, PD_KIND_SPEND,
  PD_KIND_CQUIN_SCHEMES, PD_KIND_CQUIN_ACHIEVEMENT, PD_KIND_INDICATOR_VALUES, PD_KIND_EVENTS,
};

static guint
kind_n_columns (PdKind kind)
{
  guint n = 0;

  while (n < MAX_KIND_COLUMNS && kind_specs[kind].columns[n].name != NULL)
    n++;
  return n;
}

/* The key a header cell is matched by: pd_header_normalise() and, beyond it, no
 * brackets or other punctuation, so "Amount (GBP)" matches "amountgbp". */
static char *
header_key (const char *text)
{
  g_autofree char *normalised = pd_header_normalise (text);
  GString *out = g_string_sized_new (strlen (normalised));

  for (const char *p = normalised; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '%' || (guchar) *p >= 0x80)
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* Column names without their underscore, the way headers are normalised. */
static gboolean
header_matches (const ColumnSpec *spec,
                const char       *normalised)
{
  g_autofree char *canonical = header_key (spec->name);
  const char *p;

  if (strcmp (canonical, normalised) == 0)
    return TRUE;

  p = spec->aliases;
  while (p != NULL && *p != '\0')
    {
      const char *end = strchr (p, '|');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (strlen (normalised) == len && strncmp (p, normalised, len) == 0)
        return TRUE;
      p = end != NULL ? end + 1 : NULL;
    }
  return FALSE;
}

/* Enumerated values: normalised to letters and digits, then matched against aliases. */
typedef struct
{
  const char *value;   /* stored */
  const char *aliases; /* normalised, '|' separated */
} EnumValue;

static const EnumValue role_values[] = {
  { "commissioner", "commissioner|commissioning|pct|ccg|icb|purchaser" },
  { "provider", "provider|trust|supplier" },
  { NULL, NULL },
};

static const EnumValue domain_values[] = {
  { "safety", "safety|safe|patientsafety" },
  { "effectiveness", "effectiveness|effective|clinicaleffectiveness|outcomes" },
  { "experience", "experience|patientexperience|caring|responsive" },
  { "resources", "resources|useofresources|productivity|workforce|efficiency" },
  { NULL, NULL },
};

static const EnumValue cquin_domain_values[] = {
  { "safety", "safety|safe|patientsafety" },
  { "effectiveness", "effectiveness|effective|clinicaleffectiveness|outcomes" },
  { "experience", "experience|patientexperience|caring|responsive" },
  { "innovation", "innovation|innovative" },
  { NULL, NULL },
};

static const EnumValue unit_values[] = {
  { "proportion", "proportion|percentage|percent|pct|" },
  { "rate", "rate|rateper|per1000|per100000" },
  { "count", "count|number|total" },
  { "mean", "mean|average|avg" },
  { "ratio", "ratio|standardisedratio|smr|indirectlystandardisedratio" },
  { NULL, NULL },
};

static const EnumValue polarity_values[] = {
  { "higher", "higher|higherisbetter|high|up|increase|increasing|maximise" },
  { "lower", "lower|lowerisbetter|low|down|decrease|decreasing|minimise" },
  { "neutral", "neutral|none|notapplicable|na" },
  { NULL, NULL },
};

static const EnumValue rule_values[] = {
  { "proportional", "proportional|prorata|linear|partial|scaled" },
  { "all_or_nothing", "allornothing|binary|full|allnothing" },
  { NULL, NULL },
};

static const EnumValue event_type_values[] = {
  { "serious_incident", "seriousincident|seriousincidents|sui|si|seriousuntowardincident|stei" },
  { "never_event", "neverevent|neverevents" },
  { "mrsa", "mrsa|mrsabacteraemia|mrsabsi" },
  { "c_difficile", "cdifficile|cdiff|cdi|clostridiumdifficile|clostridioidesdifficile|cdifficileinfection" },
  { "complaint", "complaint|complaints|formalcomplaint" },
  { "concern", "concern|concerns|softintelligence|palsconcern|whistleblowing" },
  { "regulator_notice", "regulatornotice|cqcnotice|warningnotice|enforcementnotice|regulatoraction|monitornotice" },
  { NULL, NULL },
};

static char *
normalise_enum_text (const char *text)
{
  GString *out = g_string_new (NULL);
  g_autofree char *down = g_utf8_strdown (text, -1);

  for (const char *p = down; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, *p);
    else if (*p == '%')
      g_string_append (out, "pct");
  return g_string_free (out, FALSE);
}

static const char *
match_enum (const EnumValue *values,
            const char      *text)
{
  g_autofree char *wanted = normalise_enum_text (text);

  if (wanted[0] == '\0')
    return NULL;

  for (const EnumValue *v = values; v->value != NULL; v++)
    {
      const char *p = v->aliases;

      while (p != NULL && *p != '\0')
        {
          const char *end = strchr (p, '|');
          gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

          if (len > 0 && strlen (wanted) == len && strncmp (p, wanted, len) == 0)
            return v->value;
          p = end != NULL ? end + 1 : NULL;
        }
    }
  return NULL;
}

static char *
enum_choices (const EnumValue *values)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const EnumValue *v = values; v->value != NULL; v++)
    g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", v->value);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* Reports                                                                              */

void
pd_import_problem_free (PdImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->sheet);
  g_free (problem->column_name);
  g_free (problem->value);
  g_free (problem->reason);
  g_free (problem);
}

void
pd_import_report_free (PdImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->file_name);
  g_free (report->format);
  g_free (report->encoding);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  g_free (report);
}

static PdImportReport *
import_report_new (const char *file_name)
{
  PdImportReport *report = g_new0 (PdImportReport, 1);

  report->file_name = g_strdup (file_name);
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_import_problem_free);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
  return report;
}

static char *
problem_location (const PdImportProblem *problem)
{
  GString *out = g_string_new (problem->file);

  if (problem->sheet != NULL)
    g_string_append_printf (out, ", sheet “%s”", problem->sheet);
  if (problem->row > 0)
    g_string_append_printf (out, ": row %" G_GUINT64_FORMAT, problem->row);
  if (problem->column > 0)
    {
      g_autofree char *letter = pd_column_name (problem->column);
      g_string_append_printf (out, ", column %s", letter);
      if (problem->column_name != NULL)
        g_string_append_printf (out, " (%s)", problem->column_name);
    }
  return g_string_free (out, FALSE);
}

/**
 * pd_import_report_write_problems:
 * @report: a report
 * @path: the CSV file to write
 * @error: return location for an error
 *
 * Writes every problem as CSV with the header file,sheet,row,column,value,reason; the
 * column is written as its spreadsheet letter. The file is replaced atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_import_report_write_problems (const PdImportReport  *report,
                                 const char            *path,
                                 GError               **error)
{
  g_autoptr(GString) out = g_string_new ("file,sheet,row,column,value,reason\n");

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < report->problems->len; i++)
    {
      const PdImportProblem *problem = g_ptr_array_index (report->problems, i);
      g_autofree char *letter = problem->column > 0 ? pd_column_name (problem->column) : g_strdup ("");
      const char *fields[] = {
        problem->file, problem->sheet != NULL ? problem->sheet : "", NULL, letter,
        problem->value != NULL ? problem->value : "", problem->reason,
      };
      g_autofree char *row_text = problem->row > 0
        ? g_strdup_printf ("%" G_GUINT64_FORMAT, problem->row) : g_strdup ("");

      fields[2] = row_text;
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          const char *text = fields[f];

          if (f > 0)
            g_string_append_c (out, ',');
          /* Quote everything that could break the CSV, and stop spreadsheet programs from
           * running a value that starts like a formula. */
          gboolean formula_like = text[0] != '\0' && strchr ("=+-@", text[0]) != NULL;

          if (strpbrk (text, ",\"\r\n") != NULL || formula_like)
            {
              g_string_append_c (out, '"');
              if (formula_like)
                g_string_append_c (out, '\'');
              for (const char *p = text; *p != '\0'; p++)
                {
                  if (*p == '"')
                    g_string_append_c (out, '"');
                  g_string_append_c (out, *p);
                }
              g_string_append_c (out, '"');
            }
          else
            g_string_append (out, text);
        }
      g_string_append_c (out, '\n');
    }

  return g_file_set_contents (path, out->str, out->len, error);
}

/* ------------------------------------------------------------------------------------ */
/* The import state                                                                     */

/* An organisation of the workspace (or created by this import), numbered from 0 in the
 * order it was met: spend totals are keyed by these numbers, not by the codes. */
typedef struct _Organisation
{
  const char *role;  /* "commissioner" or "provider" (static strings) */
  guint32     id;
  guint32     len;   /* strlen (code) */
  char        code[];
} Organisation;

/* A running total of spend rows, keyed by numbers: the commissioner's and the provider's
 * Organisation id (provider G_MAXUINT32 when there is none), the category's id, the
 * financial year and the month (0 for a whole-year row). */
typedef struct
{
  guint32 commissioner;
  guint32 provider;
  guint32 category;
  gint32  year_month;   /* year × 16 + month */
  gint64  amount_pence;
  gint64  rows;
  gint64  suppressed_rows;
} SpendTotal;

/* An open-addressing hash table of SpendTotals. A GHashTable keyed by the five values
 * joined into a string cost, on the 1M-row benchmark, a string built, hashed and compared
 * per row: the biggest part of the parsing thread's time after libcsv. */
typedef struct
{
  GArray  *totals;  /* SpendTotal, in the order first met */
  guint32 *slots;   /* index + 1 into totals, 0 for an empty slot */
  guint    mask;    /* n_slots - 1, a power of two minus one */
  guint32  last;    /* index + 1 of the total the last row went to */
} SpendTotals;

typedef struct
{
  PdWorkspace           *workspace;
  sqlite3               *db;
  const PdImportOptions *options;
  PdImportReport        *report;
  gint64                 import_id;
  GCancellable          *cancellable;
  PdProgressFunc         progress;
  gpointer               progress_data;
  double                 progress_base;   /* for workbooks: sheets done / sheets */
  double                 progress_scale;

  /* organisation code → its Organisation; org_list holds them by id */
  GHashTable            *organisations;
  GPtrArray             *org_list;
  /* indicator code → multiplier (double in a g_new) */
  GHashTable            *indicators;
  guint64                n_problems;      /* including those not kept */

  /* The table being read (a CSV file or one sheet). */
  const char            *file;
  const char            *sheet;
  gboolean               is_csv;
  PdKind                 kind;            /* PD_KIND_UNKNOWN until the header is found */
  PdKind                 forced_kind;     /* from options or the sheet name */
  gboolean               header_found;
  guint                  header_width;
  int                    column_of[MAX_KIND_COLUMNS]; /* spec column → 0-based cell, or -1 */
  guint64                rows_seen;

  /* The organisation each organisation column named last (rows repeat codes). */
  const Organisation    *last_org[MAX_KIND_COLUMNS];
  /* Spend categories by id, and category text → id + 1. */
  GPtrArray             *categories;
  GHashTable            *category_ids;
  guint                  last_category;   /* id + 1, 0 for none */
  /* (commissioner, year, month, category, provider) → SpendTotal, flushed into
   * spend_totals when the spend table ends. */
  SpendTotals           *spend_totals;
  gint64                 spend_first_row; /* the run of rowids of this import's spend */
  gint64                 spend_last_row;
  /* Spend rows go to a writer thread; while it runs the connection is its alone. */
  PdBatchWriter         *spend_writer;
  /* Organisations to create (--create-organisations): code → role, inserted when the
   * table ends, so reading a row never touches the connection. */
  GHashTable            *organisations_to_create;

  sqlite3_stmt          *insert[PD_N_KINDS];
  sqlite3_stmt          *insert_org;
  sqlite3_stmt          *scheme_upsert;
  sqlite3_stmt          *cquin_indicator_upsert;
} ImportState;

static void
add_problem (ImportState *state,
             guint64      row,
             guint        column,
             const char  *value,
             const char  *format,
             ...) G_GNUC_PRINTF (5, 6);

static void
add_problem (ImportState *state,
             guint64      row,
             guint        column,
             const char  *value,
             const char  *format,
             ...)
{
  PdImportProblem *problem;
  va_list args;

  state->n_problems++;
  if (state->report->problems->len >= MAX_PROBLEMS_KEPT)
    return;

  problem = g_new0 (PdImportProblem, 1);
  problem->file = g_strdup (state->file);
  problem->sheet = g_strdup (state->sheet);
  problem->row = row;
  problem->column = column;
  if (column > 0 && state->header_found && state->kind != PD_KIND_UNKNOWN)
    {
      for (guint i = 0; i < kind_n_columns (state->kind); i++)
        if (state->column_of[i] == (int) column - 1)
          problem->column_name = g_strdup (kind_specs[state->kind].columns[i].name);
    }
  /* Keep messages readable when a cell holds megabytes. */
  if (value != NULL)
    problem->value = g_utf8_make_valid (value, MIN (strlen (value), 200));
  va_start (args, format);
  problem->reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (state->report->problems, problem);
}

static gboolean
prepare (ImportState   *state,
         sqlite3_stmt **stmt,
         const char    *sql,
         GError       **error)
{
  if (*stmt != NULL)
    {
      sqlite3_reset (*stmt);
      sqlite3_clear_bindings (*stmt);
      return TRUE;
    }
  if (sqlite3_prepare_v3 (state->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
    {
      pd_workspace_set_error (state->workspace, error, "Could not prepare the import");
      return FALSE;
    }
  return TRUE;
}

static void
spend_totals_free (SpendTotals *totals)
{
  g_array_unref (totals->totals);
  g_free (totals->slots);
  g_free (totals);
}

/* Adds an organisation to the lookups; its code is copied. */
static const Organisation *
add_organisation (ImportState *state,
                  const char  *code,
                  const char  *role)
{
  gsize len = strlen (code);
  Organisation *org = g_malloc (sizeof *org + len + 1);

  org->role = g_strcmp0 (role, "commissioner") == 0 ? "commissioner" : "provider";
  org->id = state->org_list->len;
  org->len = (guint32) len;
  memcpy (org->code, code, len + 1);
  g_ptr_array_add (state->org_list, org);
  g_hash_table_insert (state->organisations, org->code, org);
  return org;
}

static void
import_state_clear (ImportState *state)
{
  /* An import that failed half-way may still have its writer running: stop it before
   * the statements go. Its rows are rolled back with the rest. */
  if (state->spend_writer != NULL)
    pd_batch_writer_finish (g_steal_pointer (&state->spend_writer), NULL, NULL, NULL);
  g_clear_pointer (&state->organisations_to_create, g_hash_table_unref);
  for (int k = 0; k < PD_N_KINDS; k++)
    g_clear_pointer (&state->insert[k], sqlite3_finalize);
  g_clear_pointer (&state->insert_org, sqlite3_finalize);
  g_clear_pointer (&state->scheme_upsert, sqlite3_finalize);
  g_clear_pointer (&state->cquin_indicator_upsert, sqlite3_finalize);
  g_clear_pointer (&state->organisations, g_hash_table_unref);
  g_clear_pointer (&state->org_list, g_ptr_array_unref);
  g_clear_pointer (&state->indicators, g_hash_table_unref);
  g_clear_pointer (&state->category_ids, g_hash_table_unref);
  g_clear_pointer (&state->categories, g_ptr_array_unref);
  g_clear_pointer (&state->spend_totals, spend_totals_free);
}

static gboolean
load_lookups (ImportState  *state,
              GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  state->organisations = g_hash_table_new (g_str_hash, g_str_equal);
  state->org_list = g_ptr_array_new_with_free_func (g_free);
  state->indicators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  rc = sqlite3_prepare_v2 (state->db, "SELECT code, role FROM organisations", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      rc = SQLITE_OK;
      add_organisation (state, (const char *) sqlite3_column_text (stmt, 0),
                        (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not read the organisations");
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (state->db, "SELECT code, multiplier FROM indicators", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      rc = SQLITE_OK;
      double *multiplier = g_new (double, 1);
      *multiplier = sqlite3_column_double (stmt, 1);
      g_hash_table_insert (state->indicators,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 0)), multiplier);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not read the indicators");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* The header                                                                           */

static gboolean
row_is_blank (const PdRow *row)
{
  for (guint i = 0; i < row->n_cells; i++)
    {
      const char *p = row->cells[i].text;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '\0')
        return FALSE;
    }
  return TRUE;
}

/* Maps the row's cells onto @kind's columns; returns the number of columns matched, or
 * -1 when a required column is missing. */
static int
match_header (PdKind       kind,
              const PdRow *row,
              int         *column_of)
{
  guint n_columns = kind_n_columns (kind);
  int matched = 0;
  g_autofree char **normalised = g_new0 (char *, row->n_cells + 1);

  for (guint c = 0; c < row->n_cells; c++)
    normalised[c] = header_key (row->cells[c].text);

  for (guint i = 0; i < n_columns; i++)
    column_of[i] = -1;

  /* Canonical names first, so that an alias of one column ("orgcode") cannot take the
   * cell that another column's canonical name claims. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_columns; i++)
      {
        const ColumnSpec *spec = &kind_specs[kind].columns[i];
        g_autofree char *canonical = header_key (spec->name);

        if (column_of[i] >= 0)
          continue;
        for (guint c = 0; c < row->n_cells; c++)
          {
            gboolean taken = FALSE;

            if (normalised[c][0] == '\0')
              continue;
            for (guint j = 0; j < n_columns; j++)
              if (column_of[j] == (int) c)
                taken = TRUE;
            if (taken)
              continue;
            if (pass == 0 ? strcmp (canonical, normalised[c]) == 0
                          : header_matches (spec, normalised[c]))
              {
                column_of[i] = c;
                matched++;
                break;
              }
          }
      }

  for (guint c = 0; c < row->n_cells; c++)
    g_free (normalised[c]);

  for (guint i = 0; i < n_columns; i++)
    if (kind_specs[kind].columns[i].required && column_of[i] < 0)
      return -1;
  return matched;
}

static char *
describe_kinds (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (int k = 0; k < PD_N_KINDS; k++)
    {
      g_string_append_printf (out, "\n  %s: ", kind_names[k]);
      for (guint i = 0; i < kind_n_columns (k); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "," : "", kind_specs[k].columns[i].name);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* No row of the first MAX_ROWS_BEFORE_HEADER (or of a shorter table) is a header. */
static void
set_no_header_error (ImportState  *state,
                     GError      **error)
{
  g_autofree char *kinds = describe_kinds ();
  g_autofree char *where = state->sheet != NULL
    ? g_strdup_printf ("%s, sheet “%s”", state->file, state->sheet) : g_strdup (state->file);

  if (state->forced_kind != PD_KIND_UNKNOWN)
    {
      g_autoptr(GString) wanted = g_string_new (NULL);

      for (guint i = 0; i < kind_n_columns (state->forced_kind); i++)
        if (kind_specs[state->forced_kind].columns[i].required)
          g_string_append_printf (wanted, "%s%s", wanted->len > 0 ? "," : "",
                                  kind_specs[state->forced_kind].columns[i].name);
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_UNKNOWN_KIND,
                   "%s: no header row for %s found in the first %d rows; it needs the "
                   "columns %s", where, kind_names[state->forced_kind],
                   MAX_ROWS_BEFORE_HEADER, wanted->str);
    }
  else
    g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_UNKNOWN_KIND,
                 "%s: no header row in the first %d rows matches a kind of data. "
                 "The kinds and their columns are:%s", where, MAX_ROWS_BEFORE_HEADER, kinds);
}

static gboolean
find_header (ImportState  *state,
             const PdRow  *row,
             GError      **error)
{
  int column_of[MAX_KIND_COLUMNS];
  int best = -1;
  PdKind best_kind = PD_KIND_UNKNOWN;

  if (state->forced_kind != PD_KIND_UNKNOWN)
    {
      best = match_header (state->forced_kind, row, state->column_of);
      best_kind = state->forced_kind;
    }
  else
    {
      for (int k = 0; k < PD_N_KINDS; k++)
        {
          int matched = match_header (k, row, column_of);

          /* The kind that explains most of the header wins. */
          if (matched > best)
            {
              best = matched;
              best_kind = k;
              memcpy (state->column_of, column_of, sizeof column_of);
            }
        }
    }

  if (best >= 0)
    {
      state->kind = best_kind;
      state->header_found = TRUE;
      state->header_width = row->n_cells;
      while (state->header_width > 0 && row->cells[state->header_width - 1].text[0] == '\0')
        state->header_width--;
      return TRUE;
    }

  if (row->number >= MAX_ROWS_BEFORE_HEADER)
    {
      set_no_header_error (state, error);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Cells                                                                                */

/* The parsed value of one cell. */
typedef struct
{
  gboolean     present;     /* the column exists and the cell holds a value */
  const char  *suppressed;  /* the reason, when the cell is a suppression token */
  const char  *text;        /* trimmed text (points into scratch) */
  gsize        len;         /* strlen (text) */
  const Organisation *org;  /* COL_COMMISSIONER, COL_PROVIDER */
  gint64       integer;     /* money in pence, integers, years, quarters */
  double       number;
  int          year;        /* COL_MONTH, COL_DATE, COL_PERIOD */
  int          month;
  int          day;
  PdPeriodKind period_kind;
} Value;

typedef struct
{
  Value   values[MAX_KIND_COLUMNS];
  char   *trimmed[MAX_KIND_COLUMNS];
  gboolean bad;
} RowValues;

static char *
trim_copy (const char *text)
{
  return g_strstrip (g_strdup (text));
}

static const PdCell *
cell_for (ImportState *state,
          const PdRow *row,
          guint        column_index)
{
  int c = state->column_of[column_index];

  if (c < 0 || (guint) c >= row->n_cells)
    return NULL;
  return &row->cells[c];
}

/* Parses one cell by its column type; on failure adds a problem and returns FALSE. */
static gboolean
parse_cell (ImportState *state,
            const PdRow *row,
            guint        index,
            RowValues   *rv,
            int          financial_year)
{
  const ColumnSpec *spec = &kind_specs[state->kind].columns[index];
  const PdCell *cell = cell_for (state, row, index);
  guint column = state->column_of[index] + 1;
  Value *v = &rv->values[index];
  g_autoptr(GError) error = NULL;
  const char *text;
  const char *suppressed;
  gboolean ok = TRUE;

  memset (v, 0, sizeof *v);
  if (cell == NULL)
    {
      if (spec->required && state->column_of[index] >= 0)
        {
          add_problem (state, row->number, column, "", "%s is missing", spec->name);
          return FALSE;
        }
      return TRUE;
    }

  /* Most cells need no trimming: copy only those that do. */
  if (cell->len > 0 && (g_ascii_isspace (cell->text[0]) || g_ascii_isspace (cell->text[cell->len - 1])))
    {
      rv->trimmed[index] = trim_copy (cell->text);
      text = v->text = rv->trimmed[index];
      v->len = strlen (text);
    }
  else
    {
      text = v->text = cell->text;
      v->len = cell->len;
    }

  if (cell->type == PD_CELL_ERROR)
    {
      add_problem (state, row->number, column, text, "the cell holds the spreadsheet error %s",
                   text);
      return FALSE;
    }

  switch (spec->type)
    {
    case COL_MONEY:
    case COL_NUMBER:
    case COL_INTEGER:
      suppressed = pd_parse_suppression (text);
      if (suppressed != NULL)
        {
          if (spec->required && strcmp (suppressed, "empty") == 0 && spec->type != COL_MONEY &&
              state->kind != PD_KIND_CQUIN_ACHIEVEMENT)
            {
              add_problem (state, row->number, column, text, "%s is missing", spec->name);
              return FALSE;
            }
          v->suppressed = suppressed;
          return TRUE;
        }
      break;
    default:
      if (text[0] == '\0')
        {
          if (spec->required)
            {
              add_problem (state, row->number, column, text, "%s is missing", spec->name);
              return FALSE;
            }
          return TRUE;
        }
    }

  v->present = TRUE;
  switch (spec->type)
    {
    case COL_TEXT:
    case COL_CODE:
      break;

    case COL_COMMISSIONER:
    case COL_PROVIDER:
      {
        const char *wanted = spec->type == COL_COMMISSIONER ? "commissioner" : "provider";
        const Organisation *org = state->last_org[index];
        const char *role;

        /* Rows of one commissioner or provider tend to come together. */
        if (org == NULL || org->len != v->len || memcmp (org->code, text, v->len) != 0)
          {
            org = g_hash_table_lookup (state->organisations, text);
            if (org != NULL)
              state->last_org[index] = org;
          }
        role = org != NULL ? org->role : NULL;

        if (role == NULL && state->options->create_organisations)
          {
            /* Created with the code as its name when the table ends; an organisations
             * import with --replace can give it the rest later. */
            if (state->organisations_to_create == NULL)
              state->organisations_to_create = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                      g_free, NULL);
            g_hash_table_insert (state->organisations_to_create, g_strdup (text), (gpointer) wanted);
            org = add_organisation (state, text, wanted);
            g_ptr_array_add (state->report->warnings,
                             g_strdup_printf ("Created the %s “%s” (first seen in %s row %"
                                              G_GUINT64_FORMAT "); import an organisations file "
                                              "to give it a name, type and region.",
                                              wanted, text, state->file, row->number));
            role = wanted;
          }
        v->org = org;

        if (role == NULL)
          {
            add_problem (state, row->number, column, text,
                         "unknown organisation code “%s”: import it in an organisations file "
                         "first, or allow creating organisations", text);
            ok = FALSE;
          }
        else if (strcmp (role, wanted) != 0)
          {
            add_problem (state, row->number, column, text, "“%s” is a %s, not a %s", text,
                         role, wanted);
            ok = FALSE;
          }
      }
      break;

    case COL_MONEY:
      ok = pd_parse_money_pence (text, &v->integer, &error);
      break;

    case COL_NUMBER:
      ok = pd_parse_number (text, &v->number, &error);
      break;

    case COL_INTEGER:
      ok = pd_parse_integer (text, &v->integer, &error);
      break;

    case COL_YEAR:
      {
        int year = 0;

        ok = pd_parse_financial_year (text, &year, &error);
        v->integer = year;
      }
      break;

    case COL_QUARTER:
      {
        int quarter = 0;

        ok = pd_parse_quarter (text, &quarter, &error);
        v->integer = quarter;
      }
      break;

    case COL_MONTH:
      if (financial_year <= 0)
        return TRUE; /* the year's own problem is reported already */
      if (cell->type == PD_CELL_DATE)
        {
          /* An Excel date in the month column: take its year and month. */
          GDate date;

          ok = pd_parse_date (text, PD_DATE_ORDER_DMY, &date, &error);
          if (ok)
            {
              v->year = g_date_get_year (&date);
              v->month = g_date_get_month (&date);
              if (v->year * 12 + v->month < financial_year * 12 + 4 ||
                  v->year * 12 + v->month > (financial_year + 1) * 12 + 3)
                {
                  add_problem (state, row->number, column, text,
                               "the month is not in the financial year %d/%02d",
                               financial_year, (financial_year + 1) % 100);
                  return FALSE;
                }
            }
        }
      else
        ok = pd_parse_month (text, financial_year, &v->year, &v->month, &error);
      break;

    case COL_PERIOD:
      {
        PdPeriod period;

        if (cell->type == PD_CELL_DATE)
          {
            GDate date;

            ok = pd_parse_date (text, PD_DATE_ORDER_DMY, &date, &error);
            period.kind = PD_PERIOD_MONTH;
            period.year = ok ? g_date_get_year (&date) : 0;
            period.month = ok ? g_date_get_month (&date) : 0;
          }
        else
          ok = pd_parse_period (text, &period, &error);
        v->period_kind = period.kind;
        v->year = period.year;
        v->month = period.month;
        v->day = 1;
      }
      break;

    case COL_DATE:
      {
        GDate date;

        ok = pd_parse_date (text, state->options->us_dates ? PD_DATE_ORDER_MDY : PD_DATE_ORDER_DMY,
                            &date, &error);
        if (ok)
          {
            v->year = g_date_get_year (&date);
            v->month = g_date_get_month (&date);
            v->day = g_date_get_day (&date);
          }
      }
      break;
    }

  if (!ok && error != NULL)
    add_problem (state, row->number, column, text, "%s", error->message);
  if (!ok)
    v->present = FALSE;
  return ok;
}

static void
row_values_clear (RowValues *rv)
{
  for (guint i = 0; i < MAX_KIND_COLUMNS; i++)
    g_clear_pointer (&rv->trimmed[i], g_free);
}

/* Parses an enumerated text column; NULL (with a problem) when it matches nothing, or
 * @fallback when the column is absent or empty. */
static const char *
parse_enum (ImportState     *state,
            const PdRow     *row,
            RowValues       *rv,
            guint            index,
            const EnumValue *values,
            const char      *fallback)
{
  const Value *v = &rv->values[index];
  const char *match;

  if (!v->present)
    return fallback;

  match = match_enum (values, v->text);
  if (match == NULL)
    {
      g_autofree char *choices = enum_choices (values);
      add_problem (state, row->number, state->column_of[index] + 1, v->text,
                   "“%s” is not a known %s: use one of %s", v->text,
                   kind_specs[state->kind].columns[index].name, choices);
      rv->bad = TRUE;
    }
  return match;
}

/* Normalised free-text type: "Mental Health" → "mental_health". */
static char *
normalise_type (const char *text)
{
  g_autofree char *down = g_utf8_strdown (text, -1);
  GString *out = g_string_new (NULL);
  gboolean pending_sep = FALSE;

  for (const char *p = down; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
        {
          if (pending_sep && out->len > 0)
            g_string_append_c (out, '_');
          pending_sep = FALSE;
          g_string_append_c (out, *p);
        }
      else
        pending_sep = TRUE;
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* Rows of each kind                                                                    */

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           param,
                   const Value  *v)
{
  if (v->present)
    sqlite3_bind_text (stmt, param, v->text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, param);
}

static void
bind_number_or_null (sqlite3_stmt *stmt,
                     int           param,
                     const Value  *v)
{
  if (v->present)
    sqlite3_bind_double (stmt, param, v->number);
  else
    sqlite3_bind_null (stmt, param);
}

/* "numerator: suppressed (*); value: suppressed (*)" for the row's suppressed cells. */
static char *
suppression_note (ImportState *state,
                  RowValues   *rv)
{
  GString *out = NULL;

  for (guint i = 0; i < kind_n_columns (state->kind); i++)
    {
      const Value *v = &rv->values[i];

      if (v->suppressed == NULL || state->column_of[i] < 0)
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: %s", kind_specs[state->kind].columns[i].name,
                              v->suppressed);
    }
  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

/* Steps an insert; a constraint failure becomes a problem naming the row. */
static gboolean
step_insert (ImportState  *state,
             sqlite3_stmt *stmt,
             const PdRow  *row,
             const char   *duplicate_what,
             GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  switch (sqlite3_extended_errcode (state->db))
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      add_problem (state, row->number, 0, NULL,
                   "duplicate: %s already appears earlier in this file or in the workspace",
                   duplicate_what);
      return TRUE;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      add_problem (state, row->number, 0, NULL, "the row breaks a rule of the workspace: %s",
                   sqlite3_errmsg (state->db));
      return TRUE;
    default:
      pd_workspace_set_error (state->workspace, error, "Could not add the row");
      g_prefix_error (error, "%s: row %" G_GUINT64_FORMAT ": ", state->file, row->number);
      return FALSE;
    }
}

enum { ORG_CODE, ORG_NAME, ORG_ROLE, ORG_TYPE, ORG_REGION, ORG_POPULATION };

static gboolean
insert_organisation (ImportState  *state,
                     const PdRow  *row,
                     RowValues    *rv,
                     GError      **error)
{
  sqlite3_stmt *stmt;
  const char *role;
  g_autofree char *type = NULL;
  Value *v = rv->values;

  role = parse_enum (state, row, rv, ORG_ROLE, role_values, NULL);
  if (rv->bad || role == NULL)
    return TRUE;

  if (g_hash_table_contains (state->organisations, v[ORG_CODE].text))
    {
      add_problem (state, row->number, state->column_of[ORG_CODE] + 1, v[ORG_CODE].text,
                   "duplicate: the organisation “%s” is defined already, earlier in this file "
                   "or by another import", v[ORG_CODE].text);
      return TRUE;
    }
  if (v[ORG_POPULATION].present && v[ORG_POPULATION].integer < 0)
    {
      add_problem (state, row->number, state->column_of[ORG_POPULATION] + 1,
                   v[ORG_POPULATION].text, "a population cannot be negative");
      return TRUE;
    }

  if (!prepare (state, &state->insert[PD_KIND_ORGANISATIONS],
                "INSERT INTO organisations (code, name, role, type, region, population, import_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", error))
    return FALSE;
  stmt = state->insert[PD_KIND_ORGANISATIONS];
  sqlite3_bind_text (stmt, 1, v[ORG_CODE].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, v[ORG_NAME].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, role, -1, SQLITE_STATIC);
  if (v[ORG_TYPE].present)
    {
      type = normalise_type (v[ORG_TYPE].text);
      sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);
    }
  bind_text_or_null (stmt, 5, &v[ORG_REGION]);
  if (v[ORG_POPULATION].present)
    sqlite3_bind_int64 (stmt, 6, v[ORG_POPULATION].integer);
  sqlite3_bind_int64 (stmt, 7, state->import_id);

  if (!step_insert (state, stmt, row, "this organisation code", error))
    return FALSE;
  add_organisation (state, v[ORG_CODE].text, role);
  return TRUE;
}

static inline guint32
spend_key_hash (guint32 commissioner,
                guint32 provider,
                guint32 category,
                gint32  year_month)
{
  guint64 h = ((guint64) commissioner << 32 | provider) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  h ^= ((guint64) category << 32 | (guint32) year_month) * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);
  return (guint32) (h ^ (h >> 29));
}

static void
spend_totals_grow (SpendTotals *totals)
{
  guint n_slots = (totals->mask + 1) * 2;

  g_free (totals->slots);
  totals->slots = g_new0 (guint32, n_slots);
  totals->mask = n_slots - 1;
  for (guint i = 0; i < totals->totals->len; i++)
    {
      const SpendTotal *t = &g_array_index (totals->totals, SpendTotal, i);
      guint slot = spend_key_hash (t->commissioner, t->provider, t->category, t->year_month) &
                   totals->mask;

      while (totals->slots[slot] != 0)
        slot = (slot + 1) & totals->mask;
      totals->slots[slot] = i + 1;
    }
}

/* Adds one spend row to the running totals. Only a new combination allocates. FALSE, and
 * nothing added, when the amount would take its total past gint64. */
static gboolean
add_spend_total (ImportState        *state,
                 const Organisation *commissioner,
                 gint64              year,
                 int                 month,
                 guint32             category,
                 const Organisation *provider,
                 gboolean            has_amount,
                 gint64              amount_pence)
{
  SpendTotals *totals = state->spend_totals;
  guint32 provider_id = provider != NULL ? provider->id : G_MAXUINT32;
  gint32 year_month = (gint32) year * 16 + month;
  SpendTotal *total;

  if (totals == NULL)
    {
      totals = state->spend_totals = g_new0 (SpendTotals, 1);
      totals->totals = g_array_new (FALSE, FALSE, sizeof (SpendTotal));
      totals->mask = 1023;
      totals->slots = g_new0 (guint32, totals->mask + 1);
    }

  total = totals->last != 0 ? &g_array_index (totals->totals, SpendTotal, totals->last - 1) : NULL;
  if (total == NULL || total->commissioner != commissioner->id || total->provider != provider_id ||
      total->category != category || total->year_month != year_month)
    {
      guint slot = spend_key_hash (commissioner->id, provider_id, category, year_month) &
                   totals->mask;

      for (;;)
        {
          guint32 index = totals->slots[slot];

          if (index == 0)
            {
              SpendTotal fresh = { commissioner->id, provider_id, category, year_month, 0, 0, 0 };

              g_array_append_val (totals->totals, fresh);
              totals->slots[slot] = totals->totals->len;
              totals->last = totals->totals->len;
              /* At most half full, so probes stay short. */
              if (totals->totals->len * 2 > totals->mask + 1)
                spend_totals_grow (totals);
              break;
            }
          total = &g_array_index (totals->totals, SpendTotal, index - 1);
          if (total->commissioner == commissioner->id && total->provider == provider_id &&
              total->category == category && total->year_month == year_month)
            {
              totals->last = index;
              break;
            }
          slot = (slot + 1) & totals->mask;
        }
      total = &g_array_index (totals->totals, SpendTotal, totals->last - 1);
    }

  if (has_amount)
    {
      gint64 sum;

      if (__builtin_add_overflow (total->amount_pence, amount_pence, &sum))
        return FALSE;
      total->amount_pence = sum;
    }
  else
    total->suppressed_rows++;
  total->rows++;
  return TRUE;
}

/* The spend_totals primary key's order: commissioner, year, month, category, provider,
 * as texts compared bytewise (SQLite's BINARY collation) and numbers. */
static int
compare_spend_totals (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const ImportState *state = user_data;
  const SpendTotal *x = a, *y = b;
  const Organisation *xp, *yp;
  int c;

  if (x->commissioner != y->commissioner)
    {
      c = strcmp (((const Organisation *) state->org_list->pdata[x->commissioner])->code,
                  ((const Organisation *) state->org_list->pdata[y->commissioner])->code);
      if (c != 0)
        return c;
    }
  if (x->year_month != y->year_month)
    return x->year_month < y->year_month ? -1 : 1;
  if (x->category != y->category)
    {
      c = strcmp (state->categories->pdata[x->category], state->categories->pdata[y->category]);
      if (c != 0)
        return c;
    }
  if (x->provider == y->provider)
    return 0;
  xp = x->provider != G_MAXUINT32 ? state->org_list->pdata[x->provider] : NULL;
  yp = y->provider != G_MAXUINT32 ? state->org_list->pdata[y->provider] : NULL;
  return strcmp (xp != NULL ? xp->code : "", yp != NULL ? yp->code : "");
}

/* Adds this import's spend totals to spend_totals. */
static gboolean
flush_spend_totals (ImportState  *state,
                    GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  const SpendTotal *overflow = NULL;
  GArray *totals;
  int rc;

  if (state->spend_totals == NULL)
    return TRUE;

  /* In the order of spend_totals' primary key, so the inserts walk its tree from left to
   * right instead of landing on a random page each. */
  totals = state->spend_totals->totals;
  g_array_sort_with_data (totals, compare_spend_totals, state);

  rc = sqlite3_prepare_v2 (state->db,
                           "INSERT INTO spend_totals (commissioner, year, month, category, provider,"
                           " amount_pence, rows, suppressed_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT DO UPDATE SET"
                           " amount_pence = amount_pence + excluded.amount_pence,"
                           " rows = rows + excluded.rows,"
                           " suppressed_rows = suppressed_rows + excluded.suppressed_rows",
                           -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < totals->len; i++)
    {
      const SpendTotal *total = &g_array_index (totals, SpendTotal, i);
      const Organisation *commissioner = state->org_list->pdata[total->commissioner];
      const Organisation *provider = total->provider != G_MAXUINT32
                                     ? state->org_list->pdata[total->provider] : NULL;

      sqlite3_bind_text (stmt, 1, commissioner->code, commissioner->len, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, total->year_month / 16);
      sqlite3_bind_int (stmt, 3, total->year_month % 16);
      sqlite3_bind_text (stmt, 4, state->categories->pdata[total->category], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, provider != NULL ? provider->code : "", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, total->amount_pence);
      sqlite3_bind_int64 (stmt, 7, total->rows);
      sqlite3_bind_int64 (stmt, 8, total->suppressed_rows);
      rc = sqlite3_step (stmt);
      rc = (rc == SQLITE_DONE) ? SQLITE_OK : rc;
      if (rc != SQLITE_OK)
        overflow = total;
      sqlite3_reset (stmt);
    }
  /* The amounts of earlier imports and this one's add up past gint64: SQLite's sum
   * turns into a REAL, which the STRICT table refuses. */
  if (rc != SQLITE_OK && sqlite3_extended_errcode (state->db) == SQLITE_CONSTRAINT_DATATYPE &&
      overflow != NULL)
    {
      const Organisation *commissioner = state->org_list->pdata[overflow->commissioner];
      int year = overflow->year_month / 16;

      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                   "%s: with the spend already in the workspace, the spend of %s on %s in "
                   "%d/%02d passes £92,233,720,368,547,758.07, the most pctdash can count; "
                   "nothing was imported", state->file, commissioner->code,
                   (const char *) state->categories->pdata[overflow->category], year,
                   (year + 1) % 100);
      sqlite3_finalize (stmt);
      g_clear_pointer (&state->spend_totals, spend_totals_free);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  g_clear_pointer (&state->spend_totals, spend_totals_free);

  if (rc != SQLITE_OK)
    {
      pd_workspace_set_error (state->workspace, error, "Could not add the spend totals");
      return FALSE;
    }
  return TRUE;
}

/* The id of a spend category, interned: rows repeat a handful of categories. */
static guint32
category_id (ImportState *state,
             const char  *text,
             gsize        len)
{
  gpointer id;

  if (state->categories == NULL)
    {
      state->categories = g_ptr_array_new_with_free_func (g_free);
      state->category_ids = g_hash_table_new (g_str_hash, g_str_equal);
    }
  if (state->last_category != 0)
    {
      const char *last = state->categories->pdata[state->last_category - 1];

      if (strncmp (last, text, len) == 0 && last[len] == '\0')
        return state->last_category - 1;
    }
  id = g_hash_table_lookup (state->category_ids, text);
  if (id == NULL)
    {
      char *copy = g_strndup (text, len);

      g_ptr_array_add (state->categories, copy);
      id = GUINT_TO_POINTER (state->categories->len);
      g_hash_table_insert (state->category_ids, copy, id);
    }
  state->last_category = GPOINTER_TO_UINT (id);
  return state->last_category - 1;
}

enum { SP_COMMISSIONER, SP_YEAR, SP_MONTH, SP_CATEGORY, SP_PROVIDER, SP_AMOUNT };

static gboolean
insert_spend (ImportState  *state,
              const PdRow  *row,
              RowValues    *rv,
              GError      **error)
{
  Value *v = rv->values;
  g_autofree char *note = suppression_note (state, rv);
  PdBatchWriter *writer;

  /* The file's running total for the row's commissioner, period, category and provider
   * first: SQLite would refuse it only at the end, without saying which row. */
  if (!add_spend_total (state, v[SP_COMMISSIONER].org, v[SP_YEAR].integer,
                        v[SP_MONTH].present ? v[SP_MONTH].month : 0,
                        category_id (state, v[SP_CATEGORY].text, v[SP_CATEGORY].len),
                        v[SP_PROVIDER].present ? v[SP_PROVIDER].org : NULL,
                        v[SP_AMOUNT].present, v[SP_AMOUNT].integer))
    {
      add_problem (state, row->number, state->column_of[SP_AMOUNT] + 1, v[SP_AMOUNT].text,
                   "with this amount the file's spend of %.*s on %.*s in %d/%02d passes "
                   "£92,233,720,368,547,758.07, the most pctdash can count",
                   (int) v[SP_COMMISSIONER].len, v[SP_COMMISSIONER].text,
                   (int) v[SP_CATEGORY].len, v[SP_CATEGORY].text,
                   (int) v[SP_YEAR].integer, (int) (v[SP_YEAR].integer + 1) % 100);
      rv->bad = TRUE;
      return TRUE;
    }

  /* Nothing can fail in the insert once the row is checked (no key is unique), so rows
   * are handed to a writer thread and parsing goes on while SQLite writes. */
  if (state->spend_writer == NULL)
    {
      state->spend_writer = pd_batch_writer_new (state->db,
                                                 "INSERT INTO spend (import_id, commissioner,"
                                                 " year, month, category, provider,"
                                                 " amount_pence, suppressed)", 8, error);
      if (state->spend_writer == NULL)
        return FALSE;
    }
  writer = state->spend_writer;

  pd_batch_writer_add_int64 (writer, state->import_id);
  pd_batch_writer_add_text_len (writer, v[SP_COMMISSIONER].text, v[SP_COMMISSIONER].len);
  pd_batch_writer_add_int64 (writer, v[SP_YEAR].integer);
  if (v[SP_MONTH].present)
    pd_batch_writer_add_int64 (writer, v[SP_MONTH].month);
  else
    pd_batch_writer_add_null (writer);
  pd_batch_writer_add_text_len (writer, v[SP_CATEGORY].text, v[SP_CATEGORY].len);
  if (v[SP_PROVIDER].present)
    pd_batch_writer_add_text_len (writer, v[SP_PROVIDER].text, v[SP_PROVIDER].len);
  else
    pd_batch_writer_add_null (writer);
  if (v[SP_AMOUNT].present)
    pd_batch_writer_add_int64 (writer, v[SP_AMOUNT].integer);
  else
    pd_batch_writer_add_null (writer);
  if (note != NULL)
    pd_batch_writer_add_text (writer, note);
  else
    pd_batch_writer_add_null (writer);
  pd_batch_writer_end_row (writer);
  return TRUE;
}

enum { AL_COMMISSIONER, AL_YEAR, AL_ALLOCATION };

static gboolean
insert_allocation (ImportState  *state,
                   const PdRow  *row,
                   RowValues    *rv,
                   GError      **error)
{
  sqlite3_stmt *stmt;
  Value *v = rv->values;
  g_autofree char *note = suppression_note (state, rv);

  if (!prepare (state, &state->insert[PD_KIND_ALLOCATIONS],
                "INSERT INTO allocations (import_id, commissioner, year, allocation_pence,"
                " suppressed) VALUES (?, ?, ?, ?, ?)", error))
    return FALSE;
  stmt = state->insert[PD_KIND_ALLOCATIONS];
  sqlite3_bind_int64 (stmt, 1, state->import_id);
  sqlite3_bind_text (stmt, 2, v[AL_COMMISSIONER].text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, v[AL_YEAR].integer);
  if (v[AL_ALLOCATION].present)
    sqlite3_bind_int64 (stmt, 4, v[AL_ALLOCATION].integer);
  if (note != NULL)
    sqlite3_bind_text (stmt, 5, note, -1, SQLITE_STATIC);
  return step_insert (state, stmt, row, "an allocation for this commissioner and year", error);
}

enum {
  CS_COMMISSIONER, CS_PROVIDER, CS_YEAR, CS_CONTRACT_VALUE, CS_CQUIN_PERCENT, CS_INDICATOR,
  CS_NAME, CS_DOMAIN, CS_WEIGHT, CS_DIRECTION, CS_QUARTER, CS_MIN, CS_MAX, CS_RULE,
  CS_PAID_ON_ACCOUNT
};

static gboolean
insert_cquin_scheme (ImportState  *state,
                     const PdRow  *row,
                     RowValues    *rv,
                     GError      **error)
{
  Value *v = rv->values;
  sqlite3_stmt *stmt;
  const char *domain, *direction, *rule;
  gint64 scheme_id, indicator_id;
  int rc;

  domain = parse_enum (state, row, rv, CS_DOMAIN, cquin_domain_values, "effectiveness");
  direction = parse_enum (state, row, rv, CS_DIRECTION, polarity_values, "higher");
  rule = parse_enum (state, row, rv, CS_RULE, rule_values, "proportional");
  if (rv->bad)
    return TRUE;

  for (guint i = CS_CONTRACT_VALUE; i <= CS_MAX; i++)
    if (kind_specs[PD_KIND_CQUIN_SCHEMES].columns[i].required && !v[i].present &&
        v[i].suppressed != NULL)
      {
        add_problem (state, row->number, state->column_of[i] + 1, v[i].text,
                     "%s cannot be suppressed or empty in a CQUIN scheme",
                     kind_specs[PD_KIND_CQUIN_SCHEMES].columns[i].name);
        return TRUE;
      }
  if (strcmp (direction, "neutral") == 0)
    {
      add_problem (state, row->number, state->column_of[CS_DIRECTION] + 1, v[CS_DIRECTION].text,
                   "a CQUIN indicator needs a direction: higher or lower");
      return TRUE;
    }
  if (v[CS_CQUIN_PERCENT].number < 0 || v[CS_CQUIN_PERCENT].number > 100)
    {
      add_problem (state, row->number, state->column_of[CS_CQUIN_PERCENT] + 1,
                   v[CS_CQUIN_PERCENT].text, "a CQUIN percentage must be between 0 and 100");
      return TRUE;
    }
  if (v[CS_PAID_ON_ACCOUNT].present && v[CS_PAID_ON_ACCOUNT].integer < 0)
    {
      add_problem (state, row->number, state->column_of[CS_PAID_ON_ACCOUNT] + 1,
                   v[CS_PAID_ON_ACCOUNT].text, "a payment on account cannot be negative");
      return TRUE;
    }
  if (v[CS_WEIGHT].number < 0 || v[CS_WEIGHT].number > 100)
    {
      add_problem (state, row->number, state->column_of[CS_WEIGHT] + 1, v[CS_WEIGHT].text,
                   "a weight must be between 0 and 100 per cent");
      return TRUE;
    }

  /* The scheme: created by its first row, and every later row must agree with it. */
  if (!prepare (state, &state->scheme_upsert,
                "INSERT INTO cquin_schemes (import_id, commissioner, provider, year,"
                " contract_value_pence, cquin_percent, paid_on_account_pence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (commissioner, provider, year) DO UPDATE SET id = id"
                " RETURNING id, import_id, contract_value_pence, cquin_percent,"
                " paid_on_account_pence", error))
    return FALSE;
  stmt = state->scheme_upsert;
  sqlite3_bind_int64 (stmt, 1, state->import_id);
  sqlite3_bind_text (stmt, 2, v[CS_COMMISSIONER].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, v[CS_PROVIDER].text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, v[CS_YEAR].integer);
  sqlite3_bind_int64 (stmt, 5, v[CS_CONTRACT_VALUE].integer);
  sqlite3_bind_double (stmt, 6, v[CS_CQUIN_PERCENT].number);
  if (v[CS_PAID_ON_ACCOUNT].present)
    sqlite3_bind_int64 (stmt, 7, v[CS_PAID_ON_ACCOUNT].integer);
  else
    sqlite3_bind_null (stmt, 7);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return step_insert (state, stmt, row, "this scheme", error);
  scheme_id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_int64 (stmt, 1) != state->import_id)
    {
      add_problem (state, row->number, 0, NULL,
                   "duplicate: the CQUIN scheme of %s with %s for this year was imported already "
                   "(import %" G_GINT64_FORMAT ")", v[CS_COMMISSIONER].text, v[CS_PROVIDER].text,
                   (gint64) sqlite3_column_int64 (stmt, 1));
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (sqlite3_column_int64 (stmt, 2) != v[CS_CONTRACT_VALUE].integer)
    add_problem (state, row->number, state->column_of[CS_CONTRACT_VALUE] + 1,
                 v[CS_CONTRACT_VALUE].text,
                 "the contract value differs from earlier rows of the same scheme");
  else if (sqlite3_column_double (stmt, 3) != v[CS_CQUIN_PERCENT].number)
    add_problem (state, row->number, state->column_of[CS_CQUIN_PERCENT] + 1,
                 v[CS_CQUIN_PERCENT].text,
                 "the CQUIN percentage differs from earlier rows of the same scheme");
  else if ((sqlite3_column_type (stmt, 4) == SQLITE_NULL) == v[CS_PAID_ON_ACCOUNT].present ||
           (v[CS_PAID_ON_ACCOUNT].present &&
            sqlite3_column_int64 (stmt, 4) != v[CS_PAID_ON_ACCOUNT].integer))
    add_problem (state, row->number, state->column_of[CS_PAID_ON_ACCOUNT] + 1,
                 v[CS_PAID_ON_ACCOUNT].text,
                 "the payment on account differs from earlier rows of the same scheme");
  sqlite3_reset (stmt);

  /* The indicator within the scheme. */
  if (!prepare (state, &state->cquin_indicator_upsert,
                "INSERT INTO cquin_indicators (scheme_id, code, name, domain, weight_percent,"
                " direction, payment_rule) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (scheme_id, code) DO UPDATE SET id = id"
                " RETURNING id, weight_percent, direction, payment_rule", error))
    return FALSE;
  stmt = state->cquin_indicator_upsert;
  sqlite3_bind_int64 (stmt, 1, scheme_id);
  sqlite3_bind_text (stmt, 2, v[CS_INDICATOR].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, v[CS_NAME].present ? v[CS_NAME].text : v[CS_INDICATOR].text,
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, domain, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 5, v[CS_WEIGHT].number);
  sqlite3_bind_text (stmt, 6, direction, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, rule, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return step_insert (state, stmt, row, "this indicator", error);
  indicator_id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_double (stmt, 1) != v[CS_WEIGHT].number ||
      strcmp ((const char *) sqlite3_column_text (stmt, 2), direction) != 0 ||
      strcmp ((const char *) sqlite3_column_text (stmt, 3), rule) != 0)
    add_problem (state, row->number, 0, NULL,
                 "the weight, direction or payment rule of %s differs from earlier rows of "
                 "the same scheme", v[CS_INDICATOR].text);
  sqlite3_reset (stmt);

  if (!prepare (state, &state->insert[PD_KIND_CQUIN_SCHEMES],
                "INSERT INTO cquin_milestones (indicator_id, quarter, min_threshold,"
                " max_threshold) VALUES (?, ?, ?, ?)", error))
    return FALSE;
  stmt = state->insert[PD_KIND_CQUIN_SCHEMES];
  sqlite3_bind_int64 (stmt, 1, indicator_id);
  sqlite3_bind_int64 (stmt, 2, v[CS_QUARTER].integer);
  sqlite3_bind_double (stmt, 3, v[CS_MIN].number);
  sqlite3_bind_double (stmt, 4, v[CS_MAX].number);
  return step_insert (state, stmt, row, "a milestone for this indicator and quarter", error);
}

enum { CA_PROVIDER, CA_YEAR, CA_INDICATOR, CA_QUARTER, CA_NUMERATOR, CA_DENOMINATOR, CA_VALUE };

static gboolean
insert_cquin_achievement (ImportState  *state,
                          const PdRow  *row,
                          RowValues    *rv,
                          GError      **error)
{
  Value *v = rv->values;
  sqlite3_stmt *stmt;
  g_autofree char *note = suppression_note (state, rv);

  if (!prepare (state, &state->insert[PD_KIND_CQUIN_ACHIEVEMENT],
                "INSERT INTO cquin_achievement (import_id, provider, year, indicator, quarter,"
                " numerator, denominator, value, suppressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                error))
    return FALSE;
  stmt = state->insert[PD_KIND_CQUIN_ACHIEVEMENT];
  sqlite3_bind_int64 (stmt, 1, state->import_id);
  sqlite3_bind_text (stmt, 2, v[CA_PROVIDER].text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, v[CA_YEAR].integer);
  sqlite3_bind_text (stmt, 4, v[CA_INDICATOR].text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, v[CA_QUARTER].integer);
  bind_number_or_null (stmt, 6, &v[CA_NUMERATOR]);
  bind_number_or_null (stmt, 7, &v[CA_DENOMINATOR]);
  bind_number_or_null (stmt, 8, &v[CA_VALUE]);
  if (note != NULL)
    sqlite3_bind_text (stmt, 9, note, -1, SQLITE_STATIC);
  return step_insert (state, stmt, row, "a result for this provider, indicator and quarter", error);
}

enum { IN_CODE, IN_NAME, IN_DOMAIN, IN_UNIT, IN_POLARITY, IN_TARGET, IN_MULTIPLIER, IN_SOURCE };

static gboolean
insert_indicator (ImportState  *state,
                  const PdRow  *row,
                  RowValues    *rv,
                  GError      **error)
{
  Value *v = rv->values;
  sqlite3_stmt *stmt;
  const char *domain, *unit, *polarity;
  double multiplier = 1.0;

  domain = parse_enum (state, row, rv, IN_DOMAIN, domain_values, NULL);
  unit = parse_enum (state, row, rv, IN_UNIT, unit_values, NULL);
  polarity = parse_enum (state, row, rv, IN_POLARITY, polarity_values, NULL);
  if (rv->bad || domain == NULL || unit == NULL || polarity == NULL)
    return TRUE;

  if (v[IN_MULTIPLIER].present)
    {
      multiplier = v[IN_MULTIPLIER].number;
      if (!(multiplier > 0))
        {
          add_problem (state, row->number, state->column_of[IN_MULTIPLIER] + 1,
                       v[IN_MULTIPLIER].text, "the multiplier must be greater than 0");
          return TRUE;
        }
    }
  if (g_hash_table_contains (state->indicators, v[IN_CODE].text))
    {
      add_problem (state, row->number, state->column_of[IN_CODE] + 1, v[IN_CODE].text,
                   "duplicate: the indicator “%s” is defined already, earlier in this file or "
                   "by another import", v[IN_CODE].text);
      return TRUE;
    }

  if (!prepare (state, &state->insert[PD_KIND_INDICATORS],
                "INSERT INTO indicators (code, name, domain, unit, polarity, target, multiplier,"
                " source, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error))
    return FALSE;
  stmt = state->insert[PD_KIND_INDICATORS];
  sqlite3_bind_text (stmt, 1, v[IN_CODE].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, v[IN_NAME].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, domain, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, unit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, polarity, -1, SQLITE_STATIC);
  bind_number_or_null (stmt, 6, &v[IN_TARGET]);
  sqlite3_bind_double (stmt, 7, multiplier);
  bind_text_or_null (stmt, 8, &v[IN_SOURCE]);
  sqlite3_bind_int64 (stmt, 9, state->import_id);
  if (!step_insert (state, stmt, row, "this indicator code", error))
    return FALSE;

  {
    double *stored = g_new (double, 1);
    *stored = multiplier;
    g_hash_table_insert (state->indicators, g_strdup (v[IN_CODE].text), stored);
  }
  return TRUE;
}

/* TRUE when the cell holds a value or is empty: not a suppression token. */
static gboolean
is_empty_or_given (const Value *v)
{
  return v->suppressed == NULL || strcmp (v->suppressed, "empty") == 0;
}

enum { IV_INDICATOR, IV_PROVIDER, IV_PERIOD, IV_NUMERATOR, IV_DENOMINATOR, IV_VALUE };

static gboolean
insert_indicator_value (ImportState  *state,
                        const PdRow  *row,
                        RowValues    *rv,
                        GError      **error)
{
  static const char *const period_kinds[] = { "month", "quarter", "year" };
  Value *v = rv->values;
  sqlite3_stmt *stmt;
  const double *multiplier;
  g_autofree char *note = NULL;
  char start[16];
  double value;
  gboolean has_value;

  multiplier = g_hash_table_lookup (state->indicators, v[IV_INDICATOR].text);
  if (multiplier == NULL)
    {
      add_problem (state, row->number, state->column_of[IV_INDICATOR] + 1, v[IV_INDICATOR].text,
                   "unknown indicator “%s”: import its definition in an indicators file first",
                   v[IV_INDICATOR].text);
      return TRUE;
    }
  if (v[IV_DENOMINATOR].present && v[IV_DENOMINATOR].number < 0)
    {
      add_problem (state, row->number, state->column_of[IV_DENOMINATOR] + 1,
                   v[IV_DENOMINATOR].text, "a denominator cannot be negative");
      return TRUE;
    }

  /* The value may be given, or derived from numerator and denominator. An empty cell is
   * "not given"; a suppression token is kept as the reason the value is missing. */
  has_value = v[IV_VALUE].present;
  value = v[IV_VALUE].number;
  if (!has_value && is_empty_or_given (&v[IV_VALUE]) && v[IV_NUMERATOR].present &&
      v[IV_DENOMINATOR].present && v[IV_DENOMINATOR].number > 0)
    {
      value = v[IV_NUMERATOR].number / v[IV_DENOMINATOR].number * *multiplier;
      has_value = TRUE;
    }
  if (has_value)
    {
      for (guint i = IV_NUMERATOR; i <= IV_VALUE; i++)
        if (g_strcmp0 (v[i].suppressed, "empty") == 0)
          v[i].suppressed = NULL;
    }
  else if (is_empty_or_given (&v[IV_VALUE]) && is_empty_or_given (&v[IV_NUMERATOR]) &&
           is_empty_or_given (&v[IV_DENOMINATOR]) && v[IV_NUMERATOR].suppressed != NULL)
    {
      add_problem (state, row->number, 0, NULL,
                   "the row has no value: give a value, or a numerator and a denominator");
      return TRUE;
    }
  note = suppression_note (state, rv);
  if (!has_value && note == NULL)
    note = g_strdup ("value: empty");

  g_snprintf (start, sizeof start, "%04d-%02d-01", v[IV_PERIOD].year, v[IV_PERIOD].month);

  if (!prepare (state, &state->insert[PD_KIND_INDICATOR_VALUES],
                "INSERT INTO indicator_values (import_id, indicator, provider, period_kind,"
                " period_start, numerator, denominator, value, suppressed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error))
    return FALSE;
  stmt = state->insert[PD_KIND_INDICATOR_VALUES];
  sqlite3_bind_int64 (stmt, 1, state->import_id);
  sqlite3_bind_text (stmt, 2, v[IV_INDICATOR].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, v[IV_PROVIDER].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, period_kinds[v[IV_PERIOD].period_kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, start, -1, SQLITE_TRANSIENT);
  bind_number_or_null (stmt, 6, &v[IV_NUMERATOR]);
  bind_number_or_null (stmt, 7, &v[IV_DENOMINATOR]);
  if (has_value)
    sqlite3_bind_double (stmt, 8, value);
  if (note != NULL)
    sqlite3_bind_text (stmt, 9, note, -1, SQLITE_STATIC);
  return step_insert (state, stmt, row,
                      "a value for this indicator, provider and period", error);
}

enum { EV_PROVIDER, EV_DATE, EV_TYPE, EV_COUNT, EV_NOTE, EV_SOURCE };

static gboolean
insert_event (ImportState  *state,
              const PdRow  *row,
              RowValues    *rv,
              GError      **error)
{
  Value *v = rv->values;
  sqlite3_stmt *stmt;
  const char *type;
  g_autofree char *note = NULL;
  char date[16];

  type = parse_enum (state, row, rv, EV_TYPE, event_type_values, NULL);
  if (rv->bad || type == NULL)
    return TRUE;
  if (v[EV_COUNT].present && v[EV_COUNT].integer < 0)
    {
      add_problem (state, row->number, state->column_of[EV_COUNT] + 1, v[EV_COUNT].text,
                   "a count cannot be negative");
      return TRUE;
    }
  /* A missing count column means one event per row; an empty cell under a count
   * header is a suppressed count. */
  if (state->column_of[EV_COUNT] >= 0 && !v[EV_COUNT].present && v[EV_COUNT].suppressed == NULL)
    v[EV_COUNT].suppressed = "empty";
  note = suppression_note (state, rv);

  g_snprintf (date, sizeof date, "%04d-%02d-%02d", v[EV_DATE].year, v[EV_DATE].month,
              v[EV_DATE].day);

  if (!prepare (state, &state->insert[PD_KIND_EVENTS],
                "INSERT INTO events (import_id, provider, date, type, count, note, source,"
                " suppressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error))
    return FALSE;
  stmt = state->insert[PD_KIND_EVENTS];
  sqlite3_bind_int64 (stmt, 1, state->import_id);
  sqlite3_bind_text (stmt, 2, v[EV_PROVIDER].text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);
  if (v[EV_COUNT].present)
    sqlite3_bind_int64 (stmt, 5, v[EV_COUNT].integer);
  else if (state->column_of[EV_COUNT] < 0)
    sqlite3_bind_int64 (stmt, 5, 1);
  bind_text_or_null (stmt, 6, &v[EV_NOTE]);
  bind_text_or_null (stmt, 7, &v[EV_SOURCE]);
  if (note != NULL)
    sqlite3_bind_text (stmt, 8, note, -1, SQLITE_STATIC);
  return step_insert (state, stmt, row, "this event", error);
}

typedef gboolean (*InsertFunc) (ImportState *, const PdRow *, RowValues *, GError **);

static const InsertFunc insert_funcs[PD_N_KINDS] = {
  [PD_KIND_ORGANISATIONS] = insert_organisation,
  [PD_KIND_SPEND] = insert_spend,
  [PD_KIND_ALLOCATIONS] = insert_allocation,
  [PD_KIND_CQUIN_SCHEMES] = insert_cquin_scheme,
  [PD_KIND_CQUIN_ACHIEVEMENT] = insert_cquin_achievement,
  [PD_KIND_INDICATORS] = insert_indicator,
  [PD_KIND_INDICATOR_VALUES] = insert_indicator_value,
  [PD_KIND_EVENTS] = insert_event,
};

/* ------------------------------------------------------------------------------------ */
/* Reading                                                                              */

static gboolean
import_row_cb (const PdRow  *row,
               gpointer      user_data,
               GError      **error)
{
  ImportState *state = user_data;
  RowValues rv = { 0 };
  int financial_year = 0;
  guint n_columns;
  gboolean ok = TRUE;

  state->rows_seen++;
  if (state->rows_seen % ROWS_PER_CHECK == 0)
    {
      if (g_cancellable_set_error_if_cancelled (state->cancellable, error))
        {
          g_clear_error (error);
          g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED,
                       "The import of %s was cancelled; nothing was imported", state->file);
          return FALSE;
        }
      if (state->progress != NULL)
        state->progress (state->progress_base + state->progress_scale * row->progress,
                         state->progress_data);
    }

  if (row_is_blank (row))
    return TRUE;

  if (!state->header_found)
    return find_header (state, row, error);

  /* A CSV row with more or fewer fields than its header has lost its place: its
   * cells would be read under the wrong headings. Trailing empty fields do not count. */
  if (state->is_csv)
    {
      guint width = row->n_cells;

      while (width > state->header_width && row->cells[width - 1].text[0] == '\0')
        width--;
      if (width != state->header_width)
        {
          add_problem (state, row->number, 0, NULL,
                       "the row has %u fields but the header has %u", width, state->header_width);
          return TRUE;
        }
    }

  n_columns = kind_n_columns (state->kind);
  /* The year first: a month is read within its financial year. */
  for (guint i = 0; i < n_columns; i++)
    if (kind_specs[state->kind].columns[i].type == COL_YEAR)
      {
        if (!parse_cell (state, row, i, &rv, 0))
          rv.bad = TRUE;
        else
          financial_year = (int) rv.values[i].integer;
      }
  for (guint i = 0; i < n_columns; i++)
    if (kind_specs[state->kind].columns[i].type != COL_YEAR &&
        !parse_cell (state, row, i, &rv, financial_year))
      rv.bad = TRUE;

  if (!rv.bad)
    ok = insert_funcs[state->kind] (state, row, &rv, error);
  if (ok && !rv.bad)
    state->report->rows[state->kind]++;

  row_values_clear (&rv);
  return ok;
}

/* Inserts the organisations --create-organisations asked for in this table. */
static gboolean
create_organisations (ImportState  *state,
                      GError      **error)
{
  GHashTableIter iter;
  gpointer code, role;

  if (state->organisations_to_create == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, state->organisations_to_create);
  while (g_hash_table_iter_next (&iter, &code, &role))
    {
      if (!prepare (state, &state->insert_org,
                    "INSERT INTO organisations (code, name, role, import_id) VALUES (?, ?, ?, ?)",
                    error))
        return FALSE;
      sqlite3_bind_text (state->insert_org, 1, code, -1, SQLITE_STATIC);
      sqlite3_bind_text (state->insert_org, 2, code, -1, SQLITE_STATIC);
      sqlite3_bind_text (state->insert_org, 3, role, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (state->insert_org, 4, state->import_id);
      if (sqlite3_step (state->insert_org) != SQLITE_DONE)
        {
          pd_workspace_set_error (state->workspace, error, "Could not create the organisations");
          return FALSE;
        }
    }
  g_clear_pointer (&state->organisations_to_create, g_hash_table_unref);
  return TRUE;
}

static gboolean
finish_table (ImportState  *state,
              GError      **error)
{
  const char *kind_name;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!state->header_found)
    {
      g_autofree char *where = state->sheet != NULL
        ? g_strdup_printf ("%s, sheet “%s”", state->file, state->sheet) : g_strdup (state->file);

      if (state->rows_seen == 0)
        g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY, "%s: the file holds no rows",
                     where);
      else
        set_no_header_error (state, error);
      return FALSE;
    }

  kind_name = kind_names[state->kind];
  if (state->report->rows[state->kind] == 0 && state->n_problems == 0)
    {
      g_autofree char *where = state->sheet != NULL
        ? g_strdup_printf ("%s, sheet “%s”", state->file, state->sheet) : g_strdup (state->file);

      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY,
                   "%s: the header of %s is there but no rows follow it", where, kind_name);
      return FALSE;
    }

  if (state->spend_writer != NULL &&
      !pd_batch_writer_finish (g_steal_pointer (&state->spend_writer), &state->spend_first_row,
                               &state->spend_last_row, error))
    {
      g_prefix_error (error, "%s: ", state->file);
      return FALSE;
    }
  if (!create_organisations (state, error) || !flush_spend_totals (state, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (state->db,
                           "INSERT INTO import_parts (import_id, kind, sheet, rows, first_row, last_row)"
                           " VALUES (?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (import_id, kind) DO UPDATE SET rows = rows + excluded.rows,"
                           " first_row = min (first_row, excluded.first_row),"
                           " last_row = max (last_row, excluded.last_row)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, state->import_id);
      sqlite3_bind_text (stmt, 2, kind_name, -1, SQLITE_STATIC);
      if (state->sheet != NULL)
        sqlite3_bind_text (stmt, 3, state->sheet, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, state->report->rows[state->kind]);
      if (state->kind == PD_KIND_SPEND && state->spend_first_row > 0)
        {
          sqlite3_bind_int64 (stmt, 5, state->spend_first_row);
          sqlite3_bind_int64 (stmt, 6, state->spend_last_row);
        }
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not record the import");
      return FALSE;
    }
  return TRUE;
}

static void
start_table (ImportState *state,
             const char  *sheet,
             PdKind       forced_kind)
{
  state->sheet = sheet;
  state->forced_kind = forced_kind;
  state->kind = PD_KIND_UNKNOWN;
  state->header_found = FALSE;
  state->header_width = 0;
  state->rows_seen = 0;
  for (guint i = 0; i < MAX_KIND_COLUMNS; i++)
    state->column_of[i] = -1;
}

static gboolean
import_csv (ImportState  *state,
            const char   *path,
            GError      **error)
{
  g_autofree char *encoding = NULL;

  state->is_csv = TRUE;
  start_table (state, NULL, state->options->kind);
  state->progress_base = 0;
  state->progress_scale = 1;
  if (!pd_csv_read_file (path, NULL, import_row_cb, state, &encoding, state->cancellable, error))
    return FALSE;
  g_free (state->report->encoding);
  state->report->encoding = g_steal_pointer (&encoding);
  return finish_table (state, error);
}

static gboolean
import_xlsx (ImportState  *state,
             const char   *path,
             GError      **error)
{
  g_autoptr(PdXlsxBook) book = NULL;
  g_autofree int *sheet_kind = NULL;
  guint n_sheets, n_done = 0, n_to_read = 0;

  /* No kind has more than 16 columns: cap rows at 256 cells, so a hostile sheet with a
   * value in column XFD of every row cannot make each row 16,384 cells wide. */
  PdXlsxLimits limits = { .max_columns = 256 };

  state->is_csv = FALSE;
  book = pd_xlsx_book_open (path, &limits, error);
  if (book == NULL)
    return FALSE;

  n_sheets = pd_xlsx_book_get_n_sheets (book);
  sheet_kind = g_new0 (int, n_sheets);

  /* Sheets named after kinds are each imported as that kind. A workbook with none is
   * read as one table: its first sheet, with the kind from the options or the header. */
  for (guint i = 0; i < n_sheets; i++)
    {
      sheet_kind[i] = pd_kind_from_string (pd_xlsx_book_get_sheet_name (book, i));
      if (sheet_kind[i] != PD_KIND_UNKNOWN)
        n_to_read++;
    }

  if (n_to_read == 0)
    {
      if (n_sheets == 0)
        {
          g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY,
                       "%s: the workbook has no sheets", state->file);
          return FALSE;
        }
      start_table (state, pd_xlsx_book_get_sheet_name (book, 0), state->options->kind);
      state->progress_base = 0;
      state->progress_scale = 1;
      if (!pd_xlsx_book_read_sheet (book, 0, import_row_cb, state, state->cancellable, error))
        return FALSE;
      return finish_table (state, error);
    }

  for (guint k = 0; k < PD_N_KINDS; k++)
    for (guint i = 0; i < n_sheets; i++)
      {
        if (sheet_kind[i] != (int) kind_order[k])
          continue;
        if (state->options->kind != PD_KIND_UNKNOWN && state->options->kind != kind_order[k])
          continue;
        start_table (state, pd_xlsx_book_get_sheet_name (book, i), kind_order[k]);
        state->progress_base = (double) n_done / n_to_read;
        state->progress_scale = 1.0 / n_to_read;
        if (!pd_xlsx_book_read_sheet (book, i, import_row_cb, state, state->cancellable, error))
          return FALSE;
        if (!finish_table (state, error))
          return FALSE;
        n_done++;
      }

  if (n_done == 0)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_UNKNOWN_KIND,
                   "%s: the workbook has no sheet of %s", state->file,
                   kind_names[state->options->kind]);
      return FALSE;
    }
  return TRUE;
}

static char *
file_sha256 (const char  *path,
             gsize       *out_size,
             GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  struct sha256_ctx checksum;
  guint8 digest[SHA256_DIGEST_SIZE];
  char hex[2 * SHA256_DIGEST_SIZE + 1];
  const guchar *data;
  gsize len;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    {
      if (error != NULL && *error != NULL)
        {
          int code = (*error)->code;
          g_autofree char *message = g_strdup ((*error)->message);

          g_clear_error (error);
          g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO, "%s", message);
          (void) code;
        }
      return NULL;
    }

  data = (const guchar *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  /* Nettle rather than GChecksum: the whole file is hashed before its first row is read,
   * and Nettle uses the processor's SHA instructions where it has them (GLib's SHA-256
   * is plain C). Measured on a 46 MB, 1M-row spend file: 0.13 s against 0.6 s. */
  sha256_init (&checksum);
  sha256_update (&checksum, len, data);
  sha256_digest (&checksum, sizeof digest, digest);
  for (guint i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[sizeof hex - 1] = '\0';
  *out_size = len;
  return g_strdup (hex);
}

/* The file's SHA-256 on a thread of its own, for an import that is not a --replace: the
 * hash is needed only to refuse a file imported already, and that check can wait until
 * the rows are read (it then takes precedence over whatever the reading found, as when
 * it ran first). Hashing a 46 MB file took 22 % of a 1M-row import's parsing thread
 * before its first row, with the other core idle; on its own thread it overlaps the
 * encoding scan and the first rows. */
typedef struct
{
  char    *path;
  GThread *thread;
  char    *sha256;   /* the result, or NULL with error set */
  gsize    size;
  GError  *error;
} HashJob;

/* The imports row's sha256 until the hash is known: 64 characters, never a hex digest. */
#define PENDING_SHA256 "----------------------------------------------------------------"
G_STATIC_ASSERT (sizeof PENDING_SHA256 == 65);

static gpointer
hash_job_thread (gpointer data)
{
  HashJob *job = data;

  job->sha256 = file_sha256 (job->path, &job->size, &job->error);
  return NULL;
}

static HashJob *
hash_job_start (const char *path)
{
  HashJob *job = g_new0 (HashJob, 1);

  job->path = g_strdup (path);
  job->thread = g_thread_new ("pd-import-hash", hash_job_thread, job);
  return job;
}

/* Waits for the hash; returns it (transfer full) and its size, or NULL with @error set.
 * Frees @job. */
static char *
hash_job_finish (HashJob  *job,
                 gsize    *out_size,
                 GError  **error)
{
  char *sha256;

  g_thread_join (job->thread);
  sha256 = job->sha256;
  *out_size = job->size;
  if (sha256 == NULL)
    g_propagate_error (error, job->error);
  g_free (job->path);
  g_free (job);
  return sha256;
}

static gboolean
update_import_hash (ImportState  *state,
                    const char   *sha256,
                    gsize         size,
                    GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (state->db, "UPDATE imports SET sha256 = ?, size = ? WHERE id = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, size);
      sqlite3_bind_int64 (stmt, 3, state->import_id);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not record the import");
      return FALSE;
    }
  return TRUE;
}

/* Removes earlier imports of this file (same bytes, or same name) for --replace. */
static gboolean
remove_replaced (ImportState  *state,
                 const char   *sha256,
                 GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (state->db, "SELECT id FROM imports WHERE sha256 = ? OR file_name = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, state->report->file_name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not replace the earlier import");
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gboolean found;

      if (!_pd_workspace_delete_import (state->workspace, g_array_index (ids, gint64, i),
                                        &found, error))
        return FALSE;
    }

  /* The lookups were read before the removal. */
  g_clear_pointer (&state->organisations, g_hash_table_unref);
  g_clear_pointer (&state->org_list, g_ptr_array_unref);
  g_clear_pointer (&state->indicators, g_hash_table_unref);
  return load_lookups (state, error);
}

/* Whether the import's write transaction is still open. An error that SQLite answers by
 * rolling back (out of memory, a full disk, an I/O error) ends it; a statement after that
 * would run in autocommit mode and save itself, one at a time. Checked before the first
 * write and before COMMIT, so that an error somebody missed cannot save part of an
 * import. */
static gboolean
transaction_open (ImportState  *state,
                  GError      **error)
{
  if (!sqlite3_get_autocommit (state->db))
    return TRUE;
  g_set_error (error, PD_WORKSPACE_ERROR, PD_WORKSPACE_ERROR_FAILED,
               "Could not import %s: the workspace ended the import's transaction after an "
               "error; nothing was imported", state->report->file_name);
  return FALSE;
}

static gboolean
check_not_imported (ImportState  *state,
                    const char   *sha256,
                    GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  g_autofree char *earlier = NULL;
  g_autofree char *when = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (state->db, "SELECT file_name, imported_at FROM imports WHERE sha256 = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          found = TRUE;
          earlier = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          when = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
    }
  /* A failed look-up is an error, not "not imported": SQLite may have ended the
   * transaction with it (out of memory does), and whatever ran after would then commit
   * statement by statement. */
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not check the earlier imports");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (found)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_DUPLICATE,
                   "%s was imported already (as %s on %s); nothing was imported. "
                   "Replace the earlier import to import it again.",
                   state->report->file_name, earlier, when);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_import (ImportState  *state,
               const char   *sha256,
               gsize         size,
               GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  int rc;

  if (!transaction_open (state, error))
    return FALSE;
  rc = sqlite3_prepare_v2 (state->db,
                           "INSERT INTO imports (file_name, sha256, size, imported_at, format, encoding)"
                           " VALUES (?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, state->report->file_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, size);
      sqlite3_bind_text (stmt, 4, when, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, state->report->format, -1, SQLITE_STATIC);
      /* The encoding is known once the file is read; updated then. */
      sqlite3_bind_text (stmt, 6, "", -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not record the import");
      return FALSE;
    }
  state->import_id = sqlite3_last_insert_rowid (state->db);
  return TRUE;
}

static gboolean
update_import_encoding (ImportState  *state,
                        GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (state->db, "UPDATE imports SET encoding = ? WHERE id = ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, state->report->encoding, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, state->import_id);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      pd_workspace_set_error (state->workspace, error, "Could not record the import");
      return FALSE;
    }
  return TRUE;
}

/* Lists the facts that a replaced import left without their organisation or indicator.
 * Called inside the failed transaction, so the facts are still there to be seen. */
/* Whether a COMMIT that reported an error took effect all the same. SQLite can report
 * an out-of-memory error from a COMMIT whose transaction it completed (the fault came
 * after the commit, in its own clean-up); then no transaction is open and the import's
 * row is there. tests/import/test-faults.c fails every allocation of an import in turn
 * and found two such points. While the transaction is still open, the commit did not
 * happen; if the check itself cannot run, say it failed (the workspace is whole either
 * way). */
static gboolean
committed_after_all (ImportState *state)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (!sqlite3_get_autocommit (state->db))
    return FALSE;
  if (sqlite3_prepare_v2 (state->db, "SELECT 1 FROM imports WHERE id = ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, state->import_id);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return found;
}

static void
report_orphans (ImportState *state)
{
  sqlite3_stmt *stmt = NULL;
  guint reported = 0;

  if (sqlite3_prepare_v2 (state->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      add_problem (state, 0, 0, NULL, "the import takes away organisations or indicators "
                   "that other imports still use");
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW && reported < 100)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      const char *parent = (const char *) sqlite3_column_text (stmt, 2);

      add_problem (state, 0, 0, NULL,
                   "after the replacement, a row of %s (row id %" G_GINT64_FORMAT ") still "
                   "refers to %s that this file no longer defines; import that data again "
                   "or remove it first", table, (gint64) sqlite3_column_int64 (stmt, 1),
                   g_strcmp0 (parent, "indicators") == 0 ? "an indicator" : "an organisation");
      reported++;
    }
  sqlite3_finalize (stmt);
  if (reported == 0)
    add_problem (state, 0, 0, NULL, "the import takes away organisations or indicators "
                 "that other imports still use");
}

/* Builds the all-or-nothing error: how many rows, then the first 100 problems. */
static void
set_invalid_error (ImportState  *state,
                   GError      **error)
{
  g_autoptr(GString) message = g_string_new (NULL);
  guint shown = MIN (state->report->problems->len, 100);

  g_string_append_printf (message, "%s: %" G_GUINT64_FORMAT " problem%s found; nothing was imported.",
                          state->file, state->n_problems, state->n_problems == 1 ? "" : "s");
  for (guint i = 0; i < shown; i++)
    {
      const PdImportProblem *problem = g_ptr_array_index (state->report->problems, i);
      g_autofree char *where = problem_location (problem);

      /* Reasons quote the value where it matters; the value is not repeated here. */
      g_string_append_printf (message, "\n%s: %s", where, problem->reason);
    }
  if (state->n_problems > shown)
    g_string_append_printf (message, "\n… and %" G_GUINT64_FORMAT " more (write them all to a "
                            "file with --errors FILE.csv)", state->n_problems - shown);
  g_set_error_literal (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, message->str);
}

/**
 * pd_import_file:
 * @workspace: the workspace to import into (opened on this thread)
 * @path: a CSV or XLSX file
 * @options: (nullable): kind, replace, organisation creation, date order
 * @progress: (nullable): called with the fraction done, on this thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #PD_IMPORT_ERROR
 *
 * Imports every row of @path in one transaction. If any row is invalid nothing is
 * imported: the error says how many problems there are and lists the first 100, and the
 * report (returned in that case too, when the file could be read) holds all of them.
 *
 * Returns: (transfer full): the report; %NULL only when @error is set before any row
 *   could be judged. When @error is set and a report is returned, report->problems lists
 *   the bad rows.
 */
PdImportReport *
pd_import_file (PdWorkspace            *workspace,
                const char             *path,
                const PdImportOptions  *options,
                PdProgressFunc          progress,
                gpointer                progress_data,
                GCancellable           *cancellable,
                GError                **error)
{
  static const PdImportOptions default_options = { PD_KIND_UNKNOWN, FALSE, FALSE, FALSE };
  g_autoptr(PdImportReport) report = NULL;
  g_autofree char *display = NULL;
  g_autofree char *sha256 = NULL;
  HashJob *hash_job = NULL;
  gboolean lookups_ok;
  ImportState state = { 0 };
  gboolean foreign_keys_off;
  gsize size = 0;
  gboolean ok;
  gboolean dry_run = FALSE;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);
  report = import_report_new (display);

  /* A --replace needs the hash first, to find the earlier import it takes away. */
  if (options != NULL && options->replace)
    {
      sha256 = file_sha256 (path, &size, error);
      if (sha256 == NULL)
        return NULL;
    }
  else
    hash_job = hash_job_start (path);

  report->format = g_strdup (pd_xlsx_is_xlsx_file (path) ? "xlsx" : "csv");
  report->encoding = g_strdup (strcmp (report->format, "xlsx") == 0 ? "xlsx" : "");

  state.workspace = workspace;
  state.db = pd_workspace_get_db (workspace);
  state.options = options != NULL ? options : &default_options;
  state.report = report;
  state.cancellable = cancellable;
  state.progress = progress;
  state.progress_data = progress_data;
  state.file = report->file_name;

  /* Every organisation, indicator and import a row refers to is checked against the
   * workspace's own tables (read inside this write transaction) before the row is
   * written, so SQLite's foreign key checks would only repeat that work, with two index
   * look-ups a row. They stay on for --replace, which deletes rows that others may
   * refer to and relies on the deferred checks at COMMIT. */
  foreign_keys_off = !state.options->replace;
  if (foreign_keys_off)
    sqlite3_exec (state.db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);

  if (!pd_workspace_begin_write (workspace, error))
    {
      if (foreign_keys_off)
        sqlite3_exec (state.db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      if (hash_job != NULL)
        {
          GError *hash_error = NULL;

          /* Unreadable before anything else, as when the hash came first. */
          sha256 = hash_job_finish (hash_job, &size, &hash_error);
          if (sha256 == NULL)
            {
              g_clear_error (error);
              g_propagate_error (error, hash_error);
            }
        }
      return NULL;
    }

  /* The page cache during an import: 8 MiB, four times SQLite's default. The fact
   * tables' inserts append to the end of their trees (spend has no secondary index), so
   * a bigger cache only holds finished pages until the commit writes them all at once,
   * on the thread that commits, after the rows are parsed. With 8 MiB the writer thread
   * spills finished pages to the write-ahead log as it goes (uncommitted frames, which
   * a crash discards), so that writing overlaps the parsing, and the cache stops growing
   * page by page. Measured on a 1M-row spend import: 64 MiB took 0.6 s of system time
   * (page faults as the cache grew, the whole log written at commit), 8 MiB 0.4 s. */
  sqlite3_exec (state.db, "PRAGMA cache_size = -8192", NULL, NULL, NULL);

  ok = lookups_ok = load_lookups (&state, error);
  if (ok && state.options->replace)
    ok = remove_replaced (&state, sha256, error);
  ok = ok && insert_import (&state, sha256 != NULL ? sha256 : PENDING_SHA256, size, error);
  if (ok)
    ok = strcmp (report->format, "xlsx") == 0 ? import_xlsx (&state, path, error)
                                              : import_csv (&state, path, error);
  ok = ok && update_import_encoding (&state, error);

  /* The hash, and the check it was for, in the order they ran when the hash came first:
   * a file that cannot be read, then the look-ups, then a file imported already, each
   * taking the place of whatever the rows gave (problems included). */
  if (hash_job != NULL)
    {
      GError *first_error = NULL;

      sha256 = hash_job_finish (hash_job, &size, &first_error);
      if (sha256 != NULL && lookups_ok)
        {
          /* Our own row still holds PENDING_SHA256, so it cannot match. */
          if (!check_not_imported (&state, sha256, &first_error))
            ;
          else if (ok && !update_import_hash (&state, sha256, size, error))
            ok = FALSE;
        }
      if (first_error != NULL)
        {
          g_clear_error (error);
          g_propagate_error (error, first_error);
          g_ptr_array_set_size (report->problems, 0);
          state.n_problems = 0;
          ok = FALSE;
        }
    }

  if (ok && state.n_problems > 0)
    {
      set_invalid_error (&state, error);
      ok = FALSE;
    }

  /* A dry run ends here: every row was read, checked and written, and is rolled back. */
  dry_run = ok && state.options->dry_run;
  if (ok && !transaction_open (&state, error))
    {
      /* Whatever ran after the transaction ended saved itself: take it out again. */
      if (state.import_id > 0 && committed_after_all (&state))
        pd_workspace_remove_import (workspace, state.import_id, NULL);
      ok = FALSE;
    }

  /* Deferred foreign keys are checked by COMMIT. Facts were checked row by row, so a
   * failure here means a --replace took away organisations or indicators that other
   * imports still use: name them, and import nothing. */
  if (ok && !dry_run && sqlite3_exec (state.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK &&
      !committed_after_all (&state))
    {
      if (sqlite3_extended_errcode (state.db) == SQLITE_CONSTRAINT_FOREIGNKEY)
        {
          report_orphans (&state);
          set_invalid_error (&state, error);
        }
      else
        pd_workspace_set_error (workspace, error, "Could not save the import");
      ok = FALSE;
    }

  import_state_clear (&state);
  if (!ok || dry_run)
    pd_workspace_rollback (workspace);

  /* Back to the connection's settings, now that no transaction is open. */
  if (foreign_keys_off)
    sqlite3_exec (state.db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  sqlite3_exec (state.db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);

  if (!ok)
    {
      memset (report->rows, 0, sizeof report->rows);
      report->import_id = 0;
      if (report->problems->len == 0)
        return NULL;
      return g_steal_pointer (&report);
    }

  report->import_id = dry_run ? 0 : state.import_id;
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&report);
}

/**
 * pd_import_header_score:
 * @kind: a kind
 * @row: a row that may be @kind's header
 *
 * Returns: how many of @kind's columns @row names, or -1 when a required one is missing
 */
int
pd_import_header_score (PdKind       kind,
                        const PdRow *row)
{
  int column_of[MAX_KIND_COLUMNS];

  g_return_val_if_fail (kind >= 0 && kind < PD_N_KINDS, -1);
  g_return_val_if_fail (row != NULL, -1);

  return match_header (kind, row, column_of);
}

/**
 * pd_import_detect_kind:
 * @row: a row that may be a header
 *
 * The kind the importer would read under @row, as find_header() chooses it.
 *
 * Returns: the kind whose header explains most of @row, or %PD_KIND_UNKNOWN
 */
PdKind
pd_import_detect_kind (const PdRow *row)
{
  PdKind best_kind = PD_KIND_UNKNOWN;
  int best = -1;

  g_return_val_if_fail (row != NULL, PD_KIND_UNKNOWN);

  if (row_is_blank (row))
    return PD_KIND_UNKNOWN;
  for (int k = 0; k < PD_N_KINDS; k++)
    {
      int score = pd_import_header_score (k, row);

      if (score > best)
        {
          best = score;
          best_kind = k;
        }
    }
  return best_kind;
}

/**
 * pd_kind_to_string:
 * @kind: a kind
 *
 * Returns: the kind's name as the CLI, sheet names and JSON use it, e.g. "cquin_schemes"
 */
const char *
pd_kind_to_string (PdKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < PD_N_KINDS, "unknown");

  return kind_names[kind];
}

/**
 * pd_kind_from_string:
 * @text: a kind's name; case, spaces, dashes and underscores do not matter
 *
 * Returns: the kind, or %PD_KIND_UNKNOWN
 */
PdKind
pd_kind_from_string (const char *text)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (text != NULL, PD_KIND_UNKNOWN);

  wanted = pd_header_normalise (text);
  for (int kind = 0; kind < PD_N_KINDS; kind++)
    {
      g_autofree char *name = pd_header_normalise (kind_names[kind]);

      if (strcmp (name, wanted) == 0)
        return kind;
    }

  return PD_KIND_UNKNOWN;
}
