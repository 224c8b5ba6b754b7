import type { Caller } from '../../../shared/api/people'
import type { Route } from '../../../shared/contract'
import { mayCall } from '../../../shared/roles'
import type { Screen } from '../lib/screen'

type View = Screen['view']

/** Each screen, and the route it cannot work without: a caller who may not call it does not see the screen. */
const NAV: { view: View; label: string; needs: Route }[] = [
  { view: 'projects', label: 'Projects', needs: 'project.list' },
  { view: 'library', label: 'Library', needs: 'clips.list' },
  { view: 'review', label: 'Review', needs: 'captions.save' },
  { view: 'export', label: 'Export', needs: 'export.run' },
  { view: 'report', label: 'Report', needs: 'report.agreement' },
  { view: 'models', label: 'Models', needs: 'models.catalog' },
  { view: 'team', label: 'People', needs: 'people.list' },
  { view: 'overlap', label: 'Overlap', needs: 'overlap.list' }
]

/** Whether this page's caller may use a screen (the host checks every request anyway). */
export function mayView(view: View, caller: Caller | null): boolean {
  const item = NAV.find((n) => n.view === view)
  return !caller || !item || mayCall(item.needs, caller)
}

type Props = {
  projectName: string | null
  active: View
  annotator: string
  /** Who the page is signed in as; a person's name is theirs, not typed in. */
  caller: Caller | null
  onNavigate: (view: View) => void
  onChangeAnnotator: () => void
}

export function Header({ projectName, active, annotator, caller, onNavigate, onChangeAnnotator }: Props) {
  return (
    <header className="header">
      <span className="brand">SkyCaptioner Studio</span>
      <span className="project-name" data-testid="current-project">
        {projectName ?? 'No project open'}
      </span>
      <nav aria-label="Main" className="nav">
        {NAV.filter(({ view }) => mayView(view, caller)).map(({ view, label }) => (
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
        {caller?.kind === 'person' ? (
          <span>
            Signed in as <span data-testid="annotator">{caller.name}</span> <span className="muted">({caller.role})</span>
          </span>
        ) : annotator ? (
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
