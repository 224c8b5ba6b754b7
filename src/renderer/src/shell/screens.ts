import { createElement, useEffect, useState, type ComponentType } from 'react'
import type { Screen } from '../lib/screen'

type View = Screen['view']

/**
 * A screen whose code is a chunk of its own (the bundler splits at the import), so the first
 * screen shown does not wait on the others'. Once the chunk is in, the screen renders at once;
 * before, it shows "Loading…" and renders when the chunk arrives. Not React.lazy: a screen that
 * suspends is revealed no sooner than 300 ms after its Suspense fallback showed (React 19
 * throttles reveals), which a first visit paid whenever app.info answered before the chunk.
 */
function screen<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>) {
  let ready: ComponentType<P> | null = null
  const fetchCode = () => load().then((module) => (ready = pick(module)))
  function LazyScreen(props: P) {
    const [shown, setShown] = useState<{ screen: ComponentType<P> } | { error: unknown } | null>(() => ready && { screen: ready })
    useEffect(() => {
      if (shown) {
        if ('screen' in shown) prefetchOthers()
        return
      }
      let live = true
      fetchCode().then(
        (loaded) => live && setShown({ screen: loaded }),
        (error: unknown) => live && setShown({ error })
      )
      return () => {
        live = false
      }
    }, [shown])
    if (!shown) return createElement('p', { className: 'muted pad' }, 'Loading…')
    if ('error' in shown) throw shown.error // for ScreenBoundary
    return createElement(shown.screen, props)
  }
  return Object.assign(LazyScreen, {
    prefetch: () =>
      fetchCode().then(
        () => undefined,
        () => undefined
      )
  })
}

export const ProjectsView = screen(
  () => import('../features/projects/ProjectsView'),
  (m) => m.ProjectsView
)
export const LibraryView = screen(
  () => import('../features/library/LibraryView'),
  (m) => m.LibraryView
)
export const ReviewView = screen(
  () => import('../features/review/ReviewView'),
  (m) => m.ReviewView
)
export const ModelsView = screen(
  () => import('../features/models/ModelsView'),
  (m) => m.ModelsView
)
/** Below the Models screen when a project is open: speed measured on the project's clips. */
export const SpeedPanel = screen(
  () => import('../features/models/SpeedPanel'),
  (m) => m.SpeedPanel
)
export const ExportView = screen(
  () => import('../features/export/ExportView'),
  (m) => m.ExportView
)
export const ReportView = screen(
  () => import('../features/report/ReportView'),
  (m) => m.ReportView
)
export const TeamView = screen(
  () => import('../features/people/TeamView'),
  (m) => m.TeamView
)
export const OverlapList = screen(
  () => import('../features/review/OverlapList'),
  (m) => m.OverlapList
)

// Likeliest next first: Projects and Review lead to the Library, the Library to Review.
const SCREENS: Record<View, { prefetch: () => Promise<void> }> = {
  library: LibraryView,
  review: ReviewView,
  projects: ProjectsView,
  export: ExportView,
  report: ReportView,
  models: ModelsView,
  team: TeamView,
  overlap: OverlapList
}

/** Starts fetching a screen's code before it is shown; a failure shows when the screen is (ScreenBoundary). */
export function prefetchScreen(view: View): void {
  void SCREENS[view].prefetch()
}

let prefetching = false

/**
 * Once a screen is up, fetches the others' code, one chunk at a time when the browser is idle, so
 * moving to any of them later does not wait for it, and the screen on view keeps its connections
 * to the host (six over HTTP/1.1) and its main thread.
 */
function prefetchOthers(): void {
  if (prefetching) return
  prefetching = true
  const waiting = Object.keys(SCREENS) as View[]
  const next = (): void => {
    const view = waiting.shift()
    if (view) requestIdleCallback(() => void SCREENS[view].prefetch().then(next))
  }
  next()
}
