import { Component, type ReactNode } from 'react'

type Props = { children: ReactNode }

/**
 * A screen that cannot be shown (its code failed to load, e.g. the host was rebuilt under an open
 * page, or it threw while rendering) says so, and the header stays usable to go elsewhere.
 */
export class ScreenBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  render() {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div role="alert" className="banner error">
        Cannot show this screen: {error.message}. Reloading the page may help.
      </div>
    )
  }
}
