import { ReviewSettings } from '../../shared/api/review'
import type { Db } from './db'
import { readJson } from './json'

const KEY = 'review_settings'

/** The project's review settings, one project_meta entry; defaults until someone saves them. */
export class ReviewSettingsRepo {
  private getStmt
  private putStmt

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM project_meta WHERE key = ?')
    this.putStmt = db.prepare<[string, string]>('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  }

  get(): ReviewSettings {
    const row = this.getStmt.get(KEY)
    return row ? readJson(ReviewSettings, row.value, 'review settings') : ReviewSettings.parse({})
  }

  put(settings: ReviewSettings): void {
    this.putStmt.run(KEY, JSON.stringify(settings))
  }
}
