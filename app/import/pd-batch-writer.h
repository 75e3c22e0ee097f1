/* pd-batch-writer.h — rows handed to a thread that inserts them, so parsing and SQLite
 * run on two cores at once
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _PdBatchWriter PdBatchWriter;

/* Starts a thread that inserts the rows added, through @insert_into ("INSERT INTO t
 * (a, b)", without VALUES: the writer adds them, several rows a statement) with
 * @n_params parameters a row. From now until pd_batch_writer_finish() returns, @db
 * belongs to that thread: the caller must not use it. */
PdBatchWriter *pd_batch_writer_new       (sqlite3       *db,
                                          const char    *insert_into,
                                          guint          n_params,
                                          GError       **error);

/* A row is its parameters in order, then end_row. Text is copied. */
void           pd_batch_writer_add_null  (PdBatchWriter *writer);
void           pd_batch_writer_add_int64 (PdBatchWriter *writer,
                                          gint64         value);
void           pd_batch_writer_add_text  (PdBatchWriter *writer,
                                          const char    *text);
void           pd_batch_writer_add_text_len (PdBatchWriter *writer,
                                             const char    *text,
                                             gsize          len);
void           pd_batch_writer_end_row   (PdBatchWriter *writer);

/* Waits for every row to be written and the thread to end; @db is the caller's again.
 * Gives the rowids of the first and last rows written. Frees @writer. */
gboolean       pd_batch_writer_finish    (PdBatchWriter *writer,
                                          gint64        *out_first_rowid,
                                          gint64        *out_last_rowid,
                                          GError       **error);

G_END_DECLS
