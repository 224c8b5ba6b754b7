import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Caller } from '../../../shared/api/people'
import type { Route } from '../../../shared/contract'
import { mayCall } from '../../../shared/roles'
import { api } from '../api'

const CallerContext = createContext<Caller | null>(null)

/** Asks the host once who this page is signed in as (people.me). */
export function CallerProvider({ children }: { children: ReactNode }) {
  const [caller, setCaller] = useState<Caller | null>(null)
  useEffect(() => {
    let live = true
    // a failure leaves it unknown: app.info fails alike, and its banner says why
    api.request('people.me', {}).then(
      (me) => live && setCaller(me),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [])
  return <CallerContext.Provider value={caller}>{children}</CallerContext.Provider>
}

/** Who the page is signed in as; null until the host has said. */
export function useCaller(): Caller | null {
  return useContext(CallerContext)
}

/** Whether this page's caller may call the route, for hiding what their role may not do; the host checks every request anyway. */
export function useMayCall(route: Route): boolean {
  const caller = useCaller()
  return !caller || mayCall(route, caller)
}
