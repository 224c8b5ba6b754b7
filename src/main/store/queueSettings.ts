import { QueueSettings } from '../../shared/api/queue'
import type { Db } from './db'
import { readJson } from './json'

const KEY = 'queue_settings'

/** The work queue's settings, one project_meta entry; defaults until a lead saves them. */
export class QueueSettingsRepo {
  private getStmt
  private putStmt

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM project_meta WHERE key = ?')
    this.putStmt = db.prepare<[string, string]>('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  }

  get(): QueueSettings {
    const row = this.getStmt.get(KEY)
    return row ? readJson(QueueSettings, row.value, 'queue settings') : QueueSettings.parse({})
  }

  put(settings: QueueSettings): void {
    this.putStmt.run(KEY, JSON.stringify(settings))
  }
}
