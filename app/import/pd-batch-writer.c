/* pd-batch-writer.c — rows handed to a thread that inserts them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A large import spends about as long in parsing and checking as in SQLite. The reading
 * thread fills batches of parameters; this writer's thread binds and steps them. Two
 * queues carry the batches: full ones to the writer, empty ones back, so at most
 * N_BATCHES are alive and a reader that runs ahead waits (memory stays flat).
 *
 * Rows go in ROWS_PER_STATEMENT at a time, through one INSERT with that many VALUES
 * tuples: each step of a statement costs a fixed amount besides its rows (opening the
 * table's cursor, starting and ending the statement, resetting it), and on the 1M-row
 * spend benchmark that fixed cost was a third of the writer's time with one row a step.
 */

#include "config.h"

#include <string.h>

#include "pd-batch-writer.h"
#include "pd-table.h"

#define ROWS_PER_BATCH     2048
#define N_BATCHES          4
/* 32 rows of 8 parameters are 256, far below SQLite's limit of 32,766 variables. */
#define ROWS_PER_STATEMENT 32
G_STATIC_ASSERT (ROWS_PER_BATCH % ROWS_PER_STATEMENT == 0);

typedef enum
{
  PARAM_NULL,
  PARAM_INT64,
  PARAM_TEXT,
} ParamType;

typedef struct
{
  ParamType type;
  guint32   len;     /* the text's length in bytes, so SQLite need not measure it */
  gint64    value;   /* the integer, or the offset of the text in the batch's text */
} Param;

typedef struct
{
  Param   *params;   /* ROWS_PER_BATCH × n_params */
  guint    n_params; /* added so far */
  char    *text;     /* NUL-separated texts */
  gsize    text_len;
  gsize    text_size;
  guint    n_rows;
  gboolean last;     /* the end-of-rows marker */
} Batch;

struct _PdBatchWriter
{
  sqlite3      *db;
  sqlite3_stmt *stmt;       /* one row */
  sqlite3_stmt *stmt_many;  /* ROWS_PER_STATEMENT rows */
  guint         n_params;
  GThread      *thread;
  GAsyncQueue  *full;
  GAsyncQueue  *empty;
  Batch        *current;   /* being filled by the reading thread */

  /* written by the writer's thread, read after it has been joined */
  gint64        first_rowid;
  gint64        last_rowid;
  int           rc;
  char         *message;
};

/* Plain arrays rather than GArray and GString: adding a parameter is on the reading
 * thread's hot path, once per cell. */
static Batch *
batch_new (guint n_params)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->params = g_new (Param, (gsize) ROWS_PER_BATCH * n_params);
  batch->text_size = ROWS_PER_BATCH * 64;
  batch->text = g_malloc (batch->text_size);
  return batch;
}

static void
batch_free (Batch *batch)
{
  g_free (batch->params);
  g_free (batch->text);
  g_free (batch);
}

static void
batch_reset (Batch *batch)
{
  batch->n_params = 0;
  batch->text_len = 0;
  batch->n_rows = 0;
  batch->last = FALSE;
}

/* Binds @n_rows rows from @params to @stmt and steps it once. */
static gboolean
write_rows (PdBatchWriter *writer,
            sqlite3_stmt  *stmt,
            const Batch   *batch,
            const Param   *params,
            guint          n_rows)
{
  guint n = n_rows * writer->n_params;
  int rc;

  for (guint p = 0; p < n; p++)
    switch (params[p].type)
      {
      case PARAM_NULL:
        sqlite3_bind_null (stmt, p + 1);
        break;
      case PARAM_INT64:
        sqlite3_bind_int64 (stmt, p + 1, params[p].value);
        break;
      case PARAM_TEXT:
        sqlite3_bind_text (stmt, p + 1, batch->text + params[p].value, (int) params[p].len,
                           SQLITE_STATIC);
        break;
      }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      writer->rc = rc;
      writer->message = g_strdup (sqlite3_errmsg (writer->db));
      return FALSE;
    }
  /* The rows of one import get consecutive rowids (one transaction under the write
   * lock, new rowids are the largest plus one): the statement's first row is n_rows - 1
   * before its last. */
  writer->last_rowid = sqlite3_last_insert_rowid (writer->db);
  if (writer->first_rowid == 0)
    writer->first_rowid = writer->last_rowid - (n_rows - 1);
  return TRUE;
}

