import { openReadOnly } from '../../src/main/store/db'

/** Rows of a query on a project file, read through a connection of its own: what is on disk, not what a service says. */
export function fileRows<T>(file: string, sql: string): T[] {
  const db = openReadOnly(file)
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}
