import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { Person } from '../../../../shared/api/people'
import { ROLES, type Role } from '../../../../shared/roles'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import { LivePanel } from './LivePanel'
import './people.css'
import { PersonFiguresTable } from './PersonFiguresTable'
import { QueueCard } from './QueueCard'

/** What people.add and people.reissue hand out once: the link to give the person. */
type Issued = { name: string; link: string }

/** The lead's People panel: add people, change roles, revoke and reissue tokens; who is online; the per-person figures. */
export function TeamView() {
  const scope = useProjectScope()
  const [people, setPeople] = useState<Person[] | null>(null)
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('annotator')
  const [issued, setIssued] = useState<Issued | null>(null)
  const [error, setError] = useState<string | null>(null)

  const reload = useCallback(() => scope.request('people.list', {}).then(setPeople, (err: unknown) => setError(errorMessage(err))), [scope])
  useEffect(() => void reload(), [reload])

  async function act(action: () => Promise<unknown>): Promise<void> {
    setError(null)
    try {
      await action()
      await reload()
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  const show = (out: { person: Person; link: string }) => setIssued({ name: out.person.name, link: new URL(out.link, window.location.href).href })

  const add = (event: FormEvent): void => {
    event.preventDefault()
    void act(async () => {
      show(await scope.request('people.add', { name: name.trim(), role }))
      setName('')
    })
  }

  return (
    <section className="team pad" aria-label="People">
      <h2>People</h2>
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      {issued && (
        <div className="banner info" role="status">
          Sign-in link for {issued.name} (shown once; only its hash is kept):{' '}
          <input readOnly aria-label="Sign-in link" value={issued.link} size={60} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(issued.link)}>
            Copy
          </button>
          <button type="button" onClick={() => setIssued(null)}>
            Done
          </button>
        </div>
      )}
      <form onSubmit={add} className="team-add">
        <input aria-label="Name" placeholder="Name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <button type="submit" disabled={!name.trim()}>
          Add person
        </button>
      </form>
      {people && (
        <table aria-label="People of this project">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Sign-in</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} data-testid={`person-${p.name}`}>
                <td>{p.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${p.name}`}
                    value={p.role}
                    onChange={(e) => void act(() => scope.request('people.setRole', { personId: p.id, role: e.target.value as Role }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>{p.revokedAt ? 'revoked' : p.hasToken ? 'has a token' : 'no token yet'}</td>
                <td>
                  <button type="button" onClick={() => void act(async () => show(await scope.request('people.reissue', { personId: p.id })))}>
                    {p.hasToken ? 'Reissue link' : 'Issue link'}
                  </button>
                  {p.hasToken && !p.revokedAt && (
                    <button type="button" onClick={() => void act(() => scope.request('people.revoke', { personId: p.id }))}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LivePanel />
      {people && <QueueCard people={people} />}
      <PersonFiguresTable />
    </section>
  )
}
