// Issue 11: the store owns all SQL and every connection. Every file of src/main outside
// src/main/store/ is parsed with the TypeScript compiler (so comments never count) and may not
// import the SQLite driver or store/db.ts, open a connection, touch a project's `.db`, call
// prepare/exec/pragma with literal text, or hold SQL in a string or template literal.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const MAIN = path.resolve(import.meta.dirname, '../../src/main')
const STORE = path.join(MAIN, 'store')

// Uppercase SQL as the store writes it; prose in messages is not uppercase.
const SQL =
  /\bSELECT\s+(?:\*|[\w.(])|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|TRIGGER|VIEW|VIRTUAL)\b|\bPRAGMA\s+\w|^\s*(?:BEGIN|COMMIT|ROLLBACK)\b|\bWHERE\s|\bJOIN\s+\w|\b(?:ORDER|GROUP)\s+BY\b|\bIS\s+(?:NOT\s+)?NULL\b|\bNOT\s+EXISTS\b/
const SQL_CALLS = new Set(['prepare', 'exec', 'pragma'])

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text
  return null
}

/** What in one file's source breaks the rule, as "line: reason". */
function violations(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const report = (node: ts.Node, reason: string) => found.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${reason}`)
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text
      if (from === 'better-sqlite3') report(node, 'imports the SQLite driver')
      else if (/(^|\/)store\/db$/.test(from)) report(node, 'imports store/db (connections)')
      return
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Database') {
      report(node, 'opens a connection (new Database)')
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'db') report(node, "uses a project's connection (.db)")
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SQL_CALLS.has(node.expression.name.text)) {
      const first = node.arguments[0]
      if (first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first))) report(node, `calls .${node.expression.name.text}() with SQL text`)
    }
    const text = literalText(node)
    if (text !== null && SQL.test(text)) report(node, `SQL in a literal: ${JSON.stringify(text.trim().slice(0, 60))}`)
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return full === STORE ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })
}

describe('the store owns all SQL and every connection', () => {
  it('finds no SQL, driver or connection in src/main outside src/main/store', () => {
    const files = sourceFiles(MAIN)
    expect(files.length).toBeGreaterThan(50) // the walk did find the tree
    const found = files.flatMap((f) => violations(f, fs.readFileSync(f, 'utf8')).map((v) => `${path.relative(MAIN, f)}:${v}`))
    expect(found).toEqual([])
  })

  it('catches each way SQL or a connection can leak, and leaves look-alikes alone', () => {
    // each snippet beside the rule that must catch it
    const leaks: [string, string][] = [
      ["import Database from 'better-sqlite3'", 'SQLite driver'],
      ["import type { Db } from '../store/db'", 'store/db'],
      ['const db = connect(new Database(file))', 'new Database'],
      ['store.db.transaction(() => 1)()', '(.db)'],
      ["conn.exec('BEGIN')", '.exec() with SQL text'],
      ['run.prepare(`${columns} FROM ${table}`)', '.prepare() with SQL text'],
      ['const WHERE = { approved: "c.status = \'approved\' AND r.id IS NOT NULL" }', 'SQL in a literal'],
      ['const q = `SELECT count(*) AS n FROM clips`', 'SQL in a literal'],
      ["const s = 'INSERT INTO clips (path) VALUES (?)'", 'SQL in a literal'],
      ["const s = 'UPDATE clips SET status = ?'", 'SQL in a literal'],
      ["const s = 'DELETE FROM revisions'", 'SQL in a literal'],
      ['const s = `LEFT JOIN prelabels p ON p.clip_id = ${alias}.id`', 'SQL in a literal']
    ]
    for (const [leak, rule] of leaks) expect(violations('leak.ts', leak).join('\n'), leak).toContain(rule)
    const innocent = [
      '// SELECT id FROM clips WHERE id = ? (a comment)',
      'await pool.prepare((endpoint) => check(endpoint), signal)',
      'const m = /^bytes=(\\d*)-(\\d*)$/.exec(header)',
      "throw new Error('Select a clip, then save it')",
      "const label = 'Update the studio to open it'",
      "import { ProjectStore } from '../store/project'"
    ]
    for (const fine of innocent) expect(violations('fine.ts', fine), fine).toEqual([])
  })

  it("opens every store connection with Electron's own better-sqlite3 build when it runs there (nativeBinding)", () => {
    // a connection without it loads Node's build, which Electron cannot load (docs/desktop.md)
    const missing: string[] = []
    for (const name of fs.readdirSync(STORE, { recursive: true }) as string[]) {
      if (!name.endsWith('.ts')) continue
      const source = fs.readFileSync(path.join(STORE, name), 'utf8')
      const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true)
      const visit = (node: ts.Node): void => {
        if (
          ts.isNewExpression(node) &&
          ts.isIdentifier(node.expression) &&
          node.expression.text === 'Database' &&
          !node.getText(file).includes('nativeBinding')
        ) {
          missing.push(`${name}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`)
        }
        ts.forEachChild(node, visit)
      }
      visit(file)
    }
    expect(missing).toEqual([])
  })
})
