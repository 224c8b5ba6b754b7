import { createContext, useContext, type ReactNode } from 'react'
import { api } from '../api'
import { scopeFor, type ProjectScope } from './projectScope'

/** The scope of the project with this id, over the page's API client. */
export function openScope(project: string): ProjectScope {
  return scopeFor(project, api)
}

const ScopeContext = createContext<ProjectScope | null>(null)

export function ProjectScopeProvider({ scope, children }: { scope: ProjectScope; children: ReactNode }) {
  return <ScopeContext.Provider value={scope}>{children}</ScopeContext.Provider>
}

/** The open project's scope; only screens shown with a project open may ask. */
export function useProjectScope(): ProjectScope {
  const scope = useContext(ScopeContext)
  if (!scope) throw new Error('useProjectScope: no project is open (the screen must be inside ProjectScopeProvider)')
  return scope
}
