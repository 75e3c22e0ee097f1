/* fuzz-pack.c — random workspace contents → the board pack (xlsx, and the PDF when the
 * first line asks for it). pd_board_pack_write must succeed or fail with a clean GError:
 * never crash, leak, trip a sanitizer or report success without a file.
 *
 * The input is lines. Line 1 holds the pack's options as `pctdash-cli export` takes them:
 *   commissioner=CODE provider=CODE year=2011 public=1 small=5 charts=1 pdf=1
 *   sections=summary,spend marking=TEXT
 * Each further line is one row, its fields separated by '|', written straight into a
 * workspace (so the pack meets what the schema allows, not only what the importer makes):
 *   o code|name|role|population               organisations (role c or p)
 *   s comm|year|month|category|provider|amount spend, amount in pounds
 *   a comm|year|amount                          allocations
 *   i code|name|domain|unit|polarity|target|multiplier
 *   v indicator|provider|kind|start|numerator|denominator|value
 *   e provider|date|type|count|note             events
 *   q comm|provider|year|contract|percent|paid  CQUIN schemes
 *   k provider|year|indicator|quarter|numerator|denominator|value  CQUIN achievement
 *   c indicator|provider|kind|period|reason     SPC changes
 * A number that is a suppression marker ("*", "[c]", "-") or no number at all is stored
 * as suppressed; huge, negative and NaN values go in as far as the schema lets them.
 * Rows the schema refuses (CHECK, UNIQUE, foreign keys) are skipped. Invalid UTF-8 is
 * replaced first, as the importer does.
 *
 * Speed (docs/fuzzing.md): the process's folder is in /dev/shm where there is one (the
 * pack's file and libxlsxwriter's scratch files never touch a disk). The process opens
 * one migrated, empty workspace there with pd_workspace_open(), and each input swaps its
 * main database for a new in-memory copy of it (sqlite3_deserialize), so nothing of one
 * input's rows outlives it, nothing is written to a file, and the schema is read once
 * an input.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <gsf/gsf-infile.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-input-stdio.h>
#include <libxml/parser.h>

#include "export/pd-board-pack.h"
#include "import/pd-xlsx-reader.h"
#include "store/pd-workspace.h"
#include "fuzz-common.h"

static char          *folder;         /* this process's temporary folder */
static PdWorkspace   *workspace;      /* opened once a process; each input a new copy */
static unsigned char *template_bytes; /* an empty, migrated workspace's main database */
static sqlite3_int64  template_len;

static void
remove_folder (void)
{
  const char *suffixes[] = { ".pctdash", ".pctdash-wal", ".pctdash-shm", ".pctdash-lock",
                             ".xlsx", ".pdf" };

  g_clear_object (&workspace);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (folder, "/run", suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (folder);
  g_free (folder);
  sqlite3_free (template_bytes);
}

/* Swaps @db's main database for a new in-memory copy of @bytes. */
static void
load_bytes (sqlite3             *db,
            const unsigned char *bytes,
            sqlite3_int64        len)
{
  unsigned char *copy = sqlite3_malloc64 ((sqlite3_uint64) len);
  int rc;

  g_assert_nonnull (copy);
  memcpy (copy, bytes, (size_t) len);
  /* SQLite owns the copy from here, even when the call fails. */
  rc = sqlite3_deserialize (db, "main", copy, len, len,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK)
    g_error ("sqlite3_deserialize: %s", sqlite3_errmsg (db));
}

/* Once a process: the folder, in memory where it can be, the workspace, and its main
 * database as bytes to copy for each input. */
static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *template = NULL;

  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    {
      template = g_build_filename ("/dev/shm", "fuzz-pack-XXXXXX", NULL);
      folder = g_mkdtemp (g_steal_pointer (&template));
    }
  if (folder == NULL)
    {
      folder = g_dir_make_tmp ("fuzz-pack-XXXXXX", &error);
      g_assert_no_error (error);
    }
  atexit (remove_folder);
  path = g_build_filename (folder, "run.pctdash", NULL);
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  template_bytes = sqlite3_serialize (pd_workspace_get_db (workspace), "main",
                                      &template_len, 0);
  g_assert_nonnull (template_bytes);
  g_assert_cmpint (template_len, >=, 100);
  /* An in-memory database has no WAL: the header's read and write versions (bytes 18
   * and 19) say "rollback journal", as they would after PRAGMA journal_mode = DELETE. */
  template_bytes[18] = 1;
  template_bytes[19] = 1;
}

