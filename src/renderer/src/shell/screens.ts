import { createElement, lazy, useState, type ComponentType, type LazyExoticComponent } from 'react'
import type { Screen } from '../lib/screen'

type View = Screen['view']

/**
 * A screen whose code is a chunk of its own (the bundler splits at the import), so the first
 * screen shown does not wait on the others'. Once the chunk is in, the screen renders at once;
 * only a screen whose code is still on its way suspends, since React holds a Suspense boundary's
 * content back for up to 300 ms after its fallback showed, which code already loaded need not pay.
 */
function screen<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>) {
  let ready: ComponentType<P> | null = null
  const fetchCode = () => load().then((module) => (ready = pick(module)))
  const Lazy = lazy(() => fetchCode().then((component) => ({ default: component })))
  function LazyScreen(props: P) {
    // Fixed for the mount: switching from Lazy to the loaded component would remount the screen.
    const [Shown] = useState<ComponentType<P> | LazyExoticComponent<ComponentType<P>>>(() => ready ?? Lazy)
    return createElement(Shown, props)
  }
  return Object.assign(LazyScreen, { prefetch: () => void fetchCode().catch(() => undefined) })
}

export const ProjectsView = screen(() => import('../features/projects/ProjectsView'), (m) => m.ProjectsView)
export const LibraryView = screen(() => import('../features/library/LibraryView'), (m) => m.LibraryView)
export const ReviewView = screen(() => import('../features/review/ReviewView'), (m) => m.ReviewView)
export const ModelsView = screen(() => import('../features/models/ModelsView'), (m) => m.ModelsView)
export const ExportView = screen(() => import('../features/export/ExportView'), (m) => m.ExportView)
export const ReportView = screen(() => import('../features/report/ReportView'), (m) => m.ReportView)

// Likeliest next first: the Library leads to Review and back.
const SCREENS: Record<View, { prefetch: () => void }> = {
  review: ReviewView,
  library: LibraryView,
  projects: ProjectsView,
  export: ExportView,
  report: ReportView,
  models: ModelsView
}

/** Starts fetching a screen's code before it is shown; a failure shows when the screen is (ScreenBoundary). */
export function prefetchScreen(view: View): void {
  SCREENS[view].prefetch()
}

/** Fetches every screen's code, so moving to any of them later does not wait for it. */
export function prefetchScreens(): void {
  for (const view of Object.keys(SCREENS) as View[]) prefetchScreen(view)
}
