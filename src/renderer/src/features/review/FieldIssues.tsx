import type { CaptionIssue } from './validation'

/** Inline validation messages of one field. */
export function FieldIssues({ issues, id }: { issues: CaptionIssue[]; id?: string }) {
  if (issues.length === 0) return null
  return (
    <ul className="field-issues" id={id}>
      {issues.map((issue, i) => (
        <li key={i} className={issue.blocking ? 'blocking' : 'hint'} role={issue.blocking ? 'alert' : undefined}>
          {issue.message}
        </li>
      ))}
    </ul>
  )
}
