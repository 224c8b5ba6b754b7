/** Which view is shown; kept in the URL hash so a reload returns to the same place. */
export type Screen =
  | { view: 'projects' }
  | { view: 'library' }
  | { view: 'models' }
  | { view: 'export' }
  | { view: 'report' }
  | { view: 'team' }
  | { view: 'overlap' }
  | { view: 'review'; clipId: number | null }

export function parseHash(hash: string): Screen {
  const [view, id] = hash.replace(/^#\/?/, '').split('/')
  if (view === 'library') return { view: 'library' }
  if (view === 'models') return { view: 'models' }
  if (view === 'export' || view === 'report' || view === 'team' || view === 'overlap') return { view }
  if (view === 'review') {
    const clipId = Number(id)
    return { view: 'review', clipId: id && Number.isInteger(clipId) && clipId > 0 ? clipId : null }
  }
  return { view: 'projects' }
}

export function formatHash(screen: Screen): string {
  if (screen.view === 'review') return screen.clipId == null ? '#/review' : `#/review/${screen.clipId}`
  return `#/${screen.view}`
}

export function sameScreen(a: Screen, b: Screen): boolean {
  return formatHash(a) === formatHash(b)
}