static void
write_batch (PdBatchWriter *writer,
             Batch         *batch)
{
  sqlite3_mutex *mutex = sqlite3_db_mutex (writer->db);
  guint r = 0;

  /* Every bind and step takes the connection's mutex; holding it for the whole batch
   * makes those re-entries of a recursive mutex this thread owns already. */
  sqlite3_mutex_enter (mutex);
  for (; r + ROWS_PER_STATEMENT <= batch->n_rows; r += ROWS_PER_STATEMENT)
    if (!write_rows (writer, writer->stmt_many, batch,
                     batch->params + (gsize) r * writer->n_params, ROWS_PER_STATEMENT))
      goto out;
  for (; r < batch->n_rows; r++)
    if (!write_rows (writer, writer->stmt, batch, batch->params + (gsize) r * writer->n_params, 1))
      goto out;
out:
  sqlite3_mutex_leave (mutex);
}

static gpointer
writer_thread (gpointer data)
{
  PdBatchWriter *writer = data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (writer->full);
      gboolean last = batch->last;

      /* After a failure the batches are still taken and handed back, so the reading
       * thread never waits for ever; they are just not written. */
      if (writer->rc == SQLITE_OK)
        write_batch (writer, batch);
      batch_reset (batch);
      g_async_queue_push (writer->empty, batch);
      if (last)
        break;
    }
  return NULL;
}

