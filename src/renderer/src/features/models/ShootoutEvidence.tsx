import { useEffect, useState } from 'react'
import type { ProjectScope } from '../../lib/projectScope'

/** The open project's shoot-out, in one sentence beside the recommendation; nothing before one exists. */
export function ShootoutEvidence({ scope }: { scope: ProjectScope }) {
  const [evidence, setEvidence] = useState<string | null>(null)
  useEffect(() => {
    scope.request('shootout.report', {}).then(
      (r) => setEvidence(r.evidence),
      () => setEvidence(null) // the recommendation stands on its own without it
    )
  }, [scope])
  if (!evidence) return null
  return (
    <p data-testid="shootout-evidence" className="recommendation">
      On evidence: {evidence}
    </p>
  )
}
