import { useEffect, useRef, useState, type ComponentProps, type FormEvent } from 'react'
import type { ProjectInfo } from '../../../../shared/contract'
import { api, errorMessage, nativeTeam } from '../../api'
import { BackupCard } from './BackupCard'
import { FoldersCard } from './FoldersCard'
import { TeamCard } from './TeamCard'
import { PickButton } from '../files/PickButton'
import { projectPick } from '../files/picks'

type Props = {
  current: ProjectInfo | null
  /** app.info's folders, already loaded by the shell. */
  folders: ComponentProps<typeof FoldersCard>['info']
  onOpened: (project: ProjectInfo) => void
  /** The menu's New Project… was chosen: the name field takes focus. */
  nameProject: boolean
  onNameProjectSeen: () => void
}

/** Start screen: the current project, the known projects, and a form to create one. */
export function ProjectsView({ current, folders, onOpened, nameProject, onNameProjectSeen }: Props) {
  const [projects, setProjects] = useState<ProjectInfo[] | null>(null)
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const nameField = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (!nameProject) return
    onNameProjectSeen()
    nameField.current?.focus()
  }, [nameProject])

  useEffect(() => {
    api.request('project.list', {}).then(setProjects, (err: unknown) => setError(errorMessage(err)))
  }, [])

  async function run(action: () => Promise<ProjectInfo>): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      onOpened(await action())
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  // Creating may or may not open the new project on the host; open it explicitly if not.
  const create = (event: FormEvent): void => {
    event.preventDefault()
    void run(async () => {
      const created = await api.request('project.create', { name: name.trim() })
      const info = await api.request('app.info', {})
      return info.project?.path === created.path ? info.project : api.request('project.open', { path: created.path })
    })
  }
  const open = (project: ProjectInfo): void => void run(() => api.request('project.open', { path: project.path }))

  return (
    <div className="projects pad">
      <section className="card">
        <h2>Current project</h2>
        {current ? (
          <p>
            <strong>{current.name}</strong> · {current.clipCount} clips
            <br />
            <span className="muted path">{current.path}</span>
          </p>
        ) : (
          <p className="muted">No project is open. Create one or open an existing one.</p>
        )}
      </section>

      {current && <BackupCard project={current} />}

      <section className="card">
        <h2>New project</h2>
        <form className="row" onSubmit={create}>
          <label htmlFor="project-name">Project name</label>
          <input
            ref={nameField}
            id="project-name"
            value={name}
            maxLength={120}
            placeholder="e.g. ski-clips-batch-1"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" disabled={busy || !name.trim()}>
            Create project
          </button>
        </form>
      </section>

      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}

      <section className="card">
        <h2>Projects</h2>
        <p className="row">
          <PickButton text="Open a project file…" request={projectPick} onPick={(path) => void run(() => api.request('project.open', { path }))} />
        </p>
        {!projects && !error && <p className="muted">Loading…</p>}
        {projects?.length === 0 && <p className="muted">No projects yet.</p>}
        {projects && projects.length > 0 && (
          <ul className="project-list" aria-label="Projects">
            {projects.map((project) => (
              <li key={project.path} className={project.path === current?.path ? 'current' : undefined}>
                <span>
                  <strong>{project.name}</strong> · {project.clipCount} clips
                  <br />
                  <span className="muted path">{project.path}</span>
                </span>
                <button type="button" aria-label={`Open project ${project.name}`} disabled={busy} onClick={() => open(project)}>
                  Open
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <FoldersCard info={folders} />
      {nativeTeam && <TeamCard team={nativeTeam} />}
    </div>
  )
}
