import { useEffect, useState } from 'react'
import type { Caller } from '../../../shared/api/people'
import { api } from '../api'

/** Who this page is signed in as (people.me); null until known. */
export function useCaller(): Caller | null {
  const [caller, setCaller] = useState<Caller | null>(null)
  useEffect(() => {
    let live = true
    api.request('people.me', {}).then(
      (me) => live && setCaller(me),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [])
  return caller
}
