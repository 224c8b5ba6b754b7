import { useEffect, useState, type FormEvent } from 'react'
import { api, errorMessage } from '../../api'

/** The model repositories the catalog lists, one `owner/name` per line; other Qwen2.5-VL GGUF repos can be added. */
export function RepoList({ onSaved }: { onSaved: () => void }) {
  const [text, setText] = useState('')
  const [saved, setSaved] = useState('')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api.request('models.repos', {}).then(
      (repos) => {
        setText(repos.join('\n'))
        setSaved(repos.join('\n'))
      },
      (err: unknown) => setError(errorMessage(err))
    )
  }, [])

  const save = (event: FormEvent): void => {
    event.preventDefault()
    const repos = text
      .split(/\s+/)
      .map((r) => r.trim())
      .filter(Boolean)
    api.request('models.setRepos', { repos }).then(
      (next) => {
        setText(next.join('\n'))
        setSaved(next.join('\n'))
        setError(null)
        onSaved()
      },
      (err: unknown) => setError(errorMessage(err))
    )
  }

  return (
    <section className="card" aria-label="Model repositories">
      <h2>Model repositories</h2>
      <form onSubmit={save}>
        <label htmlFor="model-repos" className="muted">
          Hugging Face repositories to list (owner/name, one per line)
        </label>
        <textarea
          id="model-repos"
          rows={3}
          style={{ width: '100%', display: 'block', margin: '6px 0', fontFamily: 'monospace' }}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="row">
          <button type="submit" disabled={text === saved}>
            Save repositories
          </button>
          {error && (
            <span role="alert" className="error-text">
              {error}
            </span>
          )}
        </div>
      </form>
    </section>
  )
}
