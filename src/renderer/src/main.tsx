import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { CallerProvider } from './lib/caller'
import { parseHash } from './lib/screen'
import { prefetchScreen } from './shell/screens'
import './styles.css'

// The screen in the address is almost always the first one shown: its code loads beside app.info.
prefetchScreen(parseHash(window.location.hash).view)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <CallerProvider>
      <App />
    </CallerProvider>
  </StrictMode>
)