static sqlite3_stmt *
prepare_rows (sqlite3    *db,
              const char *insert_into,
              guint       n_params,
              guint       n_rows)
{
  g_autoptr(GString) sql = g_string_new (insert_into);
  sqlite3_stmt *stmt = NULL;

  g_string_append (sql, " VALUES ");
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint p = 0; p < n_params; p++)
        g_string_append (sql, p > 0 ? ", ?" : "?");
      g_string_append_c (sql, ')');
    }
  if (sqlite3_prepare_v3 (db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/**
 * pd_batch_writer_new:
 * @db: the connection to write with
 * @insert_into: an INSERT without its VALUES, "INSERT INTO t (a, b)"
 * @n_params: the number of columns it names
 * @error: return location for an error
 *
 * Returns: (transfer full): a writer whose thread is waiting for rows, or %NULL when
 *   the statements could not be prepared (@error says why)
 */
PdBatchWriter *
pd_batch_writer_new (sqlite3     *db,
                     const char  *insert_into,
                     guint        n_params,
                     GError     **error)
{
  PdBatchWriter *writer;
  sqlite3_stmt *stmt, *stmt_many;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (insert_into != NULL, NULL);
  g_return_val_if_fail (n_params > 0, NULL);

  stmt = prepare_rows (db, insert_into, n_params, 1);
  stmt_many = stmt != NULL ? prepare_rows (db, insert_into, n_params, ROWS_PER_STATEMENT) : NULL;
  if (stmt_many == NULL)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO, "Could not prepare the import: %s",
                   sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }

  writer = g_new0 (PdBatchWriter, 1);
  writer->db = db;
  writer->stmt = stmt;
  writer->stmt_many = stmt_many;
  writer->n_params = n_params;
  writer->rc = SQLITE_OK;
  writer->full = g_async_queue_new ();
  writer->empty = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (writer->empty, batch_new (n_params));
  writer->current = g_async_queue_pop (writer->empty);
  writer->thread = g_thread_new ("pd-batch-writer", writer_thread, writer);
  return writer;
}

static inline void
add_param (PdBatchWriter *writer,
           ParamType      type,
           gint64         value,
           guint32        len)
{
  Batch *batch = writer->current;

  g_assert (batch->n_params < (batch->n_rows + 1) * writer->n_params);
  batch->params[batch->n_params].type = type;
  batch->params[batch->n_params].len = len;
  batch->params[batch->n_params].value = value;
  batch->n_params++;
}

void
pd_batch_writer_add_null (PdBatchWriter *writer)
{
  add_param (writer, PARAM_NULL, 0, 0);
}

void
pd_batch_writer_add_int64 (PdBatchWriter *writer,
                           gint64         value)
{
  add_param (writer, PARAM_INT64, value, 0);
}

void
pd_batch_writer_add_text (PdBatchWriter *writer,
                          const char    *text)
{
  pd_batch_writer_add_text_len (writer, text, strlen (text));
}

/**
 * pd_batch_writer_add_text_len:
 * @writer: a writer
 * @text: text, NUL-terminated at @len
 * @len: strlen (@text), which the caller knows already
 *
 * Adds a text parameter without measuring it again.
 */
void
pd_batch_writer_add_text_len (PdBatchWriter *writer,
                              const char    *text,
                              gsize          len)
{
  Batch *batch = writer->current;

  g_return_if_fail (len < G_MAXINT32);

  if (batch->text_len + len + 1 > batch->text_size)
    {
      batch->text_size = MAX (batch->text_size * 2, batch->text_len + len + 1);
      batch->text = g_realloc (batch->text, batch->text_size);
    }
  add_param (writer, PARAM_TEXT, batch->text_len, (guint32) len);
  memcpy (batch->text + batch->text_len, text, len + 1);
  batch->text_len += len + 1;
}

/**
 * pd_batch_writer_end_row:
 * @writer: a writer
 *
 * Ends the row whose parameters were just added. When the batch is full it goes to the
 * writer's thread, and this waits for an empty one if the writer is behind.
 */
void
pd_batch_writer_end_row (PdBatchWriter *writer)
{
  Batch *batch = writer->current;

  g_assert (batch->n_params == (batch->n_rows + 1) * writer->n_params);
  batch->n_rows++;
  if (batch->n_rows == ROWS_PER_BATCH)
    {
      g_async_queue_push (writer->full, batch);
      writer->current = g_async_queue_pop (writer->empty);
    }
}

/**
 * pd_batch_writer_finish:
 * @writer: (transfer full): a writer
 * @out_first_rowid: (out) (optional): rowid of the first row written, 0 if none
 * @out_last_rowid: (out) (optional): rowid of the last row written, 0 if none
 * @error: return location for an error
 *
 * Returns: %TRUE when every row was written
 */
gboolean
pd_batch_writer_finish (PdBatchWriter  *writer,
                        gint64         *out_first_rowid,
                        gint64         *out_last_rowid,
                        GError        **error)
{
  gboolean ok;
  Batch *batch;

  g_return_val_if_fail (writer != NULL, FALSE);

  writer->current->last = TRUE;
  g_async_queue_push (writer->full, g_steal_pointer (&writer->current));
  g_thread_join (writer->thread);

  ok = writer->rc == SQLITE_OK;
  if (!ok)
    g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_IO, "Could not write the rows: %s",
                 writer->message);
  if (out_first_rowid != NULL)
    *out_first_rowid = writer->first_rowid;
  if (out_last_rowid != NULL)
    *out_last_rowid = writer->last_rowid;

  while ((batch = g_async_queue_try_pop (writer->empty)) != NULL)
    batch_free (batch);
  sqlite3_finalize (writer->stmt);
  sqlite3_finalize (writer->stmt_many);
  g_async_queue_unref (writer->empty);
  g_async_queue_unref (writer->full);
  g_free (writer->message);
  g_free (writer);
  return ok;
}
