import type { Screen } from '../lib/screen'

type View = Screen['view']

const NAV: { view: View; label: string }[] = [
  { view: 'projects', label: 'Projects' },
  { view: 'library', label: 'Library' },
  { view: 'review', label: 'Review' },
  { view: 'export', label: 'Export' },
  { view: 'report', label: 'Report' },
  { view: 'models', label: 'Models' }
]

type Props = {
  projectName: string | null
  active: View
  annotator: string
  onNavigate: (view: View) => void
  onChangeAnnotator: () => void
}

export function Header({ projectName, active, annotator, onNavigate, onChangeAnnotator }: Props) {
  return (
    <header className="header">
      <span className="brand">SkyCaptioner Studio</span>
      <span className="project-name" data-testid="current-project">
        {projectName ?? 'No project open'}
      </span>
      <nav aria-label="Main" className="nav">
        {NAV.map(({ view, label }) => (
          <button
            key={view}
            type="button"
            aria-current={active === view ? 'page' : undefined}
            disabled={view !== 'projects' && view !== 'models' && !projectName}
            onClick={() => onNavigate(view)}
          >
            {label}
          </button>
        ))}
      </nav>
      <span className="annotator">
        {annotator ? (
          <>
            <span data-testid="annotator">{annotator}</span>
            <button type="button" className="link" onClick={onChangeAnnotator}>
              Change name
            </button>
          </>
        ) : (
          <span className="muted">No annotator set</span>
        )}
      </span>
    </header>
  )
}