/* Integers (pence, counts, populations) go in up to ±9.2 × 10^18, just inside int64 (a
 * double at 2^63 would not convert): the importer accepts any amount up to 2^63 − 1
 * pence, and sums past that must fail with an overflow error, never wrap. */
#define FUZZ_INTEGER_LIMIT 9.2e18

/* Binds @text as a number: an integer column gets @scale × the value (pence from
 * pounds), within ±FUZZ_INTEGER_LIMIT; NULL for a marker or no number. */
static void
bind_number (sqlite3_stmt *stmt,
             int           column,
             const char   *text,
             gboolean      integer,
             double        scale)
{
  double value = fuzz_number (text);

  if (isnan (value))
    sqlite3_bind_null (stmt, column);
  else if (!integer)
    sqlite3_bind_double (stmt, column, value);
  else
    {
      double scaled = value * scale;
      gint64 whole = (gint64) CLAMP (scaled, -FUZZ_INTEGER_LIMIT, FUZZ_INTEGER_LIMIT);
      sqlite3_bind_int64 (stmt, column, whole);
    }
}

/* The suppression marker of a number field, for the `suppressed` columns. */
static void
bind_suppressed (sqlite3_stmt *stmt,
                 int           column,
                 const char   *text)
{
  if (isnan (fuzz_number (text)))
    sqlite3_bind_text (stmt, column, text != NULL && *text != '\0' ? text : "*", -1,
                       SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/* One prepared INSERT a kind of row, for one input: see insert_row(). */
#define N_ROW_KINDS 9

static void
insert_row (sqlite3      *db,
            sqlite3_stmt *statements[N_ROW_KINDS],
            const char   *line)
{
  /* Per kind: the SQL, then for each field: t text, n real, p pence, i integer, and S
   * (no field) the previous number's suppression marker. */
  static const struct { char kind; const char *sql; const char *fields; } kinds[] = {
    { 'o', "INSERT INTO organisations (code, name, role, population, import_id) VALUES "
           "(?1, ?2, CASE ?3 WHEN 'c' THEN 'commissioner' WHEN 'p' THEN 'provider' ELSE ?3 END, "
           "?4, 1)", "ttti" },
    { 's', "INSERT INTO spend (import_id, commissioner, year, month, category, provider, "
           "amount_pence, suppressed) VALUES (1, ?1, ?2, ?3, ?4, nullif (?5, ''), ?6, ?7)",
           "tiittpS" },
    { 'a', "INSERT INTO allocations (import_id, commissioner, year, allocation_pence, "
           "suppressed) VALUES (1, ?1, ?2, ?3, ?4)", "tipS" },
    { 'i', "INSERT INTO indicators (code, name, domain, unit, polarity, target, multiplier, "
           "import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce (?7, 1), 1)", "tttttnn" },
    { 'v', "INSERT INTO indicator_values (import_id, indicator, provider, period_kind, "
           "period_start, numerator, denominator, value, suppressed) VALUES "
           "(1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", "ttttnnnS" },
    { 'e', "INSERT INTO events (import_id, provider, date, type, count, suppressed, note) "
           "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)", "ttiSt" },
    { 'q', "INSERT INTO cquin_schemes (import_id, commissioner, provider, year, "
           "contract_value_pence, cquin_percent, paid_on_account_pence) VALUES "
           "(1, ?1, ?2, ?3, ?4, ?5, ?6)", "ttipnp" },
    { 'k', "INSERT INTO cquin_achievement (import_id, provider, year, indicator, quarter, "
           "numerator, denominator, value, suppressed) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
           "titinnnS" },
    { 'c', "INSERT INTO spc_changes (indicator, provider, kind, period, reason, author, "
           "created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'fuzz', '2026-01-01T00:00:00Z')", "ttttt" },
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == N_ROW_KINDS);
  g_auto(GStrv) fields = NULL;
  sqlite3_stmt *stmt;
  guint k, field = 0;

  if (line[0] == '\0' || line[1] != ' ')
    return;
  for (k = 0; k < G_N_ELEMENTS (kinds) && kinds[k].kind != line[0]; k++)
    ;
  if (k == G_N_ELEMENTS (kinds))
    return;
  fields = g_strsplit (line + 2, "|", 16);
  if (statements[k] == NULL &&
      sqlite3_prepare_v2 (db, kinds[k].sql, -1, &statements[k], NULL) != SQLITE_OK)
    g_error ("%s: %s", kinds[k].sql, sqlite3_errmsg (db));
  stmt = statements[k];
  for (int c = 0; kinds[k].fields[c] != '\0'; c++)
    {
      const char *text;
      char type = kinds[k].fields[c];

      if (type == 'S')
        {
          bind_suppressed (stmt, c + 1, field > 0 && field <= g_strv_length (fields)
                                        ? fields[field - 1] : NULL);
          continue;
        }
      text = field < g_strv_length (fields) ? fields[field] : NULL;
      field++;
      if (text == NULL)
        sqlite3_bind_null (stmt, c + 1);
      else if (type == 't')
        sqlite3_bind_text (stmt, c + 1, text, -1, SQLITE_TRANSIENT);
      else if (type == 'i')
        bind_number (stmt, c + 1, text, TRUE, 1);
      else if (type == 'p')
        bind_number (stmt, c + 1, text, TRUE, 100);
      else
        bind_number (stmt, c + 1, text, FALSE, 1);
    }
  /* Each row in its own transaction, as before: reset ends it whatever the step gave. */
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

#ifndef FUZZ_PACK_DATA
static gboolean
check_row (const PdRow *row,
           gpointer     user_data,
           GError     **error)
{
  for (guint i = 0; i < row->n_cells; i++)
    {
      g_assert_cmpuint (strlen (row->cells[i].text), ==, row->cells[i].len);
      g_assert_true (g_utf8_validate (row->cells[i].text, -1, NULL));
    }
  return TRUE;
}

/* Every part in @dir (a zip's folder) that is XML parses as XML 1.0: Excel refuses a
 * package with a part that does not, while libxlsxwriter writes some text as it is given
 * (pd_export_xml_text()). Returns how many parts there are. */
static guint
check_parts (GsfInfile *dir)
{
  guint n_parts = 0;

  for (int i = 0; i < gsf_infile_num_children (dir); i++)
    {
      GsfInput *child = gsf_infile_child_by_index (dir, i);
      const char *name = gsf_input_name (child);
      gsf_off_t size = gsf_input_size (child);

      g_assert_nonnull (child);
      if (GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0)
        n_parts += check_parts (GSF_INFILE (child));
      else
        {
          n_parts++;
          if (size > 0 && (g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".rels")))
            {
              const guint8 *bytes = gsf_input_read (child, (size_t) size, NULL);
              xmlDoc *doc;

              g_assert_nonnull (bytes);
              doc = xmlReadMemory ((const char *) bytes, (int) size, name, NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
              if (doc == NULL)
                g_error ("part %s of the pack is not XML: %s", name,
                         xmlGetLastError () != NULL ? xmlGetLastError ()->message : "?");
              xmlFreeDoc (doc);
            }
        }
      g_object_unref (child);
    }
  return n_parts;
}

/* The pack written is what it says: a PDF starts as one; an xlsx is a zip whose XML
 * parts all parse, and it opens with our own reader, every sheet and cell reading back
 * as UTF-8. */
static void
check_pack (const char *path,
            gboolean    pdf)
{
  g_autoptr(GError) error = NULL;

  if (pdf)
    {
      g_autofree char *bytes = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &bytes, &len, &error));
      g_assert_cmpuint (len, >, 5);
      g_assert_cmpmem (bytes, 5, "%PDF-", 5);
    }
  else
    {
      g_autoptr(PdXlsxBook) book = NULL;
      GsfInput *input = gsf_input_stdio_new (path, &error);
      GsfInfile *zip;

      g_assert_no_error (error);
      zip = gsf_infile_zip_new (input, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (check_parts (zip), >, 0);
      g_object_unref (zip);
      g_object_unref (input);

      book = pd_xlsx_book_open (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pd_xlsx_book_get_n_sheets (book), >, 0);
      for (guint i = 0; i < pd_xlsx_book_get_n_sheets (book); i++)
        {
          g_assert_true (g_utf8_validate (pd_xlsx_book_get_sheet_name (book, i), -1, NULL));
          gboolean read = pd_xlsx_book_read_sheet (book, i, check_row, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_true (read);
        }
    }
}
#endif

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pack = NULL;
  sqlite3_stmt *statements[N_ROW_KINDS] = { NULL };
  g_autofree char *commissioner = NULL, *provider = NULL, *year = NULL, *public_pack = NULL;
  g_autofree char *small = NULL, *charts = NULL, *pdf = NULL, *sections = NULL;
  g_autofree char *marking = NULL;
  g_autoptr(GDateTime) generated_at = g_date_time_new_utc (2026, 12, 4, 12, 0, 0);
  PdBoardPackOptions options;
  sqlite3 *db;
  gboolean ok, want_pdf;

  if (size > 64 * 1024)
    return 0;
  if (template_bytes == NULL)
    make_template ();
  /* Text reaches a workspace only as UTF-8 (the importer converts every encoding) and
   * the pack's options are UTF-8 (GOption converts the command line): so here too. */
  {
    g_autofree char *text = g_utf8_make_valid ((const char *) data, size);
    lines = fuzz_lines ((const uint8_t *) text, strlen (text));
  }
  if (lines[0] == NULL)
    return 0;

  db = pd_workspace_get_db (workspace);
  /* Each row in its own transaction (so that the foreign keys are checked row by row),
   * all of them in memory. */
  load_bytes (db, template_bytes, template_len);
  sqlite3_exec (db, "INSERT INTO imports (id, file_name, sha256, size, imported_at, format, "
                    "encoding) VALUES (1, 'fuzz.csv', printf ('%064d', 0), 0, "
                    "'2026-12-04T12:00:00Z', 'csv', 'UTF-8'); "
                    "INSERT INTO import_parts (import_id, kind, rows) VALUES (1, 'spend', 0)",
                NULL, NULL, NULL);
  for (guint i = 1; lines[i] != NULL; i++)
    insert_row (db, statements, lines[i]);
  for (guint k = 0; k < N_ROW_KINDS; k++)
    sqlite3_finalize (statements[k]);
  /* The totals the importer keeps beside the rows (migration 2). */
  sqlite3_exec (db, "INSERT INTO spend_totals SELECT commissioner, year, coalesce (month, 0), "
                    "category, coalesce (provider, ''), coalesce (sum (amount_pence), 0), "
                    "count(*), count(*) - count (amount_pence) FROM spend GROUP BY 1, 2, 3, 4, 5",
                NULL, NULL, NULL);

  pd_board_pack_options_init (&options);
  options.generated_at = generated_at;
  commissioner = fuzz_option (lines[0], "commissioner");
  options.commissioner = commissioner;
  provider = fuzz_option (lines[0], "provider");
  options.provider = provider;
  year = fuzz_option (lines[0], "year");
  if (year != NULL)
    options.year = (int) CLAMP (g_ascii_strtoll (year, NULL, 10), -100000, 100000);
  public_pack = fuzz_option (lines[0], "public");
  options.public_pack = public_pack != NULL && public_pack[0] == '1';
  small = fuzz_option (lines[0], "small");
  if (small != NULL)
    options.small_number = (guint) CLAMP (g_ascii_strtoll (small, NULL, 10), 2, 1000);
  charts = fuzz_option (lines[0], "charts");
  options.charts = charts != NULL && charts[0] == '1';
  marking = fuzz_option (lines[0], "marking");
  options.marking = marking;
  sections = fuzz_option (lines[0], "sections");
  if (sections != NULL && !pd_board_pack_parse_sections (sections, &options.sections, &error))
    {
      g_assert_nonnull (error->message);
      g_clear_error (&error);
      options.sections = 0;
    }
  pdf = fuzz_option (lines[0], "pdf");
  want_pdf = pdf != NULL && pdf[0] == '1';

  pack = g_build_filename (folder, want_pdf ? "run.pdf" : "run.xlsx", NULL);
  g_unlink (pack);
  ok = want_pdf ? pd_board_pack_write_pdf (workspace, &options, pack, NULL, &error)
                : pd_board_pack_write (workspace, &options, pack, NULL, &error);
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_true (g_file_test (pack, G_FILE_TEST_IS_REGULAR));
#ifndef FUZZ_PACK_DATA
      check_pack (pack, want_pdf);
#endif
    }
  else
    {
      /* A clean error: set, with a message a user can read. */
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (strlen (error->message), >, 0);
    }
  g_unlink (pack);
  /* The pack ends what transactions it starts, failing or not: the next input reuses the
   * connection. */
  g_assert_true (sqlite3_get_autocommit (db));
  return 0;
}
